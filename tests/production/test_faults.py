"""Faults: a provider that never answers, a publish or an import that fails halfway."""

import socket

from django.core.management import call_command
from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from blog.models import BlogPostPage
from comments.models import Comment
from tests.factories import BlogPostPageFactory
from wordpress_import.models import ImportedObject

FIXTURES = "tests/wordpress_import/fixtures"


class Boom(Exception):
    """The failure injected halfway through a write."""


@pytest.fixture
def silent_provider(settings):
    """An oEmbed endpoint that accepts connections and never answers, like a hung provider."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/oembed"
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [{"endpoint": endpoint, "urls": [r"^https://video\.example\.test/.+$"]}],
        }
    ]
    yield endpoint
    listener.close()


@pytest.mark.django_db
def test_an_embed_provider_timing_out_leaves_the_page_rendering(client, site_tree, silent_provider):
    post = BlogPostPageFactory(
        parent=site_tree["blog"],
        slug="with-video",
        body=[
            {"type": "paragraph", "value": "<p>Before the video.</p>"},
            {
                "type": "embed",
                "value": {"embed": "https://video.example.test/v/42", "caption": "Talks"},
            },
            {"type": "paragraph", "value": "<p>After the video.</p>"},
        ],
    )
    response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="https://video.example.test/v/42"' in html
    assert "After the video." in html


def post_form(site_tree) -> dict:
    return nested_form_data(
        {
            "title": "Half-published",
            "slug": "half-published",
            "date": "2024-05-01 09:00",
            "excerpt": "",
            "body": streamfield([("paragraph", rich_text("<p>Words.</p>"))]),
            "categories": site_tree["category"].pk,
            "tag_names": "",
            "action-publish": "action-publish",
        }
    )


@pytest.mark.django_db(transaction=True)
def test_a_publish_that_fails_halfway_leaves_nothing_behind(site_tree, admin_user):
    def fail(**kwargs):
        raise Boom("the search index is full")

    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()
    page_published.connect(fail)
    try:
        response = client.post(
            f"/admin/pages/add/blog/blogpostpage/{site_tree['blog'].pk}/", post_form(site_tree)
        )
    finally:
        page_published.disconnect(fail)
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="half-published").exists()
    assert Revision.objects.count() == revisions
    assert PageLogEntry.objects.count() == logs
    # Without the fault the same form publishes.
    client.post(f"/admin/pages/add/blog/blogpostpage/{site_tree['blog'].pk}/", post_form(site_tree))
    assert BlogPostPage.objects.live().filter(slug="half-published").exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_halfway_leaves_nothing_behind(site_tree, tmp_path):
    published = []

    def fail_on_the_second_post(sender, instance, **kwargs):
        published.append(instance.pk)
        if len(published) == 2:
            raise Boom("the disk is full")

    pages = BlogPostPage.objects.count()
    page_published.connect(fail_on_the_second_post)
    try:
        with pytest.raises(Boom):
            call_command("import_wordpress", f"{FIXTURES}/classic.xml", "--no-progress")
    finally:
        page_published.disconnect(fail_on_the_second_post)
    assert len(published) == 2, "the first post was written before the fault"
    assert BlogPostPage.objects.count() == pages
    assert Comment.objects.count() == 0
    assert ImportedObject.objects.count() == 0
    assert Redirect.objects.count() == 0
