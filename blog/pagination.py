"""One way to paginate every listing, so that a bad ?page= is a 404 and never a 500."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Site

from blog.models.settings import settings_for_site
from core.cache.values import GenerationCountPaginator


def paginate(
    request: HttpRequest,
    items: QuerySet | list,
    per_page: int | None = None,
    count_key: str | None = None,
    keep_count_from: int = 0,
    count: int | None = None,
) -> Page:
    """Return the page of ``items`` named by ``?page=``.

    ``per_page`` defaults to the site's "posts per page" setting (Settings → Blog settings).

    ``count_key`` names the count of the items (otherwise a queryset's SQL names it), so
    that it is made once per generation: for search results, which are no queryset, and
    for listings, whose name is cheaper to make than their SQL. ``count``, when the caller
    has counted the items already, spares the count altogether.

    Raises:
        Http404: the page number is not a whole number or lies past the last page.
    """
    # Counting every post of a large blog is the slowest part of a listing: once per generation.
    if per_page is None:
        site = Site.find_for_request(request)
        per_page = settings_for_site(site.pk if site else None).posts_per_page
    paginator = GenerationCountPaginator(
        items, per_page, count_key=count_key, keep_count_from=keep_count_from
    )
    if count is not None:
        paginator.count = count
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise Http404(_("That page number is not a whole number.")) from error
    except EmptyPage as error:
        raise Http404(
            _("There is no page %(number)s of this list.") % {"number": number}
        ) from error
