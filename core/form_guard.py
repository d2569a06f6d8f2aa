"""Spam defences for public forms that call no outside service: a signed "shown at" time and a
per-address rate limit. Used by the comment form and the subscribe form alike.

A bot fills a form the moment it loads it, or keeps one for days and replays it; a signed
timestamp in a hidden field catches both. The rate limit counts accepted submissions per
client address in the cache, for a window that starts with the first one.
"""

import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

TOO_FAST = "too_fast"
EXPIRED = "expired"
MISSING = "missing"


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
    """Why a form's timestamp is unacceptable: ``MISSING``, ``TOO_FAST``, ``EXPIRED``, or None."""
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
    if elapsed > max_age:
        return EXPIRED
    return None


def client_ip(request: HttpRequest, header: str | None = None) -> str | None:
    """The client's address: from ``header`` (a proxy's, e.g. ``HTTP_X_REAL_IP``) when set."""
    value = request.META.get(header) if header else None
    if value:
        # X-Forwarded-For style headers list the client first.
        value = value.split(",")[0].strip()
    return value or request.META.get("REMOTE_ADDR") or None


class RateLimit:
    """At most ``limit`` submissions per client address in ``window`` seconds, per ``name``."""

    def __init__(self, name: str, limit: int, window: int) -> None:
        self.name, self.limit, self.window = name, limit, window

    def key(self, ip: str) -> str:
        return f"{self.name}:rate:{ip}"

    def exceeded(self, ip: str | None) -> bool:
        """True when ``ip`` has already sent as many as the window allows."""
        if not ip:
            return False
        return (cache.get(self.key(ip)) or 0) >= self.limit

    def record(self, ip: str | None) -> None:
        """Count one accepted submission against ``ip``."""
        if not ip:
            return
        key = self.key(ip)
        # add() starts the window only once; incr() keeps its expiry.
        cache.add(key, 0, timeout=self.window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=self.window)
