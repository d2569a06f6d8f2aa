"""Spam defences for public forms that call no outside service: a signed "shown at" time and a
per-address rate limit. The timestamp serves the comment form and the subscribe form; the rate
limit serves the subscribe form and the search statistics (comments count their own rows,
comments/spam.py).

A bot fills a form the moment it loads it, or keeps one for days and replays it; a signed
timestamp in a hidden field catches both. Pages holding the forms are cached whole, so the
timestamps are re-signed on every response (``keep_fresh``, ``restamp``), and a form is never
expired sooner than a cached page may be served (``longest_cached_age``). The rate limit counts hits per client address in a
sliding window, in the database (``core.models.RateLimitHit``): every worker, machine and
restart sees the same count. The cache is not used even where Redis is configured: the local
memory cache is one per worker and emptied by every restart; Redis shares its memory with the
page cache (a crawler of made-up URLs could evict the counters) and turns its errors into
misses (a Redis that is down would lift every limit); and what is limited already writes to
the database (a subscriber, a search statistic), so one more small row costs little.
"""

import datetime
import re
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

from core.models import ADDRESS_LENGTH, RateLimitHit

TOO_FAST = "too_fast"
EXPIRED = "expired"
MISSING = "missing"


# The hidden inputs that hold a signed "shown at" time, by input name: (salt, key). Each app
# registers its forms (keep_fresh, from its AppConfig.ready()); core.middleware re-signs them.
FRESH_TIMESTAMPS: dict[str, tuple[str, str]] = {}
TIMESTAMP_INPUT = re.compile(rb'(<input type="hidden" name="([\w-]+)" value=")([^"]*)(")')


def sign_timestamp(
    scope: int | str, salt: str, key: str = "scope", shown_at: float | None = None
) -> str:
    """A tamper-proof token of when a form for ``scope`` (a post, a place) was shown
    (``shown_at``, default now: tests sign an earlier time to send a form as a person would)."""
    at = time.time() if shown_at is None else shown_at
    return signing.dumps({key: scope, "at": int(at)}, salt=salt)


def timestamp_problem(
    token: str,
    scope: int | str,
    *,
    salt: str,
    min_seconds: float,
    max_age: float,
    key: str = "scope",
) -> str | None:
    """Why a form's timestamp is unacceptable: ``MISSING``, ``TOO_FAST``, ``EXPIRED``, or None.

    A form is never expired sooner than a cached copy of its page may be served
    (``longest_cached_age``): a reader who sends the form at once must not be refused.
    """
    try:
        data = signing.loads(token or "", salt=salt)
        shown_at = int(data["at"])
        if str(data[key]) != str(scope):
            return MISSING
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return MISSING
    elapsed = time.time() - shown_at
    if elapsed < min_seconds:
        return TOO_FAST
    if elapsed > max(max_age, longest_cached_age()):
        return EXPIRED
    return None


def longest_cached_age() -> int:
    """Seconds a page may be served after it was made: the whole-page cache keeps an entry
    ``PAGE_CACHE_TIMEOUT`` seconds (and answers a browser's revalidation with 304 while it
    does), and a front cache may take it at the end of that and keep it
    ``PAGE_CACHE_SHARED_MAX_AGE`` seconds more (its ``s-maxage``)."""
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 600)) + int(
        getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 600)
    )


def keep_fresh(input_name: str, salt: str, key: str = "scope") -> None:
    """Have ``core.middleware.FreshFormTimestampMiddleware`` re-sign the timestamp in the
    hidden input ``input_name`` (signed with ``salt``, its scope under ``key``) on every
    response, so that a page served from the whole-page cache shows a form shown now."""
    FRESH_TIMESTAMPS[input_name] = (salt, key)


def restamp(content: bytes) -> bytes:
    """``content`` with every registered timestamp input re-signed for now, same scope.

    A token that does not verify (forged, or not ours) is left as it is, to be refused.
    """

    def fresh(match: re.Match) -> bytes:
        registered = FRESH_TIMESTAMPS.get(match.group(2).decode())
        if registered is None:
            return match.group(0)
        salt, key = registered
        try:
            scope = signing.loads(match.group(3).decode(), salt=salt)[key]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return match.group(0)
        return match.group(1) + sign_timestamp(scope, salt, key).encode() + match.group(4)

    return TIMESTAMP_INPUT.sub(fresh, content)


def client_ip(request: HttpRequest, header: str | None = None) -> str | None:
    """The client's address: from ``header`` (a proxy's, e.g. ``HTTP_X_REAL_IP``) when set."""
    value = request.META.get(header) if header else None
    if value:
        # X-Forwarded-For style headers list the client first.
        value = value.split(",")[0].strip()
    return value or request.META.get("REMOTE_ADDR") or None


class RateLimit:
    """At most ``limit`` hits per client address in the last ``window`` seconds, per ``name``.

    Checking and recording are two statements, not one: two requests from one address at the
    same instant may both pass, which lets a limit of 5 become 6 under a race, never 5 per
    worker. A request with no address is never limited (nothing to count it against).
    """

    def __init__(self, name: str, limit: int, window: int) -> None:
        self.name, self.limit, self.window = name, limit, window

    def since(self) -> datetime.datetime:
        return timezone.now() - datetime.timedelta(seconds=self.window)

    def hits(self, ip: str):
        return RateLimitHit.objects.filter(
            name=self.name, address=ip[:ADDRESS_LENGTH], at__gte=self.since()
        )

    def exceeded(self, ip: str | None) -> bool:
        """True when ``ip`` has already had as many hits as the window allows."""
        if not ip:
            return False
        return self.hits(ip)[: self.limit].count() >= self.limit

    def record(self, ip: str | None) -> None:
        """Count one hit against ``ip``, and forget this limit's hits that left the window."""
        if not ip:
            return
        RateLimitHit.objects.filter(name=self.name, at__lt=self.since()).delete()
        RateLimitHit.objects.create(name=self.name, address=ip[:ADDRESS_LENGTH], at=timezone.now())

    def allow(self, ip: str | None) -> bool:
        """Count one hit against ``ip`` if the window still allows it; False if it does not."""
        if self.exceeded(ip):
            return False
        self.record(ip)
        return True
