"""sitemap.xml and robots.txt for the whole bilingual site."""

from collections import defaultdict
from datetime import tzinfo
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, localtime
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from core.cache.values import (
    GenerationCountPaginator,
    cached_for_generation,
    public_pages,
)

# Paths that crawlers gain nothing from: the admin, and search results (endless and thin).
DISALLOWED = ["/admin/", "/django-admin/", "/search/", "/ja/search/"]


# What ``Page.get_sitemap_urls`` reads (the address from ``url_path``, the lastmod) and what the
# alternates are matched by: each row built from these alone, without its locale joined.
SITEMAP_FIELDS = ["url_path", "translation_key", "last_published_at", "latest_revision_created_at"]


class BilingualSitemap(Sitemap):
    """Every live, public page of every language of the site, each with hreflang alternates.

    Wagtail's own sitemap lists the pages under the site's root page, which is the English
    home; the Japanese home is a translation of it in a tree of its own, so it and its
    pages are added here, and each page names its translations as ``xhtml:link``
    alternates (itself included, as search engines ask), plus ``x-default`` for the
    version in the default language.

    Built on public hooks only: ``items()`` for Django's paginator, Wagtail's
    ``Page.get_sitemap_urls(request)`` for each address and its lastmod, and ``get_urls()``
    adding the alternates to what it returns. The items are plain ``Page`` rows with only
    the fields an address needs (a fraction of each specific row to build), so a page type
    overriding ``get_sitemap_urls`` would not be asked; none does (tests/core/test_seo.py).

    Search engines take at most 50,000 addresses per file; pages of ``limit`` keep each file
    small enough to render quickly however large the blog grows, and ``/sitemap.xml`` is
    the index of those pages.
    """

    limit = 1000

    @cached_property
    def site_key(self) -> str:
        """Names this site's sitemap in the per-generation store (cheaper than its SQL)."""
        return f"sitemap:{self.get_wagtail_site().pk}"

    def items(self) -> QuerySet:
        return self.all_items

    @cached_property
    def all_items(self) -> QuerySet:
        def root_paths() -> list[str]:
            root = self.get_wagtail_site().root_page
            return [page.path for page in [root, *root.get_translations()]]

        paths = cached_for_generation(f"{self.site_key}:roots", root_paths)
        under_a_root = reduce(or_, (Q(path__startswith=path) for path in paths))
        # By translation, each language's version beside the others: a page's alternates are
        # then on the same sitemap page (their addresses already made), except at its edges.
        # Wagtail's (translation_key, locale) unique index gives that order without a sort.
        return (
            public_pages(Page.objects.live())
            .filter(under_a_root)
            .only(*SITEMAP_FIELDS)
            .order_by("translation_key", "locale_id")
        )

    @cached_property
    def paginator(self) -> GenerationCountPaginator:
        # The count of every page of the site, made once per generation like listings'.
        return GenerationCountPaginator(self.items(), self.limit, count_key=self.site_key)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self.add_alternates(urls, self.paginator.page(page).object_list)
        zone = get_current_timezone()
        for info in urls:
            info["xml"] = url_element(info, zone)
        return urls

    def add_alternates(self, urls: list[dict], pages: QuerySet) -> None:
        """Give each address of ``pages`` its language versions, in two narrow queries.

        ``urls`` holds one address per page of ``pages``, in the same order (what
        ``get_sitemap_urls`` returns for a page). Only the versions on another sitemap page
        (a translation group cut by the page's edge: rare, see ``all_items``) are built as
        pages to ask their address; the others' are in ``urls`` already.
        """
        rows = list(pages.values_list("pk", "translation_key"))
        if len(rows) != len(urls):  # a page type gave more or fewer addresses: no alternates
            return
        location_of = {pk: info["location"] for (pk, _key), info in zip(rows, urls, strict=True)}
        versions: dict = defaultdict(list)
        others: dict = {}
        for pk, key, code in (
            self.items()
            .filter(translation_key__in={key for _pk, key in rows})
            .order_by()
            .values_list("pk", "translation_key", "locale__language_code")
        ):
            if pk in location_of:
                versions[key].append((code, location_of[pk]))
            else:
                others[pk] = code
        if others:
            for version in self.items().filter(pk__in=others).order_by():
                versions[version.translation_key].append(
                    (others[version.pk], version.get_full_url(self.request))
                )
        for (_pk, key), info in zip(rows, urls, strict=True):
            translations = sorted((code, location) for code, location in versions[key] if location)
            if len(translations) < 2 or not info["location"]:
                continue
            info["alternates"] = [
                {"lang_code": code, "location": location} for code, location in translations
            ]
            default = dict(translations).get(settings.LANGUAGE_CODE)
            if default:
                info["alternates"].append({"lang_code": "x-default", "location": default})

    def get_latest_lastmod(self):
        # Django's default reads every item's lastmod in Python; one aggregate, once per
        # generation, does the same.
        def newest():
            return self.items().aggregate(
                newest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
            )["newest"]

        return cached_for_generation(f"{self.site_key}:lastmod", newest)


def url_element(info: dict, zone: tzinfo) -> SafeString:
    """One ``<url>`` of the sitemap, as Django's sitemap template writes it.

    Made here rather than by the template: a page of 1,000 addresses and their alternates
    would cost the template a dozen variable lookups and a date filter per address.
    """
    parts = [f"<url><loc>{escape(info['location'])}</loc>"]
    if info.get("lastmod"):
        parts.append(f"<lastmod>{info['lastmod'].astimezone(zone).date().isoformat()}</lastmod>")
    for alternate in info.get("alternates", ()):
        parts.append(
            f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
            f'href="{escape(alternate["location"])}"/>'
        )
    parts.append("</url>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


SITEMAPS = {"pages": BilingualSitemap}


@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the index of the sitemap's pages, with the newest change of each.

    What Django's index view makes, written out directly: its template costs a few
    microseconds per entry, and a blog of 100,000 posts has over a hundred sitemap pages.
    """
    sitemap = BilingualSitemap(request)
    location = request.build_absolute_uri(reverse("sitemap_section", args=["pages"]))
    lastmod = sitemap.get_latest_lastmod()
    stamp = f"<lastmod>{localtime(lastmod).isoformat()}</lastmod>" if lastmod else ""
    pages = range(1, sitemap.paginator.num_pages + 1)
    entries = [
        f"<sitemap><loc>{escape(location if page == 1 else f'{location}?p={page}')}</loc>"
        f"{stamp}</sitemap>\n"
        for page in pages
    ]
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}</sitemapindex>\n",
        content_type="application/xml",
    )
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """``/sitemap-pages.xml?p=N``: one page of the site's pages in both languages."""
    return wagtail_sitemap(request, SITEMAPS, section=section, template_name="sitemaps/pages.xml")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: keep crawlers out of the admin and search, and point them at the sitemap."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
