"""The daily digest, and the subscribers listing editors get (counts, CSV export)."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from subscriptions.models import Announcement, Frequency, Subscriber
from tests.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def subscriber(email: str, languages: str, frequency=Frequency.DAILY, confirmed=True, **fields):
    return Subscriber.objects.create(
        email=email,
        languages=languages,
        frequency=frequency,
        language=fields.pop("language", "en"),
        confirmed_at=timezone.now() - 2 * HOUR if confirmed else None,
        **fields,
    )


def announced(post, ago: datetime.timedelta) -> None:
    row = Announcement.objects.create(page=post, language_code=post.locale.language_code)
    Announcement.objects.filter(pk=row.pk).update(created_at=timezone.now() - ago)


class TestDigest:
    def test_each_digest_lists_the_new_posts_once(self, site_tree):
        daily = subscriber("daily@example.com", "en")
        subscriber("each@example.com", "en", frequency=Frequency.EACH_POST)
        subscriber("japanese@example.com", "ja")
        first = BlogPostPageFactory(parent=site_tree["blog"], title="First news")
        second = BlogPostPageFactory(parent=site_tree["blog"], title="Second news")
        older = BlogPostPageFactory(parent=site_tree["blog"], title="Before subscribing")
        announced(first, HOUR)
        announced(second, HOUR / 2)
        announced(older, 5 * HOUR)

        call_command("send_digests", stdout=io.StringIO())
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["daily@example.com"]
        assert message.subject == "2 new posts on Britain and Japan"
        assert "First news" in message.body and "Second news" in message.body
        assert "Before subscribing" not in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        daily.refresh_from_db()
        assert daily.last_digest_at is not None

        # The next day's digest has nothing new, so nothing is sent.
        call_command("send_digests", stdout=io.StringIO())
        assert len(mail.outbox) == 1


class TestAdmin:
    @pytest.fixture
    def editor(self, site_tree) -> User:
        user = User.objects.create_user("editor", password="a-long-test-password")
        user.groups.add(Group.objects.get(name="Editors"))
        return user

    def test_editors_see_counts_and_export_csv(self, client, editor):
        subscriber("a@example.com", "en")
        subscriber("b@example.com", "en,ja", frequency=Frequency.EACH_POST)
        subscriber("c@example.com", "ja", confirmed=False)
        client.force_login(editor)

        response = client.get("/admin/subscribers/")
        assert response.status_code == 200, response.get("Location")
        html = response.content.decode()
        assert "a@example.com" in html and "c@example.com" in html
        assert "2 confirmed of 3 (1 awaiting confirmation)" in html
        assert "English: 2; Japanese: 1; daily digest: 1." in html

        response = client.get("/admin/subscribers/?export=csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) == 4
        assert {row[0] for row in rows[1:]} == {"a@example.com", "b@example.com", "c@example.com"}

    def test_readers_cannot_see_the_listing(self, client, site_tree):
        user = User.objects.create_user("nobody", password="a-long-test-password")
        client.force_login(user)
        assert client.get("/admin/subscribers/").status_code in (302, 403)
