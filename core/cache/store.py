"""Where cached pages and the generation live: Redis when configured, local memory otherwise."""

import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

from core.cache.frontend import ban_front_caches

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# The generation read when the current request began (see ``generation_for_request``).
_request_generation: ContextVar[str | None] = ContextVar("request_generation", default=None)


def page_cache() -> BaseCache:
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _generation_file() -> Path:
    configured = getattr(settings, "PAGE_CACHE_GENERATION_FILE", None)
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / "blog-page-cache-generation"


def _is_process_local(cache: BaseCache) -> bool:
    # Each gunicorn worker has its own local-memory cache, so a generation kept there would
    # be bumped in one worker only. A small file shared by the workers of one machine keeps
    # them in step; several machines need a shared cache (Redis), where the generation lives.
    return isinstance(cache, LocMemCache)


def _new_generation() -> str:
    return f"{time.time_ns():x}"


def current_generation() -> str:
    """The generation entries must carry to be served; created when none exists yet."""
    remembered = _request_generation.get()
    if remembered is not None:
        return remembered
    return _read_generation()


@contextmanager
def generation_for_request() -> Iterator[None]:
    """Read the generation once for a whole request instead of at every fragment and memo.

    A page asks for it a dozen times (a file read, or a Redis round trip, each). A request
    that began before a change and goes on after it only ever stores values under the older
    generation, which are then never served: the safe direction. A change made by this
    request itself moves its snapshot on (``bump_generation``).
    """
    try:
        generation = _read_generation()
    except Exception:  # a cache that is down makes pages slower, never broken
        logger.exception("The page cache generation could not be read")
        yield
        return
    token = _request_generation.set(generation)
    try:
        yield
    finally:
        _request_generation.reset(token)


def _read_generation() -> str:
    cache = page_cache()
    if _is_process_local(cache):
        path = _generation_file()
        try:
            return path.read_text().strip() or _write_generation_file(path)
        except FileNotFoundError:
            return _write_generation_file(path)
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        # add() so that two workers starting together agree on one value.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def _write_generation_file(path: Path) -> str:
    generation = _new_generation()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique per thread too: two threads of one server (runserver, gunicorn --threads)
    # bumping at once would otherwise rename one file twice (FileNotFoundError, a 500 on save:
    # tests/production/test_concurrent_editing.py).
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(generation)
    os.replace(temporary, path)
    return generation


def bump_generation() -> str:
    """Make every cached page stale now."""
    cache = page_cache()
    if _is_process_local(cache):
        generation = _write_generation_file(_generation_file())
    else:
        generation = _new_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
    if _request_generation.get() is not None:
        _request_generation.set(generation)
    return generation


def invalidate(reason: str = "") -> None:
    """Bump the generation now and again when the current transaction commits.

    The first bump stops serving what this change replaces; the second drops any page
    that another request rendered from the data as it was before the commit.
    """
    bump_generation()
    transaction.on_commit(lambda: _after_commit(reason))


def _after_commit(reason: str) -> None:
    bump_generation()
    ban_front_caches(reason)


def generation_timestamp(generation: str) -> float:
    """When ``generation`` was made, in seconds since the epoch (for ``Last-Modified``)."""
    try:
        return int(generation, 16) / 1e9
    except ValueError:
        return time.time()
