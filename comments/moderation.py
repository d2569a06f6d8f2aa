"""When comments are open, what status a new comment gets, who is told, and erasure."""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from blog.models.settings import BlogSettings, settings_for_site
from core.cache import invalidate

from .conf import get_setting
from .mail import send_moderator_mail
from .models import Comment

logger = logging.getLogger(__name__)


def discussion_settings(post, request=None, site_id: int | None = None) -> BlogSettings:
    """The reading and discussion settings of the site ``post`` belongs to (Settings → Blog settings).

    With the ``request``, the sites' root paths are read once per page, not once per post of a
    listing. A listing that knows the post's site passes its ``site_id``.
    """
    if site_id is None:
        parts = post.get_url_parts(request)
        site_id = parts[0] if parts else None
    return settings_for_site(site_id)


def closes_at(post, request=None, site_id: int | None = None) -> datetime.datetime | None:
    """When comments on ``post`` close by age (None: never)."""
    days = discussion_settings(post, request, site_id).comments_close_after_days
    # Posts have a date; other pages that take comments count from their first publication.
    start = getattr(post, "date", None) or post.first_published_at
    if days is None or start is None:
        return None
    return start + datetime.timedelta(days=days)


def comments_open(post, request=None, site_id: int | None = None) -> bool:
    """True when readers may comment on ``post``: open on the post and not closed by age."""
    if not getattr(post, "comments_enabled", False):
        return False
    deadline = closes_at(post, request, site_id)
    return deadline is None or timezone.now() < deadline


def depth_of(comment: Comment, limit: int = 50) -> int:
    """1 for a top-level comment, 2 for a reply to it, and so on, counting at most ``limit``."""
    depth = 1
    parent_id = comment.parent_id
    # The limit also stops a loop of parents (possible in imported data) from running forever.
    while parent_id is not None and depth < limit:
        depth += 1
        parent_id = Comment.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return depth


def can_reply_to(parent: Comment, post_id: int) -> bool:
    """Readers may reply only to a published comment on the same post, above the depth limit."""
    return (
        parent.post_id == post_id
        and parent.status == Comment.Status.APPROVED
        and depth_of(parent, limit=get_setting("MAX_DEPTH")) < get_setting("MAX_DEPTH")
    )


def initial_status(email: str, user, post) -> str:
    """Pending, unless the sender moderates comments or (if allowed) has been approved before."""
    if user is not None and user.is_authenticated and user.has_perm("comments.change_comment"):
        return Comment.Status.APPROVED
    if (
        discussion_settings(post).comments_auto_approve_returning
        and email
        and Comment.objects.approved().filter(author_email__iexact=email).exists()
    ):
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


def moderator_emails() -> list[str]:
    configured = list(get_setting("MODERATOR_EMAILS"))
    if configured:
        return configured
    users = (
        get_user_model()
        # Named, because other backends (django-axes) sit in AUTHENTICATION_BACKENDS too.
        .objects.with_perm(
            "comments.change_comment",
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
        .exclude(email="")
    )
    return sorted({user.email for user in users})


def notify_moderators(comment: Comment) -> None:
    """Queue a mail to the moderators about a new comment once it is saved.

    Sent by a task (django-tasks): in the background with ``TASKS_BACKEND=database`` and a
    ``db_worker``, else right after the response's transaction, bounded by ``EMAIL_TIMEOUT``.
    A mail failure loses nothing.
    """
    recipients = moderator_emails()
    if not recipients:
        return
    transaction.on_commit(lambda: enqueue_moderator_mail(comment.pk, recipients))


def enqueue_moderator_mail(comment_id: int, recipients: list[str]) -> None:
    try:
        send_moderator_mail.enqueue(comment_id, recipients)
    except Exception:
        logger.exception("Could not queue the moderators' mail about comment %s", comment_id)


def erase_commenter(email: str, *, delete: bool) -> int:
    """Remove a commenter's personal data from every comment sent with ``email``.

    Args:
        email: the address the commenter used (matched without regard to case).
        delete: delete the comments outright; otherwise keep the text and
            replace name, email, website, IP address and browser.

    Returns:
        The number of comments erased.
    """
    comments = Comment.objects.filter(author_email__iexact=email.strip())
    if delete:
        count = comments.count()
        for comment in comments:  # one by one, so that replies move up their thread
            comment.delete()
        return count
    erased = comments.update(
        author_name=translation.gettext("Anonymous"),
        author_email="",
        author_url="",
        ip_address=None,
        user_agent="",
        user=None,
    )
    # update() sends no save signals: cached pages must drop the erased names themselves.
    invalidate("commenter erased")
    return erased
