"""Spam defences that call no outside service: timing, rate, links and duplicates.

The honeypot is a form field (see ``forms.CommentForm``); everything else lives here.
"""

import re
import time

from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest

from .conf import get_setting
from .models import Comment

TIMESTAMP_SALT = "comments.form-timestamp"

# Counts what a reader or a bot would mean as a link, with or without a scheme.
LINK_RE = re.compile(r"https?://|(?<![\w.@/])www\.[^\s.]", re.IGNORECASE)


def sign_timestamp(post_id: int) -> str:
    """A tamper-proof token of when the form for ``post_id`` was shown."""
    return signing.dumps({"post": post_id, "at": int(time.time())}, salt=TIMESTAMP_SALT)


def timestamp_problem(token: str, post_id: int) -> str | None:
    """Why the form's timestamp is unacceptable: "missing", "too_fast", "expired", or None."""
    try:
        data = signing.loads(token or "", salt=TIMESTAMP_SALT)
        shown_at = int(data["at"])
        if int(data["post"]) != post_id:
            return "missing"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "missing"
    elapsed = time.time() - shown_at
    if elapsed < get_setting("MIN_SECONDS"):
        return "too_fast"
    if elapsed > get_setting("FORM_MAX_AGE"):
        return "expired"
    return None


def count_links(text: str) -> int:
    return len(LINK_RE.findall(text))


def client_ip(request: HttpRequest) -> str | None:
    header = get_setting("IP_HEADER")
    value = request.META.get(header) if header else None
    if value:
        # X-Forwarded-For style headers list the client first.
        value = value.split(",")[0].strip()
    return value or request.META.get("REMOTE_ADDR") or None


def is_duplicate(post_id: int, body: str, email: str, ip: str | None) -> bool:
    """True when the same person (same email or same address) already sent this text here."""
    same_person = Q(author_email__iexact=email) if email else Q(pk__in=[])
    if ip:
        same_person |= Q(ip_address=ip)
    return Comment.objects.filter(same_person, post_id=post_id, body=body).exists()


def _rate_key(ip: str) -> str:
    return f"blog-comments:rate:{ip}"


def is_rate_limited(ip: str | None) -> bool:
    """True when ``ip`` has already sent as many comments as the window allows."""
    if not ip:
        return False
    limit, _window = get_setting("RATE_LIMIT")
    return (cache.get(_rate_key(ip)) or 0) >= limit


def record_submission(ip: str | None) -> None:
    """Count one accepted comment against ``ip`` for the rate limit's window."""
    if not ip:
        return
    _limit, window = get_setting("RATE_LIMIT")
    key = _rate_key(ip)
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
