"""A future publication date schedules the post for that date, or is refused with a reason."""

import datetime

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from blog.models import BlogPostPage

FORMAT = "%Y-%m-%d %H:%M"


def publish_form(site_tree, date: datetime.datetime, go_live_at=None) -> dict:
    data = {
        "title": "Coming soon",
        "slug": "coming-soon",
        "date": timezone.localtime(date).strftime(FORMAT),
        "excerpt": "",
        "body": streamfield([("paragraph", rich_text("<p>Words.</p>"))]),
        "category_links": inline_formset([{"category": site_tree["category"].pk}]),
        "tag_links": inline_formset([]),
        "action-publish": "action-publish",
    }
    if go_live_at is not None:
        data["go_live_at"] = timezone.localtime(go_live_at).strftime(FORMAT)
    return nested_form_data(data)


@pytest.fixture
def add_url(site_tree) -> str:
    return f"/admin/pages/add/blog/blogpostpage/{site_tree['blog'].pk}/"


@pytest.mark.django_db
def test_publishing_with_a_future_date_schedules_the_post(admin_client, site_tree, add_url):
    date = (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    response = admin_client.post(add_url, publish_form(site_tree, date), follow=True)
    assert response.status_code == 200
    post = BlogPostPage.objects.get(slug="coming-soon")
    assert not post.live, "not on the blog before its date"
    assert post.go_live_at == date
    assert post.get_latest_revision().approved_go_live_at == date
    assert "scheduled" in response.content.decode().lower()


@pytest.mark.django_db
def test_a_go_live_time_before_a_future_date_is_refused(admin_client, site_tree, add_url):
    date = timezone.now() + datetime.timedelta(days=3)
    response = admin_client.post(
        add_url, publish_form(site_tree, date, go_live_at=date - datetime.timedelta(days=1))
    )
    assert response.status_code == 200
    assert not BlogPostPage.objects.filter(slug="coming-soon").exists()
    assert "is after the go-live time" in response.content.decode()


@pytest.mark.django_db
def test_a_past_date_publishes_at_once(admin_client, site_tree, add_url):
    date = timezone.now() - datetime.timedelta(days=3)
    admin_client.post(add_url, publish_form(site_tree, date))
    post = BlogPostPage.objects.get(slug="coming-soon")
    assert post.live and post.go_live_at is None
