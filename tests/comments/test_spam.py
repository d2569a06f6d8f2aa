"""Each spam defence trips on its own, refuses with a message, keeps the text and saves nothing."""

import datetime
import time

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

import pytest

from blog.models import BlogSettings
from comments.models import Comment
from comments.spam import count_links, is_duplicate, sign_timestamp, timestamp_problem
from tests.comments.conftest import comment_data, form_timestamp, set_discussion
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db


def send(client, post, **overrides):
    return client.post(reverse("comments:post", args=[post.pk]), comment_data(post, **overrides))


def assert_refused(response, message: str, status: int = 400) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not Comment.objects.filter(body="Typed with care.").exists()


def test_the_honeypot_refuses_a_filled_in_hidden_field(client, post):
    response = send(client, post, subject="Buy now", body="Typed with care.")
    assert_refused(response, "was filled in")
    assert "Typed with care." in response.content.decode()


def test_a_form_sent_too_fast_is_refused(client, post, settings):
    settings.BLOG_COMMENTS_MIN_SECONDS = 5
    response = send(
        client, post, timestamp=form_timestamp(post.pk, seconds_ago=1), body="Typed with care."
    )
    assert_refused(response, "quicker than a person can type")
    assert "Typed with care." in response.content.decode()


def test_an_expired_form_is_refused(client, post, settings):
    settings.BLOG_COMMENTS_FORM_MAX_AGE = 3600
    response = send(
        client, post, timestamp=form_timestamp(post.pk, seconds_ago=7200), body="Typed with care."
    )
    assert_refused(response, "open too long")


def test_a_form_is_accepted_for_as_long_as_a_cached_page_may_be_served(client, post, settings):
    # A post may be served by the front cache ten minutes after the page cache's hour.
    settings.BLOG_COMMENTS_FORM_MAX_AGE = 600
    settings.PAGE_CACHE_TIMEOUT = 3600
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    response = send(client, post, timestamp=form_timestamp(post.pk, seconds_ago=4100))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_an_expired_form_comes_back_with_the_text_and_a_fresh_timestamp(client, post, settings):
    settings.BLOG_COMMENTS_FORM_MAX_AGE = 600
    settings.PAGE_CACHE_TIMEOUT = 3600
    settings.PAGE_CACHE_SHARED_MAX_AGE = 600
    response = send(
        client, post, timestamp=form_timestamp(post.pk, seconds_ago=4300), body="Typed with care."
    )
    assert_refused(response, "open too long")
    html = response.content.decode()
    assert "Typed with care." in html
    assert _form_token(html)["at"] >= int(time.time()) - 1


def test_a_timestamp_signed_for_an_earlier_time_is_judged_by_that_time(settings):
    # How a test (or the hostile-input suite) sends a form as a person would, without waiting.
    settings.BLOG_COMMENTS_MIN_SECONDS = 5
    settings.BLOG_COMMENTS_FORM_MAX_AGE = 3600
    assert timestamp_problem(sign_timestamp(7), 7) == "too_fast"
    assert timestamp_problem(sign_timestamp(7, shown_at=time.time() - 60), 7) is None
    assert timestamp_problem(sign_timestamp(7, shown_at=time.time() - 7200), 7) == "expired"


@pytest.mark.parametrize("token", ["", "forged", "eyJwb3N0IjoxLCJhdCI6MH0:bad:signature"])
def test_a_missing_or_forged_timestamp_is_refused(client, post, token):
    response = send(client, post, timestamp=token, body="Typed with care.")
    assert_refused(response, "This form was incomplete")


def test_a_timestamp_for_another_post_is_refused(client, post):
    response = send(client, post, timestamp=form_timestamp(post.pk + 1), body="Typed with care.")
    assert_refused(response, "This form was incomplete")


def test_too_many_links_are_refused_with_a_plural_message(client, post, settings):
    settings.BLOG_COMMENTS_MAX_LINKS = 2
    body = (
        "See https://a.example/ and http://b.example/x and www.c.example for more. Typed with care."
    )
    response = send(client, post, body=body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A comment may contain at most 2 links." in page
    assert 'id="id_body_error"' in page
    assert not Comment.objects.exists()

    settings.BLOG_COMMENTS_MAX_LINKS = 1
    response = send(client, post, body="https://a.example/ https://b.example/")
    assert "A comment may contain at most 1 link." in response.content.decode()

    response = send(
        client,
        post,
        body="Two links are fine: https://a.example/ and https://b.example/",
    )
    assert response.status_code == 400  # limit is 1 now
    settings.BLOG_COMMENTS_MAX_LINKS = 2
    response = send(
        client, post, body="Two links are fine: https://a.example/ and https://b.example/"
    )
    assert response.status_code == 302


def test_links_are_counted_in_japanese_text():
    assert count_links("詳しくはhttps://example.jp/を見てください。www.example.comも。") == 2
    assert count_links("メールはalice@www.example.comへ") == 0
    assert count_links("日英同盟についての感想です。") == 0


def test_a_duplicate_comment_is_refused(client, post):
    assert send(client, post, body="日英同盟は重要です。").status_code == 302
    response = send(client, post, body="日英同盟は重要です。")
    assert response.status_code == 400
    assert "already sent this comment" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_same_text_from_someone_else_elsewhere_is_not_a_duplicate(client, post):
    CommentFactory(
        post=post, body="Well said.", author_email="bob@example.com", ip_address="10.0.0.9"
    )
    assert send(client, post, body="Well said.").status_code == 302


@pytest.mark.parametrize(
    ("email", "ip"),
    [
        ("alice@example.com", "10.0.0.9"),
        ("ALICE@example.com", "192.0.2.7"),  # the same email from another address
        ("someone@example.com", "10.0.0.9"),  # the same address under another email
        ("", "10.0.0.9"),  # the same address with no email
    ],
)
def test_the_same_person_by_email_or_address_sends_a_duplicate(post, email, ip):
    CommentFactory(
        post=post, body="Well said.", author_email="alice@example.com", ip_address="10.0.0.9"
    )
    assert is_duplicate(post.pk, "Well said.", email, ip)
    assert not is_duplicate(post.pk, "Said otherwise.", email, ip)


@pytest.mark.parametrize(
    ("email", "ip"),
    [
        ("", "192.0.2.7"),  # no email: an earlier comment without one is not the same person
        ("bob@example.com", None),  # no address known
    ],
)
def test_someone_else_is_not_the_same_person(post, email, ip):
    CommentFactory(post=post, body="Well said.", author_email="", ip_address="10.0.0.9")
    CommentFactory(post=post, body="Well said.", author_email="alice@example.com", ip_address=None)
    assert not is_duplicate(post.pk, "Well said.", email, ip)


def test_the_same_person_may_say_the_same_under_another_post(post, site_tree):
    other = BlogPostPageFactory(parent=site_tree["blog"], title="Another post", slug="another")
    CommentFactory(
        post=other, body="Well said.", author_email="alice@example.com", ip_address="10.0.0.9"
    )
    assert not is_duplicate(post.pk, "Well said.", "alice@example.com", "10.0.0.9")


def test_the_rate_limit_refuses_an_address_that_sends_too_many(client, post, settings):
    settings.BLOG_COMMENTS_RATE_LIMIT = (2, 600)
    assert send(client, post, body="First").status_code == 302
    assert send(client, post, body="Second").status_code == 302

    response = send(client, post, body="Typed with care.")

    assert_refused(response, "several comments in a short time", status=429)
    assert "Typed with care." in response.content.decode()
    assert Comment.objects.count() == 2
    # Another address is not held back.
    other = client.post(
        reverse("comments:post", args=[post.pk]),
        comment_data(post, body="From elsewhere"),
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 302


def test_the_rate_limit_holds_across_workers_and_restarts(client, post, settings):
    # Each gunicorn worker has its own local-memory cache, and a restart empties it: emptying
    # every cache between the posts stands for both.
    settings.BLOG_COMMENTS_RATE_LIMIT = (2, 600)
    for body in ("First", "Second"):
        assert send(client, post, body=body).status_code == 302
        for alias in caches:
            caches[alias].clear()

    response = send(client, post, body="Typed with care.")

    assert_refused(response, "several comments in a short time", status=429)


def test_the_rate_limit_window_ends(client, post, settings):
    settings.BLOG_COMMENTS_RATE_LIMIT = (2, 600)
    for body in ("First", "Second"):
        CommentFactory(
            post=post,
            body=body,
            ip_address="127.0.0.1",
            created_at=timezone.now() - datetime.timedelta(seconds=601),
        )
    CommentFactory(post=post, body="Recent", ip_address="127.0.0.1")

    # The two old comments are outside the window: one more is allowed, then no more.
    assert send(client, post, body="Within the limit").status_code == 302
    assert_refused(send(client, post, body="Typed with care."), "several comments", status=429)


def test_a_request_with_no_address_is_not_rate_limited(client, post, settings):
    # A server on a Unix socket with no proxy header configured knows no address: nothing to
    # count the comments by, and nobody refused for sharing an unknown address.
    settings.BLOG_COMMENTS_RATE_LIMIT = (1, 600)
    url = reverse("comments:post", args=[post.pk])
    for body in ("One", "Two", "Three"):
        assert client.post(url, comment_data(post, body=body), REMOTE_ADDR="").status_code == 302
    assert Comment.objects.filter(ip_address=None).count() == 3


def test_the_rate_limit_reads_the_proxy_header_when_configured(client, post, settings):
    settings.BLOG_COMMENTS_RATE_LIMIT = (1, 600)
    settings.BLOG_COMMENTS_IP_HEADER = "HTTP_X_REAL_IP"
    url = reverse("comments:post", args=[post.pk])
    assert (
        client.post(url, comment_data(post, body="One"), HTTP_X_REAL_IP="198.51.100.1").status_code
        == 302
    )
    assert (
        client.post(url, comment_data(post, body="Two"), HTTP_X_REAL_IP="198.51.100.2").status_code
        == 302
    )
    assert (
        client.post(
            url, comment_data(post, body="Three"), HTTP_X_REAL_IP="198.51.100.1"
        ).status_code
        == 429
    )
    assert Comment.objects.get(body="Two").ip_address == "198.51.100.2"


def test_closed_comments_are_refused_with_the_text_kept(client, post):
    post.comments_enabled = False
    post.save_revision().publish()

    page = client.get(post.url).content.decode()
    assert "Comments are closed." in page
    assert 'name="body"' not in page

    response = send(client, post, body="Typed with care.")
    assert_refused(response, "Comments are closed on this post.", status=403)
    assert "Typed with care." in response.content.decode()


def test_comments_close_after_the_configured_number_of_days(client, post):
    # The factory's post is dated in 2018.
    set_discussion(comments_close_after_days=30)
    response = send(client, post, body="Typed with care.")
    assert_refused(response, "Comments are closed on this post.", status=403)
    assert "Leave a comment" not in client.get(post.url).content.decode()

    set_discussion(comments_close_after_days=365 * 100)
    assert send(client, post, body="Still open").status_code == 302


def test_a_new_sites_discussion_settings_start_from_the_servers(post, settings):
    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 30
    settings.BLOG_COMMENTS_AUTO_APPROVE_RETURNING = True
    fresh = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    assert fresh.comments_close_after_days == 30
    assert fresh.comments_auto_approve_returning is True


def _form_token(html: str) -> dict:
    import re

    from django.core import signing

    from comments.spam import TIMESTAMP_SALT

    token = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
    return signing.loads(token, salt=TIMESTAMP_SALT)


def test_a_post_served_from_the_page_cache_carries_a_fresh_timestamp(
    client, post, settings, monkeypatch
):
    import time

    settings.PAGE_CACHE_ENABLED = True
    first = client.get(post.url)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 1000)

    second = client.get(post.url)

    assert second.get("X-Page-Cache") == "hit"
    shown_first = _form_token(first.content.decode())
    shown_second = _form_token(second.content.decode())
    assert shown_second["post"] == post.pk
    assert shown_second["at"] - shown_first["at"] >= 999


def test_the_restamping_leaves_forged_tokens_and_other_responses_alone(rf):
    from django.http import HttpResponse

    from core.middleware import FreshFormTimestampMiddleware

    forged = '<input type="hidden" name="timestamp" value="forged">'
    html = FreshFormTimestampMiddleware(lambda request: HttpResponse(forged))(rf.get("/"))
    assert html.content.decode() == forged
    token = form_timestamp(post_id=1, seconds_ago=500)
    text = f'<input type="hidden" name="timestamp" value="{token}">'
    plain = FreshFormTimestampMiddleware(
        lambda request: HttpResponse(text, content_type="text/plain")
    )
    assert plain(rf.get("/")).content.decode() == text
    page = FreshFormTimestampMiddleware(lambda request: HttpResponse(text))
    assert page(rf.get("/")).content.decode() != text


def test_readers_are_told_when_comments_close(client, post, settings):
    from django.utils import timezone
    from django.utils.formats import date_format

    settings.BLOG_COMMENTS_CLOSE_AFTER_DAYS = 365 * 100
    deadline = timezone.localtime(post.date + datetime.timedelta(days=365 * 100))
    page = client.get(post.url).content.decode()
    assert f"Comments close on {date_format(deadline, 'DATE_FORMAT')}." in page
