"""A reader comments on a post in Chromium (a refused form keeps the text and passes axe and the HTML checker); a moderator approves in one click."""

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from comments.models import Comment
from tests.browser.admin import log_in
from tests.browser.checks import axe_violations, vnu_errors
from tests.browser.conftest import DESKTOP, PHONE, serve_site_at
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, build_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_fixes_a_refused_comment_and_sends_it(new_page, live_server, settings):
    settings.BLOG_COMMENTS_MIN_SECONDS = 1
    settings.BLOG_COMMENTS_MAX_LINKS = 1
    settings.PAGE_CACHE_ENABLED = False
    settings.BLOG_COMMENTS_MODERATOR_EMAILS = ["moderators@example.com"]
    site = build_site()
    serve_site_at(live_server)
    post = BlogPostPageFactory(
        parent=site["blog"], title="Harbour diplomacy", slug="harbour-diplomacy"
    )
    top = CommentFactory(
        post=post, author_name="Ann", body="First line\nhttps://example.com/ a link"
    )
    CommentFactory(post=post, parent=top, author_name="Ben", body="A reply")

    page = new_page(DESKTOP)
    page.goto(post.url)
    assert page.locator("#comments-heading").inner_text() == "2 Comments"
    assert axe_violations(page) == []

    page.get_by_role("textbox", name="Name", exact=True).fill("山田太郎")
    page.get_by_role("textbox", name="Email", exact=True).fill("taro@example.jp")
    text = "二つのリンク https://a.example/ と https://b.example/ です。"
    page.get_by_role("textbox", name="Comment", exact=True).fill(text)
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Post comment").click()
    refused = sent.value
    assert refused.status == 400

    # Refused: the reader's words are back, the message is announced and focused.
    page.wait_for_selector(".form-errors")
    assert page.url.endswith("#respond")
    assert page.get_by_role("textbox", name="Comment", exact=True).input_value() == text
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == "山田太郎"
    assert "at most 1 link" in page.locator("#id_body_error").inner_text()
    assert page.evaluate("() => document.activeElement.className") == "form-errors"
    assert (
        page.get_by_role("textbox", name="Comment", exact=True).get_attribute("aria-describedby")
        == "id_body_error"
    )
    assert axe_violations(page) == []
    assert vnu_errors({"refused form": refused.text()}) == {}
    phone = new_page(PHONE)
    phone.goto(post.url)
    assert axe_violations(phone) == []

    page.get_by_role("textbox", name="Comment", exact=True).fill(
        "一つだけ https://a.example/ です。"
    )
    page.wait_for_timeout(1100)  # the minimum time to submit, set to one second above
    page.get_by_role("button", name="Post comment").click()

    page.wait_for_selector(".comment-messages")
    assert "awaiting moderation" in page.locator(".comment-messages").inner_text()
    assert page.url.endswith("#comments")
    comment = Comment.objects.get(author_name="山田太郎")
    assert comment.status == Comment.Status.PENDING
    assert "一つだけ" not in page.content()
    assert [message.to for message in mail.outbox] == [["moderators@example.com"]]


def test_a_moderator_approves_a_comment_in_one_click(new_page, live_server, settings):
    settings.PAGE_CACHE_ENABLED = False
    site = build_site()
    serve_site_at(live_server)
    post = BlogPostPageFactory(parent=site["blog"], title="Harbour diplomacy", slug="harbour")
    waiting = CommentFactory(
        post=post, author_name="Kenji", body="待っているコメント", status=Comment.Status.PENDING
    )
    CommentFactory(post=post, author_name="Spammy", body="Buy now", status=Comment.Status.PENDING)
    get_user_model().objects.create_superuser("moderator", "mod@example.com", "a-long-password-1")

    page = new_page(DESKTOP)
    log_in(page, "moderator", "a-long-password-1")
    page.goto("/admin/snippets/comments/comment/?status=pending")
    row = page.locator("tr", has_text="Kenji")
    # One click: no menu to open, no confirmation page.
    row.get_by_role("button", name="Approve: Kenji").click()
    page.wait_for_url("**/admin/snippets/comments/comment/?status=pending")
    assert "Comment by Kenji approved." in page.locator(".messages").inner_text()
    assert page.locator("tr", has_text="Kenji").count() == 0  # gone from the pending list
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    page.locator("tr", has_text="Spammy").get_by_role("button", name="Spam: Spammy").click()
    page.wait_for_url("**/admin/snippets/comments/comment/?status=pending")
    assert Comment.objects.get(author_name="Spammy").status == Comment.Status.SPAM

    page.context.clear_cookies()
    page.goto(post.url)
    assert page.get_by_text("待っているコメント").is_visible()
    assert page.get_by_text("Buy now").count() == 0
