"""Follow by email: form -> confirmation mail -> confirm -> a mail per post -> one-click unsubscribe,
in English and Japanese, with the form's spam defences and rate limit."""

import re
import time
from unittest import mock

from django.core import mail, signing
from django.utils import timezone

import pytest

from core import form_guard
from subscriptions.forms import FORM_SCOPE, TIMESTAMP_SALT
from subscriptions.models import Announcement, Subscriber
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import bilingual_blog, paragraph
from tests.workers import worker_cache

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"http://testserver(/[^\s]+)")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def blog(site_tree):
    return bilingual_blog(site_tree)


def old_timestamp(seconds_ago: float = 60) -> str:
    """A form shown ``seconds_ago`` (by default a minute: the minimum time has passed)."""
    with mock.patch("time.time", return_value=time.time() - seconds_ago):
        return form_guard.sign_timestamp(FORM_SCOPE, TIMESTAMP_SALT)


def shown_at(html: str) -> int:
    """When the subscribe form in ``html`` says it was shown."""
    token = re.search(r'name="subscribe-timestamp" value="([^"]+)"', html).group(1)
    return signing.loads(token, salt=TIMESTAMP_SALT)["at"]


def form_data(email: str, languages: list[str], frequency: str = "post", **extra) -> dict:
    return {
        "subscribe-email": email,
        "subscribe-languages": languages,
        "subscribe-frequency": frequency,
        "subscribe-timestamp": old_timestamp(),
        "subscribe-website": "",
        **extra,
    }


def links(message) -> list[str]:
    return LINK.findall(message.body)


def subscribe_and_confirm(client, prefix: str, email: str, languages: list[str]) -> Subscriber:
    response = client.post(f"{prefix}/subscribe/", form_data(email, languages))
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/subscribe/sent/"
    confirmation = mail.outbox[-1]
    assert confirmation.to == [email.lower()]
    assert "List-Unsubscribe" not in confirmation.extra_headers
    [confirm_path] = links(confirmation)
    assert not Subscriber.objects.get(email=email.lower()).is_confirmed
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert not Subscriber.objects.get(email=email.lower()).is_confirmed
    assert client.post(confirm_path).status_code == 200
    return Subscriber.objects.get(email=email.lower())


def publish(post):
    """Publish as an editor does (Wagtail's page_published is what subscribers hear)."""
    post.save_revision().publish()
    return post


def publish_post(blog, **fields):
    return publish(BlogPostPageFactory(parent=blog["blog"], date=timezone.now(), **fields))


class TestEnglishFlow:
    def test_form_confirmation_post_mail_and_one_click_unsubscribe(self, client, blog):
        html = client.get("/").content.decode()
        assert 'action="/subscribe/"' in html and "Follow by email" in html

        subscriber = subscribe_and_confirm(client, "", "Reader@Example.com", ["en"])
        assert subscriber.email == "reader@example.com" and subscriber.is_confirmed
        assert subscriber.language == "en" and subscriber.language_list == ["en"]
        assert "Confirm your subscription" in mail.outbox[0].subject
        mail.outbox.clear()

        post = publish_post(blog, title="Carrier visit", body=paragraph("<p>The ship came.</p>"))
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["reader@example.com"]
        assert message.subject.startswith("Carrier visit")
        assert "The ship came." in message.body
        assert f"http://testserver{post.url}" in message.body
        unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe_url in message.body

        # Publishing again (an edit) mails nothing more.
        post.save_revision().publish()
        assert len(mail.outbox) == 1

        # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" with no cookie or token.
        path = unsubscribe_url.removeprefix("http://testserver")
        response = client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert not Subscriber.objects.exists()
        publish_post(blog, title="After leaving")
        assert len(mail.outbox) == 1

    def test_only_the_languages_followed_are_mailed(self, client, blog):
        subscribe_and_confirm(client, "", "en@example.com", ["en"])
        subscribe_and_confirm(client, "", "both@example.com", ["en", "ja"])
        mail.outbox.clear()
        publish(
            BlogPostPageFactory(
                parent=blog["ja_blog"], locale=blog["ja"], title="日本語だけ", date=timezone.now()
            )
        )
        assert [message.to for message in mail.outbox] == [["both@example.com"]]

    def test_back_dated_and_unconfirmed_get_nothing(self, client, blog):
        client.post("/subscribe/", form_data("waiting@example.com", ["en"]))
        mail.outbox.clear()
        publish_post(blog, title="New")
        assert mail.outbox == []  # not confirmed
        subscribe_and_confirm(client, "", "reader@example.com", ["en"])
        mail.outbox.clear()
        publish(
            BlogPostPageFactory(
                parent=blog["blog"], title="Imported", date=timezone.now().replace(year=2015)
            )
        )
        assert mail.outbox == []
        assert not Announcement.objects.filter(page__title="Imported").exists()


class TestJapaneseFlow:
    def test_in_japanese_from_form_to_unsubscribe(self, client, blog):
        html = client.get("/ja/").content.decode()
        assert 'action="/ja/subscribe/"' in html and "メールで購読" in html

        subscriber = subscribe_and_confirm(client, "/ja", "yomite@example.jp", ["ja"])
        assert subscriber.language == "ja"
        assert "購読の確認" in mail.outbox[0].subject
        assert "/ja/subscribe/confirm/" in mail.outbox[0].body
        mail.outbox.clear()

        english = publish_post(blog, title="English original")
        assert mail.outbox == []  # follows Japanese only
        ja_post = translate_page(english, blog["ja"], title="日英の新しい協力")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.subject.startswith("日英の新しい協力")
        assert "記事を読む" in message.body and ja_post.get_full_url() in message.body
        unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
        path = unsubscribe_url.removeprefix("http://testserver")
        assert path.startswith("/ja/subscribe/unsubscribe/")
        # The page asks first; the button unsubscribes.
        page = client.get(path).content.decode()
        assert "yomite@example.jp" in page
        assert client.post(path).status_code == 200
        assert not Subscriber.objects.exists()


class TestDefences:
    def test_honeypot_too_fast_and_bad_address_come_back_with_the_input_kept(self, client, blog):
        response = client.post(
            "/subscribe/", form_data("bot@example.com", ["en"], **{"subscribe-website": "x"})
        )
        assert response.status_code == 400
        assert "Leave this field empty" in response.content.decode()
        fresh = form_guard.sign_timestamp(FORM_SCOPE, TIMESTAMP_SALT)
        response = client.post(
            "/subscribe/", form_data("quick@example.com", ["en"], **{"subscribe-timestamp": fresh})
        )
        assert response.status_code == 400
        assert "quicker than a person" in response.content.decode()
        assert 'value="quick@example.com"' in response.content.decode()
        response = client.post("/subscribe/", form_data("not-an-address", []))
        html = response.content.decode()
        assert response.status_code == 400
        assert "Choose at least one language." in html and 'aria-invalid="true"' in html
        assert not Subscriber.objects.exists() and mail.outbox == []

    def test_rate_limit(self, client, blog, settings):
        settings.SUBSCRIPTIONS_RATE_LIMIT = (2, 3600)
        for n in range(2):
            assert (
                client.post("/subscribe/", form_data(f"r{n}@example.com", ["en"])).status_code
                == 302
            )
        response = client.post("/subscribe/", form_data("r3@example.com", ["en"]))
        assert response.status_code == 429
        assert Subscriber.objects.count() == 2

    def test_rate_limit_holds_across_workers_and_restarts(self, client, blog, settings):
        # Without Redis each gunicorn worker has a cache of its own, emptied by a restart.
        settings.SUBSCRIPTIONS_RATE_LIMIT = (2, 3600)
        for n, worker in enumerate(("a", "b")):
            with worker_cache(worker):
                response = client.post("/subscribe/", form_data(f"w{n}@example.com", ["en"]))
                assert response.status_code == 302
        with worker_cache("restarted"):
            response = client.post("/subscribe/", form_data("w3@example.com", ["en"]))
        assert response.status_code == 429
        assert "Too many subscriptions" in response.content.decode()
        assert Subscriber.objects.count() == 2

    def test_a_page_served_from_the_page_cache_shows_a_form_shown_now(self, client, blog, settings):
        settings.PAGE_CACHE_ENABLED = True
        first = client.get("/blog/")
        later = time.time() + 1000
        with mock.patch("time.time", return_value=later):
            second = client.get("/blog/")

        assert second["X-Page-Cache"] == "hit"
        # Not the time the cached copy was made: a bot cannot skip the minimum time.
        assert shown_at(second.content.decode()) - shown_at(first.content.decode()) >= 999
        assert shown_at(second.content.decode()) >= int(later)

    def test_a_form_is_accepted_for_as_long_as_a_cached_page_may_be_served(
        self, client, blog, settings
    ):
        # A page may be served from the page cache for an hour, then by a front cache for ten
        # minutes more: a form on it is not expired before then, whatever FORM_MAX_AGE says.
        settings.SUBSCRIPTIONS_FORM_MAX_AGE = 600
        settings.PAGE_CACHE_TIMEOUT = 3600
        settings.PAGE_CACHE_SHARED_MAX_AGE = 600
        data = form_data(
            "cached@example.com", ["en"], **{"subscribe-timestamp": old_timestamp(4100)}
        )
        assert client.post("/subscribe/", data).status_code == 302

    def test_an_expired_form_comes_back_kept_and_fresh(self, client, blog, settings):
        settings.SUBSCRIPTIONS_FORM_MAX_AGE = 600
        settings.PAGE_CACHE_TIMEOUT = 3600
        settings.PAGE_CACHE_SHARED_MAX_AGE = 600
        data = form_data("late@example.com", ["ja"], **{"subscribe-timestamp": old_timestamp(4300)})

        response = client.post("/subscribe/", data)

        html = response.content.decode()
        assert response.status_code == 400
        assert "This form has been open too long. Please send it again." in html
        assert 'value="late@example.com"' in html
        assert shown_at(html) >= int(time.time()) - 1
        assert not Subscriber.objects.exists()
        # Sent again a moment later, the form that came back is accepted.
        token = re.search(r'name="subscribe-timestamp" value="([^"]+)"', html).group(1)
        with mock.patch("time.time", return_value=time.time() + 10):
            again = client.post("/subscribe/", {**data, "subscribe-timestamp": token})
        assert again.status_code == 302
        assert Subscriber.objects.get().email == "late@example.com"

    def test_a_confirmed_address_is_not_changed_or_revealed(self, client, blog):
        subscribe_and_confirm(client, "", "reader@example.com", ["en"])
        mail.outbox.clear()
        response = client.post("/subscribe/", form_data("reader@example.com", ["ja"]))
        assert response.status_code == 302 and response["Location"] == "/subscribe/sent/"
        assert mail.outbox == []
        assert Subscriber.objects.get().language_list == ["en"]

    def test_forged_or_expired_links(self, client, blog, settings):
        assert client.get("/subscribe/confirm/forged/").status_code == 404
        client.post("/subscribe/", form_data("late@example.com", ["en"]))
        [path] = links(mail.outbox[-1])
        settings.SUBSCRIPTIONS_CONFIRM_MAX_AGE = -1
        assert client.post(path).status_code == 404
        assert not Subscriber.objects.get().is_confirmed
        assert client.post("/subscribe/unsubscribe/forged/").status_code == 200
        assert Subscriber.objects.exists()
