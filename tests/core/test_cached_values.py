"""Values read from many rows (listing counts, the month archive, sitemap totals) are made
once per generation and are never served after the content they were read from changed."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories

from core.cache import invalidate
from core.cache.blocks import load_images
from core.cache.values import cached_for_generation
from search import views as search_views
from tests.factories import BlogPostPageFactory
from tests.reading import make_posts, when

pytestmark = pytest.mark.django_db


def test_a_value_is_computed_once_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_for_generation("test:value", compute) == 1
    assert cached_for_generation("test:value", compute) == 1
    invalidate("content changed")
    assert cached_for_generation("test:value", compute) == 2


def test_a_value_computed_while_content_changed_is_not_served_afterwards():
    def compute_while_an_editor_publishes():
        invalidate("published during the computation")
        return "read from the content as it was"

    cached_for_generation("test:racy", compute_while_an_editor_publishes)
    assert cached_for_generation("test:racy", lambda: "fresh") == "fresh"


def count_statements(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


@override_settings(PAGE_CACHE_ENABLED=False)
def test_listing_count_and_month_archive_are_read_once_then_follow_new_posts(client, site_tree):
    blog = site_tree["blog"]
    make_posts(blog, 11)
    url = blog.url

    first = count_statements(client, url)
    second = count_statements(client, url)
    # The sidebar's months and the number of posts listed are one grouping of the posts by
    # month (blog/archive_months.py); the paginator is given that number instead of counting.
    by_month = ('AS "month"', 'AS "utc_month"')  # PostgreSQL's TruncMonth, SQLite's text month

    def months(statements: list[str]) -> list[str]:
        return [sql for sql in statements if "GROUP BY" in sql and any(m in sql for m in by_month)]

    assert len(months(first)) == 1, first
    assert months(second) == [], "counted once"
    assert not any(sql.startswith('SELECT COUNT(*) AS "__count"') for sql in first + second)
    assert client.get(f"{url}?page=2").status_code == 200
    assert client.get(f"{url}?page=3").status_code == 404

    # Ten more posts, one of them in a month that had none: a third page and a new month.
    make_posts(blog, 9, start=11)
    BlogPostPageFactory(parent=blog, title="A spring post", date=when(2025, 3, 10))
    assert client.get(f"{url}?page=3").status_code == 200
    page = client.get(url).content.decode()
    assert f"{url}2025/03/" in page


@override_settings(PAGE_CACHE_ENABLED=False)
def test_category_and_tag_listings_follow_new_posts(client, site_tree):
    category = site_tree["category"]
    make_posts(site_tree["blog"], 10, categories=[category])
    assert client.get(f"{category.url}?page=2").status_code == 404
    BlogPostPageFactory(parent=site_tree["blog"], title="Eleventh", categories=[category])
    assert client.get(f"{category.url}?page=2").status_code == 200


@override_settings(PAGE_CACHE_ENABLED=False)
def test_without_cheap_ranking_search_lists_newest_first(client, site_tree, monkeypatch):
    monkeypatch.setattr(search_views, "ranks_cheaply", lambda: False)
    BlogPostPageFactory(
        parent=site_tree["blog"],
        title="Harbour harbour harbour",
        first_published_at=when(2020, 1, 1),
    )
    BlogPostPageFactory(
        parent=site_tree["blog"],
        title="A note on the harbour",
        first_published_at=when(2024, 1, 1),
    )

    page = client.get("/search/?query=harbour").content.decode()
    assert page.index("A note on the") < page.index("Harbour")


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_private_page_leaves_the_sitemap_and_search_as_soon_as_it_is_restricted(
    client, site_tree
):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Members harbour briefing")
    assert post.url in client.get("/search/?query=harbour").content.decode()
    assert post.url in client.get("/sitemap-pages.xml").content.decode()

    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert post.url not in client.get("/search/?query=harbour").content.decode()
    assert post.url not in client.get("/sitemap-pages.xml").content.decode()


def test_images_come_with_their_renditions_in_one_query(django_assert_num_queries):
    image = wagtail_factories.ImageFactory()
    image.get_rendition("width-100")
    bare = wagtail_factories.ImageFactory()  # no rendition made yet

    with django_assert_num_queries(1):
        images = load_images([image.pk])
    with django_assert_num_queries(0):
        assert images[image.pk].get_rendition("width-100").width == 100

    # An image without renditions is read on its own, as Wagtail's prefetch_renditions() would.
    with django_assert_num_queries(3):
        assert set(load_images([image.pk, bare.pk, 999_999])) == {image.pk, bare.pk}
