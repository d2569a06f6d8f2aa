"""The moderators' notification mail: commenter text made safe for mail, sent as a task.

A comment's name, email, post title and body are the commenter's (or an importer's) own
text. In mail they must not add header lines (CR/LF in the subject), reorder what the
moderator reads (Unicode bidirectional overrides such as U+202E) or drive the moderator's
terminal (ANSI escape sequences), so every control and bidirectional-formatting character
is removed; line breaks survive in the body only.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import task

from .models import Comment
from .text import clean_line, clean_text

logger = logging.getLogger(__name__)


@task()
def send_moderator_mail(comment_id: int, recipients: list[str]) -> None:
    """Tell ``recipients`` about comment ``comment_id`` (queued by ``notify_moderators``)."""
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:  # deleted before the task ran: nothing to moderate
        return
    edit_path = reverse(Comment.snippet_viewset.get_url_name("edit"), args=[comment.pk])
    context = {
        "name": clean_line(comment.author_name),
        "email": clean_line(comment.author_email),
        "title": clean_line(comment.post.title),
        "status": comment.get_status_display(),
        "body": clean_text(comment.body),
        "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit_path,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("comments/email/new_comment_subject.txt", context)
        body = render_to_string("comments/email/new_comment.txt", context)
    try:
        send_mail(clean_line(subject), clean_text(body), None, recipients)
    except Exception:
        # A mail server that is down or slow (EMAIL_TIMEOUT) costs the notice, never the comment.
        logger.exception("Could not email moderators about comment %s", comment.pk)
