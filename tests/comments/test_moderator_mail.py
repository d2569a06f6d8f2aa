"""The moderators' mail: no control characters from commenters, sent by a task, with a timeout."""

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import pytest
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from comments.text import clean_line, clean_text
from settings import services
from tests.comments.conftest import comment_data

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "Mallory\r\nBcc: victim@example.com\x1b[31m\u202eevil"
HOSTILE_BODY = (
    "Line one\r\nLine two \x1b[2J\x1b]0;title\x07cleared\u202egnp.exe\u2066x\u2069\x7f\x9b"
)
FORBIDDEN = ["\r", "\x1b", "\u202e", "\u2066", "\u2069", "\x00", "\x7f", "\x9b", "\x07"]


@pytest.fixture
def moderator(settings):
    settings.BLOG_COMMENTS_MODERATOR_EMAILS = ["moderation@example.com"]


def send_hostile(client, post):
    data = comment_data(post, author_name=HOSTILE_NAME, body=HOSTILE_BODY)
    return client.post(reverse("comments:post", args=[post.pk]), data)


def test_clean_text_keeps_line_breaks_and_drops_controls():
    assert clean_text("a\r\nb\x1b[1;31mc\u202ed\te\x00") == "a\nbcd\te"
    assert clean_line("Subject\r\nBcc: x@example.com") == "Subject Bcc: x@example.com"
    assert clean_line("日本語\u200fの名前") == "日本語の名前"


def test_the_mail_carries_no_control_characters(
    client, post, moderator, django_capture_on_commit_callbacks
):
    post.title = "Treaty\u202e notes\x1b[0m"
    post.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_hostile(client, post).status_code == 302

    # The comment is kept as sent (escaped on pages): only the mail is cleaned.
    # The form already drops control characters from a name; the title below keeps its own.
    assert "\x1b" not in Comment.objects.get().author_name
    (message,) = mail.outbox
    text = message.subject + message.body
    for char in FORBIDDEN:
        assert char not in text, repr(char)
    assert "\n" not in message.subject
    assert message.subject == "New comment on “Treaty notes”"
    assert "Mallory Bcc: victim@example.com" in message.body
    assert "Line one\nLine two cleared" in message.body
    assert "gnp.exex" in message.body
    assert message.extra_headers == {}
    assert message.recipients() == ["moderation@example.com"]


def test_the_mail_is_queued_as_a_task_and_sent_by_the_worker(
    client, post, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker closes connections it thinks are stale between tasks; inside the test's
    # transaction that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with override_settings(TASKS=services.tasks({"TASKS_BACKEND": "database"})):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_hostile(client, post).status_code == 302

        # The request only queued it.
        assert mail.outbox == []
        queued = DBTaskResult.objects.get(task_path="comments.mail.send_moderator_mail")

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


def test_a_mail_server_that_fails_loses_no_comment(
    client, post, moderator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard: nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        assert send_hostile(client, post).status_code == 302

    assert Comment.objects.count() == 1


def test_mail_has_a_timeout():
    # Django's default (None) lets a silent mail server hold a worker for ever.
    assert 0 < settings.EMAIL_TIMEOUT <= 60
