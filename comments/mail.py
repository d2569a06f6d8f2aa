"""The moderators' notification mail: commenter text made safe for mail, sent as a task.

A comment's name, email, post title and body are the commenter's (or an importer's) own
text. In mail they must not add header lines (CR/LF in the subject), reorder what the
moderator reads (Unicode bidirectional overrides such as U+202E) or drive the moderator's
terminal (ANSI escape sequences), so every control and bidirectional-formatting character
is removed; line breaks survive in the body only.
"""

import logging
import re
import unicodedata

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from django_tasks import task

from .models import Comment
from .text import ANSI_SEQUENCE as ANSI_ESCAPE

logger = logging.getLogger(__name__)

# Explicit directional formatting: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """``text`` without ANSI escapes, control or bidirectional formatting characters.

    Line breaks become ``\\n`` when ``multiline``, a space otherwise; tabs stay.
    """
    text = ANSI_ESCAPE.sub("", str(text))
    text = LINE_BREAKS.sub("\n" if multiline else " ", text)
    kept = []
    for char in text:
        if char in "\n\t":  # the writer's own lines and tabs are plain text, harmless
            kept.append(char)
        elif char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            continue
        else:
            kept.append(char)
    return "".join(kept)


def clean_line(text: str) -> str:
    """One line of text (a subject, a name): cleaned, with runs of spaces made one."""
    return " ".join(clean_text(text, multiline=False).split())


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
