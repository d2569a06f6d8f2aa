"""An uncached page is assembled from parts kept for one content generation: each part must
change the moment what it shows changes, and a reader's own view must never be shared."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

import pytest

from core.cache import store
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, translate_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def post(site_tree):
    return BlogPostPageFactory(parent=site_tree["blog"], title="Shared parts", slug="shared")


def read(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_request_reads_the_generation_once(client, post, monkeypatch):
    read(client, post.url)
    reads = []
    original = store._read_generation
    monkeypatch.setattr(store, "_read_generation", lambda: reads.append(1) or original())

    read(client, post.url)

    # Fragments, memos and counts each ask; the request's snapshot answers all but the first.
    assert len(reads) == 1


def test_a_change_made_during_a_request_moves_its_generation_on():
    with store.generation_for_request():
        before = store.current_generation()
        after = store.bump_generation()
        assert store.current_generation() == after != before
    assert store.current_generation() == after


def test_a_warm_post_page_makes_only_its_own_queries(client, post):
    read(client, post.url)
    with CaptureQueriesContext(connection) as queries:
        read(client, post.url)
    sql = [query["sql"] for query in queries.captured_queries]
    # The page itself, inside the request's transaction: everything else is kept.
    assert len([line for line in sql if line.startswith("SELECT")]) == 1, sql


def test_a_new_view_restriction_applies_at_once(client, post):
    read(client, post.url)

    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(post.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_renamed_site_shows_its_new_name_at_once(client, post):
    assert "Britain and Japan" in read(client, post.url)

    site = Site.objects.get()
    site.site_name = "Anglo-Japanese Notes"
    site.save()

    assert "Anglo-Japanese Notes" in read(client, post.url)


def test_a_published_translation_is_linked_at_once(client, post, site_tree):
    translate_page(site_tree["home"], site_tree["ja"])
    translate_page(site_tree["blog"], site_tree["ja"])
    assert '<link rel="alternate" hreflang="ja"' not in read(client, post.url)

    japanese = translate_page(post, site_tree["ja"], title="共有の部品")

    page = read(client, post.url)
    assert f'<link rel="alternate" hreflang="ja" href="http://testserver{japanese.url}">' in page
    assert "next=" + japanese.url.replace("/", "%2F") in page


def test_an_approved_comment_shows_at_once_and_a_pending_one_never(client, post):
    assert "No comments yet." in read(client, post.url)

    CommentFactory(post=post, author_name="Pending Reader", status="pending")
    CommentFactory(post=post, author_name="Approved Reader")

    page = read(client, post.url)
    assert "Approved Reader" in page
    assert "Pending Reader" not in page
    assert "1 Comment" in page


def test_a_readers_own_comment_form_is_never_shared(client, post, django_user_model):
    parent = CommentFactory(post=post, author_name="Asked")
    read(client, post.url)

    reply = read(client, f"{post.url}?replyto={parent.pk}")
    assert "Reply to Asked" in reply
    assert "Reply to Asked" not in read(client, post.url)

    user = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    client.force_login(user)
    signed_in = read(client, post.url)
    assert 'name="csrfmiddlewaretoken"' in signed_in
    assert 'value="reader@example.com"' in signed_in
    client.logout()
    anonymous = read(client, post.url)
    assert 'name="csrfmiddlewaretoken"' not in anonymous
    assert "reader@example.com" not in anonymous


def test_a_listing_shows_a_new_post_at_once_page_by_page(client, site_tree, post):
    blog = site_tree["blog"]
    BlogPostPageFactory.create_batch(10, parent=blog)
    # Ten posts a page, newest first: the eleventh is on the second page alone.
    first, second = read(client, blog.url), read(client, f"{blog.url}?page=2")
    assert first.count('class="post-summary"') == 10
    assert second.count('class="post-summary"') == 1

    BlogPostPageFactory(parent=blog, title="Fresh news", date=timezone.now())

    assert "Fresh news" in read(client, blog.url)
    assert "Fresh news" in read(client, site_tree["home"].url)
    assert read(client, f"{blog.url}?page=2").count('class="post-summary"') == 2
