"""The site search: the reader's language by default, every language on request.

The query is cleaned (search/text.py) before it reaches the backend, so that SQL, FTS5 or
tsquery syntax, control characters and very long input all give an ordinary results page.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from blog.models import BlogPostPage
from blog.pagination import paginate
from core import form_guard
from core.cache.values import KEPT_COUNT_FROM, public_pages
from core.text import build_query, clean_query, query_terms
from search.backends import is_sqlite_fts
from search.scripts import crosses_languages
from search.snippets import highlight

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
ALL_LANGUAGES = "all"
# Searches one address may add to the editors' "Popular search terms" per window (seconds).
STATS_RATE_LIMIT = (20, 60 * 60)


def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("query", "")
    chosen_all = request.GET.get("languages") == ALL_LANGUAGES
    query_string = clean_query(raw, MAX_QUERY_LENGTH)
    query = build_query(query_string)
    # A query in a script this language's posts rarely use (Japanese on the English site)
    # can only mean the other language's posts: every language is searched, and the page says so.
    crossed = not chosen_all and crosses_languages(query_string, get_language())
    all_languages = chosen_all or crossed
    context = {
        "search_query": query_string,
        "raw_query": " ".join(raw.split())[:MAX_QUERY_LENGTH],
        "all_languages": chosen_all,
        "crossed_languages": crossed,
        "shortened": len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
        "nothing_searchable": bool(raw.strip()) and query is None,
        "page_title": _("Search"),
        "robots": "noindex, follow",
        "search_results": None,
        "results": [],
        "promotions": [],
    }
    if query is not None:
        pages = public_pages(Page.objects.live())
        if not all_languages:
            pages = pages.filter(locale=Locale.get_active())
        language = ALL_LANGUAGES if all_languages else get_language()
        results_page = paginate(
            request,
            search_pages(pages, query),
            # Counting every match of a common word is most of the work: once per generation.
            count_key=f"search:{language}:{query_string}",
            # Any reader can make up a query: small counts are not kept (core/cache/values.py).
            keep_count_from=KEPT_COUNT_FROM,
        )
        context["search_results"] = results_page
        context["results"] = describe(results_page.object_list, query_terms(query_string))
        if results_page.number == 1:
            context["promotions"] = promotions(query_string)
            if results_page.paginator.count or context["promotions"]:
                # Counted after the request's transaction, on its own: a statistic must
                # never hold the request's transaction open for a write, nor fail a search.
                address = form_guard.client_ip(
                    request, getattr(settings, "BLOG_COMMENTS_IP_HEADER", None)
                )
                transaction.on_commit(lambda: record_search(query_string, address))
    return render(request, "search/search.html", context)


def stats_rate_limit() -> form_guard.RateLimit:
    limit, window = getattr(settings, "SEARCH_STATS_RATE_LIMIT", STATS_RATE_LIMIT)
    return form_guard.RateLimit("search-statistics", limit, window)


def ranks_cheaply() -> bool:
    """Whether the search backend can order results by relevance at any size.

    Wagtail's SQLite backend scores each hit with a correlated subquery that runs the
    full-text match again, so ranking a word found in all of 100,000 posts takes minutes.
    PostgreSQL and OpenSearch rank in one pass.
    """
    return not is_sqlite_fts(get_search_backend())


def search_pages(pages, query):
    """Best matches first where the backend ranks cheaply, else newest first (as WordPress).

    Newest first is what search/backends/sqlite.py makes fast on SQLite at any size.
    """
    if ranks_cheaply():
        return pages.search(query)
    return pages.order_by("-first_published_at").search(query, order_by_relevance=False)


def describe(hits: list[Page], terms: list[str]) -> list[dict]:
    """The page of results as the template shows them, fetched in a fixed number of queries."""
    hits = list(hits)
    post_ids = [hit.pk for hit in hits if hit.specific_class is BlogPostPage]
    posts = BlogPostPage.objects.for_listing().in_bulk(post_ids)
    others = Page.objects.filter(pk__in=[hit.pk for hit in hits if hit.pk not in posts])
    pages = {**{page.pk: page for page in others.select_related("locale").specific()}, **posts}
    rows = []
    for hit in hits:
        page = pages.get(hit.pk)
        if page is None:
            continue
        if isinstance(page, BlogPostPage):
            text = " ".join([page.excerpt, page.body_text]) if page.excerpt else page.body_text
        else:
            text = " ".join(
                str(getattr(page, field, "") or "")
                for field in ("search_description", "introduction", "description", "tagline")
            )
            text = strip_tags(text)
        rows.append(
            {
                "page": page,
                "language": page.locale.language_code,
                "snippet": highlight(text, terms),
                "title": highlight(page.title, terms, length=len(page.title) + 1),
                "date": getattr(page, "date", None),
            }
        )
    return rows


def record_search(query_string: str, address: str | None) -> None:
    """Count a search for Wagtail's "Popular search terms" report (best effort).

    Only searches that found something reach here (made-up words would fill the report; an
    editor's promoted result counts as found), and at most ``SEARCH_STATS_RATE_LIMIT`` per
    address and window are counted, so that a crawler or a scanner cannot choose the
    editors' "popular" terms. The limit is counted in the database (core.form_guard), the
    same for every worker and across restarts.
    """
    try:
        with transaction.atomic():
            if stats_rate_limit().allow(address):
                Query.get(query_string).add_hit()
    except DatabaseError:
        logger.warning("A search could not be counted", exc_info=True)


def promotions(query_string: str) -> list[dict]:
    """The editor's promoted results for this query, in the reader's language where one exists."""
    promoted = Query.objects.filter(query_string=normalise_query_string(query_string)).first()
    if promoted is None:
        return []
    items = []
    for pick in promoted.editors_picks.select_related("page").order_by("sort_order"):
        if pick.page_id:
            page = pick.page.localized
            if not page.live:
                continue
            items.append({"title": page.title, "url": page.url, "description": pick.description})
        elif pick.external_link_url:
            items.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return items
