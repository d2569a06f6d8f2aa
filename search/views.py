"""The site search: posts and pages of the reader's language."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from blog.pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    query = " ".join(request.GET.get("query", "").split())[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = list(pages.search(query, operator="and"))
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": paginate(request, results),
            "page_title": _("Search"),
        },
    )
