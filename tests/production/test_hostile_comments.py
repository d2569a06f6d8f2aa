"""Hostile comments that reach the code: stored, approved by a moderator, and shown escaped.

Each reader sends the comment form the way a browser does after reading the post: the fields
it was given, the honeypot left empty, the form's timestamp signed (by the project's own signer)
a minute before sending, the Origin header, and Django's CSRF checks on. Each payload class is
then stored exactly as sent, approved through the admin's bulk action, and its exact escaped
form asserted on the post page, in the moderation queue and in the moderator's mail. What the
form must refuse (NUL, overlong fields) is refused with a message and the text kept.
"""

import re
import time
from html import escape
from typing import NamedTuple

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from comments.admin_views import bulk_action_url
from comments.models import Comment
from comments.spam import sign_timestamp
from tests.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

QUEUE = "wagtailsnippets_comments_comment:list"
CONTROL_OR_OVERRIDE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Case(NamedTuple):
    """One hostile comment, what is stored of it, and its exact form on the page and in mail."""

    name: str
    body: str
    stored_name: str
    stored_body: str
    page_body: str  # inside <div class="comment-body">: escaped, lines as <br>, paragraphs as <p>
    mail_name: str  # in the mail's first line
    mail_body: str


XSS_BODY = '"><img src=x onerror=alert(1)> <a href="javascript:alert(1)">link</a>'
SQL_BODY = "1; DROP TABLE comments_comment; -- ' UNION SELECT password"
TEMPLATE_BODY = "{% debug %}{{ request.META }}{% load log %}"
UNICODE_BODY = "Right-to-left \u202eevil\u202c, zero\u200bwidth, 日本語 \U0001f600"
CASES = {
    "markup": Case(
        '<script>alert("xss")</script>',
        XSS_BODY,
        '<script>alert("xss")</script>',
        XSS_BODY,
        "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; "
        "&lt;a href=&quot;javascript:alert(1)&quot;&gt;link&lt;/a&gt;</p>",
        '<script>alert("xss")</script>',
        XSS_BODY,
    ),
    "sql": Case(
        "' OR '1'='1' --",
        SQL_BODY,
        "' OR '1'='1' --",
        SQL_BODY,
        "<p>1; DROP TABLE comments_comment; -- &#x27; UNION SELECT password</p>",
        "' OR '1'='1' --",
        SQL_BODY,
    ),
    "template": Case(
        "{{ settings.SECRET_KEY }}",
        TEMPLATE_BODY,
        "{{ settings.SECRET_KEY }}",
        TEMPLATE_BODY,
        f"<p>{TEMPLATE_BODY}</p>",
        "{{ settings.SECRET_KEY }}",
        TEMPLATE_BODY,
    ),
    # Kept on the page (a writer's own text); the mail drops the overrides that reverse it.
    "unicode": Case(
        "\u202egnp.exe\u202c Mallory",
        UNICODE_BODY,
        "\u202egnp.exe\u202c Mallory",
        UNICODE_BODY,
        f"<p>{UNICODE_BODY}</p>",
        "gnp.exe Mallory",
        "Right-to-left evil, zero\u200bwidth, 日本語 \U0001f600",
    ),
    "control characters": Case(
        "\x1b[31mRed\x1b[0m\x07 Mallory",
        "Bell\x07, escape \x1b[2Jcleared,\x7f\ttab",
        "Red Mallory",
        "Bell, escape cleared,\ttab",
        "<p>Bell, escape cleared,\ttab</p>",
        "Red Mallory",
        "Bell, escape cleared,\ttab",
    ),
    "header injection": Case(
        "Eve\r\nBcc: victim@example.com",
        "Line one\r\nSubject: hijacked\r\n\r\nBody",
        "Eve Bcc: victim@example.com",
        "Line one\nSubject: hijacked\n\nBody",
        "<p>Line one<br>Subject: hijacked</p>\n\n<p>Body</p>",
        "Eve Bcc: victim@example.com",
        "Line one\nSubject: hijacked\n\nBody",
    ),
}


@pytest.fixture
def post(site_tree, settings):
    settings.PAGE_CACHE_ENABLED = False
    return BlogPostPageFactory(parent=site_tree["blog"], title="The alliance", slug="the-alliance")


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser(
        "moderator", "moderator@example.com", "a-long-password-123"
    )


def send_comment(post, author_name: str = "", body: str = "", address: str = "", **fields):
    """One reader's comment, sent as a browser sends it a minute after the page was shown."""
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    page = browser.get(post.url)
    assert page.status_code == 200
    assert 'name="subject"' in page.content.decode()  # the honeypot, left empty below
    data = {
        "author_name": author_name,
        "author_email": f"reader-{address.replace('.', '-')}@example.com",
        "author_url": "",
        "body": body,
        "parent": "",
        "subject": "",
        "timestamp": sign_timestamp(post.pk, shown_at=time.time() - 60),
        **fields,
    }
    return browser.post(
        reverse("comments:post", args=[post.pk]), data, headers={"origin": "http://testserver"}
    )


def approve(moderator, comment: Comment) -> None:
    admin = Client()
    admin.force_login(moderator)
    url = bulk_action_url("approve", comment.pk)
    assert admin.get(url).status_code == 200
    assert admin.post(url).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.parametrize("kind", list(CASES))
def test_each_payload_class_is_stored_approved_and_shown_escaped(
    kind, post, moderator, django_capture_on_commit_callbacks
):
    case = CASES[kind]
    # The mail goes once the comment is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = send_comment(post, case.name, case.body, "198.51.100.7")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{post.url}#comments"

    comment = Comment.objects.get()
    assert (comment.author_name, comment.body) == (case.stored_name, case.stored_body)
    assert comment.status == Comment.Status.PENDING

    # The moderator's mail: the name on its line, the body's own lines, no added headers.
    (message,) = mail.outbox
    assert message.to == ["moderator@example.com"]
    assert message.subject == "New comment on “The alliance”"
    assert (message.cc, message.bcc, message.extra_headers) == ([], [], {})
    lines = message.body.split("\n")
    assert lines[0] == (
        f"{case.mail_name} <{comment.author_email}> commented on “The alliance”. Status: Pending."
    )
    assert "\n".join(lines[2 : 2 + case.mail_body.count("\n") + 1]) == case.mail_body
    assert not CONTROL_OR_OVERRIDE.search(message.body.replace("\n", "").replace("\t", ""))

    # The moderation queue: the name escaped, never as markup.
    queue_client = Client()
    queue_client.force_login(moderator)
    queue = queue_client.get(reverse(QUEUE)).content.decode()
    assert escape(case.stored_name) in queue
    if "<" in case.stored_name:
        assert case.stored_name not in queue

    approve(moderator, comment)

    page = Client().get(post.url).content.decode()
    assert f'<span class="comment-author">{escape(case.stored_name)}</span>' in page
    assert f'<div class="comment-body">{case.page_body}</div>' in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page


REFUSED = {
    "NUL in the name": ({"author_name": "Nul\x00l"}, "Null characters are not allowed."),
    "NUL in the text": ({"body": "Before\x00after"}, "Null characters are not allowed."),
    "an overlong name": (
        {"author_name": "N" * 101},
        "Ensure this value has at most 100 characters (it has 101).",
    ),
    "an overlong text": (
        {"body": "a" * 5001},
        "Ensure this value has at most 5000 characters (it has 5001).",
    ),
    "an overlong website": (
        {"author_url": "https://example.com/" + "p" * 490},
        "Ensure this value has at most 500 characters (it has 510).",
    ),
    "a header in the email": (
        {"author_email": "eve@example.com\r\nBcc: victim@example.com"},
        "Enter a valid email address.",
    ),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_what_cannot_be_stored_is_refused_with_a_message_and_the_text_kept(kind, post, moderator):
    fields, message = REFUSED[kind]
    fields = {"author_name": "Reader", "body": "A fair point.", **fields}
    response = send_comment(post, address="198.51.100.8", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html
    # The reader's text comes back in the form, to correct and send again.
    if "\x00" not in fields["body"]:
        assert f">\n{escape(fields['body'])}</textarea>" in html
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_the_longest_text_allowed_is_stored_and_shown_whole(post, moderator):
    body = "long " * 999 + "ends."  # 5,000 characters, the limit
    assert len(body) == 5000
    assert send_comment(post, "Reader", body, "198.51.100.9").status_code == 302
    comment = Comment.objects.get()
    assert comment.body == body
    approve(moderator, comment)
    page = Client().get(post.url).content.decode()
    assert f'<div class="comment-body"><p>{body}</p></div>' in page
