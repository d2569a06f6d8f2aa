"""Spam defences that call no outside service: timing, rate, links and duplicates.

The honeypot is a form field (see ``forms.CommentForm``); everything else lives here.
"""

import datetime
import re

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from core import form_guard

from .conf import get_setting
from .models import Comment

TIMESTAMP_SALT = "comments.form-timestamp"

# Counts what a reader or a bot would mean as a link, with or without a scheme.
LINK_RE = re.compile(r"https?://|(?<![\w.@/])www\.[^\s.]", re.IGNORECASE)


def sign_timestamp(post_id: int, shown_at: float | None = None) -> str:
    """A tamper-proof token of when the form for ``post_id`` was shown (``shown_at``, default now)."""
    return form_guard.sign_timestamp(post_id, TIMESTAMP_SALT, key="post", shown_at=shown_at)


def timestamp_problem(token: str, post_id: int) -> str | None:
    """Why the form's timestamp is unacceptable: "missing", "too_fast", "expired", or None."""
    return form_guard.timestamp_problem(
        token,
        post_id,
        salt=TIMESTAMP_SALT,
        min_seconds=get_setting("MIN_SECONDS"),
        max_age=get_setting("FORM_MAX_AGE"),
        key="post",
    )


def count_links(text: str) -> int:
    return len(LINK_RE.findall(text))


def client_ip(request: HttpRequest) -> str | None:
    return form_guard.client_ip(request, get_setting("IP_HEADER"))


def is_duplicate(post_id: int, body: str, email: str, ip: str | None) -> bool:
    """True when the same person (same email or same address) already sent this text here."""
    same_person = Q(author_email__iexact=email) if email else Q(pk__in=[])
    if ip:
        same_person |= Q(ip_address=ip)
    return Comment.objects.filter(same_person, post_id=post_id, body=body).exists()


def is_rate_limited(ip: str | None) -> bool:
    """True when ``ip`` has already sent as many comments as the window allows.

    Counted from the comments themselves (every accepted comment is saved with its address
    and time, whatever its status), so the limit holds across app-server workers, machines
    and restarts with no shared cache; a per-process cache would count per worker.
    """
    if not ip:
        return False
    limit, window = get_setting("RATE_LIMIT")
    since = timezone.now() - datetime.timedelta(seconds=window)
    recent = Comment.objects.filter(ip_address=ip, created_at__gte=since)
    return recent[:limit].count() >= limit
