"""Forgery defence without a per-reader token: post pages stay shareable by front caches."""

import re

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

import pytest

from comments.forgery import is_forged, needs_token
from comments.models import Comment
from tests.comments.conftest import comment_data
from tests.reading import without_form_timestamps

pytestmark = pytest.mark.django_db

OWN_ORIGIN = "http://testserver"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def browser():
    """A client that enforces forgery checks, as a real browser meets them."""
    return Client(enforce_csrf_checks=True)


def post_url(post) -> str:
    return reverse("comments:post", args=[post.pk])


def test_anonymous_readers_form_has_no_token_so_the_page_can_be_shared(browser, post, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = browser.get(post.url)
    second = Client(enforce_csrf_checks=True).get(post.url)

    assert 'class="comment-form"' in first.content.decode()
    assert not TOKEN.search(first.content.decode())
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert settings.CSRF_COOKIE_NAME not in first.cookies
    assert second["X-Page-Cache"] == "hit"
    # Each response carries the form's "shown at" time, signed to the second it is sent.
    assert without_form_timestamps(second.content) == without_form_timestamps(first.content)


def test_a_comment_sent_from_this_site_is_accepted(browser, post):
    response = browser.post(
        post_url(post),
        comment_data(post),
        HTTP_ORIGIN=OWN_ORIGIN,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 302
    assert Comment.objects.filter(post=post, author_name="Alice Reader").exists()


def test_a_trusted_origin_from_settings_is_accepted(browser, post, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://blog.example.com"]
    response = browser.post(
        post_url(post), comment_data(post), HTTP_ORIGIN="https://blog.example.com"
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": OWN_ORIGIN, "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": OWN_ORIGIN, "HTTP_SEC_FETCH_SITE": "same-site"},
        {},
    ],
    ids=["other-origin", "opaque-origin", "cross-site-fetch", "sibling-site", "no-headers"],
)
def test_a_comment_sent_from_elsewhere_is_refused_with_the_text_kept(browser, post, headers):
    response = browser.post(post_url(post), comment_data(post), **headers)

    assert response.status_code == 403
    page = response.content.decode()
    assert "did not confirm that this comment was sent from this site" in page
    assert "A thoughtful remark about the alliance." in page
    assert not Comment.objects.exists()


def test_a_browser_without_fetch_headers_can_send_again_with_a_token(browser, post):
    refused = browser.post(post_url(post), comment_data(post))
    token = TOKEN.search(refused.content.decode())
    assert token, "the form sent back carries a token for the second sending"

    accepted = browser.post(
        post_url(post), {**comment_data(post), "csrfmiddlewaretoken": token.group(1)}
    )
    assert accepted.status_code == 302
    assert Comment.objects.count() == 1


def test_a_wrong_token_is_refused_even_from_this_site(browser, post):
    browser.get(post.url)
    response = browser.post(
        post_url(post),
        {**comment_data(post), "csrfmiddlewaretoken": "x" * 64},
        HTTP_ORIGIN=OWN_ORIGIN,
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_signed_in_readers_keep_the_token_and_djangos_full_check(browser, post, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    browser.force_login(user)
    page = browser.get(post.url).content.decode()
    token = TOKEN.search(page)
    assert token

    # The Origin header alone does not stand in for the token of a signed-in reader.
    without = browser.post(post_url(post), comment_data(post), HTTP_ORIGIN=OWN_ORIGIN)
    assert without.status_code == 403
    assert not Comment.objects.exists()

    with_token = browser.post(
        post_url(post),
        {**comment_data(post), "csrfmiddlewaretoken": token.group(1)},
        HTTP_ORIGIN=OWN_ORIGIN,
    )
    assert with_token.status_code == 302
    assert Comment.objects.get().user == user


def test_only_requests_the_test_client_exempts_skip_the_check(rf):
    # Django's test client marks its requests unless told to enforce the checks, and Django's
    # own middleware lets marked requests through: is_forged does the same, and no more.
    exempt = rf.post("/comments/1/", {"body": "Hello"})
    exempt._dont_enforce_csrf_checks = True
    assert not is_forged(exempt)
    # As the server builds a request: no mark, and no user when no middleware has run.
    assert is_forged(rf.post("/comments/1/", {"body": "Hello"}))
    assert not is_forged(rf.post("/comments/1/", {"body": "Hello"}, HTTP_ORIGIN=OWN_ORIGIN))


def test_the_form_carries_a_token_when_sent_back_or_for_a_signed_in_reader(rf, admin_user):
    # A request no authentication middleware has seen (a render outside a request) has no user.
    request = rf.get("/blog/a-post/")
    assert not needs_token(request, form_is_bound=False)
    assert needs_token(request, form_is_bound=True)
    request.user = AnonymousUser()
    assert not needs_token(request, form_is_bound=False)
    request.user = admin_user
    assert needs_token(request, form_is_bound=False)
    assert not needs_token(None, form_is_bound=True)
