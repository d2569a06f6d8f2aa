"""Values read from many rows (a listing's length, the month archive), kept for one generation.

Counting 100,000 posts or grouping them by month takes a noticeable part of a second; the
answer only changes when content changes, which bumps the generation. Each value is stored
with the generation current *before* it was computed, so a value read while a change was
being committed is never served after that change.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import get_language

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from core.cache.memo import site_memo
from core.cache.store import current_generation, page_cache

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TIMEOUT = 24 * 60 * 60
# A count of matches under this is quicker to make again than the cache entry is worth, and
# keeping every count would let a flood of made-up searches push out the rest of the cache.
KEPT_COUNT_FROM = 100


def cached_for_generation(
    key: str,
    compute: Callable[[], T],
    timeout: int = DEFAULT_TIMEOUT,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``compute()``, or its value from earlier in the same generation.

    Django's ``cache.get_or_set`` with the generation as part of the key: a value made under
    an older generation is never asked for again, and expires with its timeout. ``keep``
    decides whether a value is worth keeping (values under keys that readers make up, such as
    a search's count, are kept only when costly to make again).
    """
    cache_key = f"pagecache:value:{current_generation()}:{key}"
    if keep is not None:
        return _kept_if_worth_it(cache_key, compute, timeout, keep)
    state: dict = {}

    def build() -> T:
        state["started"] = True
        state["value"] = compute()
        return state["value"]

    try:
        return page_cache().get_or_set(cache_key, build, timeout)
    except Exception:  # a cache that is down makes pages slower, never broken
        if "value" in state:
            logger.exception("A cached value could not be written")
            return state["value"]
        if "started" in state:
            raise  # compute() itself failed
        logger.exception("A cached value could not be read")
    return compute()


def _kept_if_worth_it(
    cache_key: str, compute: Callable[[], T], timeout: int, keep: Callable[[T], bool]
) -> T:
    missing = object()
    try:
        value = page_cache().get(cache_key, missing)
    except Exception:  # a cache that is down makes pages slower, never broken
        logger.exception("A cached value could not be read")
        value = missing
    if value is not missing:
        return value
    value = compute()
    if keep(value):
        try:
            page_cache().set(cache_key, value, timeout)
        except Exception:
            logger.exception("A cached value could not be written")
    return value


def reader_key(request, *parts) -> str:
    """A key for something every reader of this language on this host sees alike."""
    origin = request.build_absolute_uri("/") if request is not None else ""
    text = "\n".join([get_language() or "", origin, *(str(part) for part in parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def queryset_key(queryset: QuerySet) -> str:
    """A key naming the rows ``queryset`` selects (its SQL and parameters)."""
    sql, params = queryset.query.sql_with_params()
    text = f"{queryset.db}\n{sql}\n{params!r}"
    return hashlib.sha256(text.encode()).hexdigest()


class GenerationCountPaginator(Paginator):
    """A paginator whose count is made once per generation: of a queryset, or of anything
    else (search results) named by ``count_key``."""

    def __init__(
        self, *args, count_key: str | None = None, keep_count_from: int = 0, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        # Counts under readers' own keys (searches) are kept only from this size up.
        self.keep_count_from = keep_count_from

    @cached_property
    def count(self) -> int:
        if self.count_key is not None:
            key = hashlib.sha256(self.count_key.encode()).hexdigest()
        elif isinstance(self.object_list, QuerySet):
            key = queryset_key(self.object_list)
        else:
            return Paginator.count.func(self)
        return cached_for_generation(
            f"count:{key}",
            lambda: Paginator.count.func(self),
            keep=lambda value: value >= self.keep_count_from,
        )


def public_pages(pages: PageQuerySet) -> PageQuerySet:
    """``pages.public()``, without its query when no page has a view restriction.

    Wagtail's ``public()`` reads every restriction joined to its page before filtering; on
    SQLite, with the restrictions table empty, that join scans every page of the site.
    Restrictions are content, so whether any exist is known per generation.
    """
    return pages.public() if any_view_restriction() else pages


def any_view_restriction() -> bool:
    """Whether any page of any site has a view restriction (privacy) set, per generation.

    A post page asks four times (serving, neighbours, related posts): the memo answers all
    but the first, so even a cold render reads it once.
    """
    return site_memo.get(
        ANY_VIEW_RESTRICTION, lambda: cached_for_generation(ANY_VIEW_RESTRICTION, has_any)
    )


ANY_VIEW_RESTRICTION = "pages:any-view-restriction"


def has_any() -> bool:
    return PageViewRestriction.objects.exists()


def any_view_restriction_expression() -> models.Exists:
    """``any_view_restriction()`` as an expression, to read it within another query."""
    return models.Exists(PageViewRestriction.objects.all())


def view_restriction_known(value: bool) -> None:
    """Keep what a query that read ``any_view_restriction_expression()`` found."""
    site_memo.get(ANY_VIEW_RESTRICTION, lambda: value)
