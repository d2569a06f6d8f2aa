"""Routing from memory: a page found once is fetched in one query until content changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from core import routing
from core.cache.memo import GenerationMemo
from core.sites import pick_site, read_sites
from tests.factories import BlogPostPageFactory, TagFactory, translate_page
from tests.reading import bilingual_blog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def page_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def test_a_remembered_route_fetches_the_page_in_one_query(client, site_tree, monkeypatch):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Routed", slug="routed")
    assert client.get(post.url).status_code == 200  # fragments and memos made

    _, remembered = page_queries(client, post.url)
    monkeypatch.setattr(routing, "route_memo", GenerationMemo())
    _, walked = page_queries(client, post.url)

    # Found afresh: the page and its ancestors by url_path in one query, then the post
    # (Wagtail's walk took four: the locale, the home made specific, the blog, the post).
    # From memory: the post alone.
    assert walked - remembered == 1, (walked, remembered)


def test_a_route_of_a_routable_ancestor_wins_over_a_child_of_that_slug(client, site_tree):
    """As in Wagtail's walk: the blog's own feed/ route comes before a post named "feed"."""
    BlogPostPageFactory(parent=site_tree["blog"], title="Feed", slug="feed")
    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_a_page_is_found_by_url_path_without_walking(site_tree, rf):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Direct", slug="direct")
    request = rf.get("/blog/direct/")
    site = site_tree["home"].get_site()
    found = routing.find_route(request, site, "blog/direct/", 1)
    assert found == (post.content_type_id, post.pk, 2)
    # The blog's own routes: the blog, with the rest of the path left to it.
    found = routing.find_route(request, site, "blog/2024/", 1)
    assert found == (site_tree["blog"].content_type_id, site_tree["blog"].pk, 1)
    # A child named like one of the blog's routes: Wagtail's walk decides.
    BlogPostPageFactory(parent=site_tree["blog"], title="Tag", slug="2024")
    assert routing.find_route(request, site, "blog/2024/", 1) is None


def test_a_new_slug_is_routed_at_once_and_the_old_one_no_longer(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Renamed", slug="old-name")
    assert client.get("/blog/old-name/").status_code == 200
    assert client.get("/blog/old-name/").status_code == 200  # from memory

    post.slug = "new-name"
    post.save_revision().publish()

    # Not the remembered route: publishing with a new slug adds no redirect, so the old
    # address is simply gone.
    assert client.get("/blog/old-name/").status_code == 404
    assert client.get("/blog/new-name/").status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Withdrawn", slug="withdrawn")
    assert client.get(post.url).status_code == 200
    assert client.get(post.url).status_code == 200

    post.unpublish()

    assert client.get("/blog/withdrawn/").status_code == 404


def test_archives_of_a_routable_index_are_served_from_memory(client, site_tree):
    tag = TagFactory(name="Navy", slug="navy")
    BlogPostPageFactory(parent=site_tree["blog"], title="Fleet review", tags=[tag])

    for _ in range(2):
        response = client.get("/blog/tag/navy/")
        assert response.status_code == 200
        assert "Fleet review" in response.content.decode()
    assert client.get("/blog/tag/no-such-tag/").status_code == 404


def test_each_language_keeps_its_own_route(client, site_tree):
    blog = bilingual_blog(site_tree)
    post = BlogPostPageFactory(parent=blog["blog"], title="In English", slug="same-slug")
    translate_page(post, blog["ja"], title="日本語で")

    for _ in range(2):
        assert "In English" in client.get("/blog/same-slug/").content.decode()
        assert "日本語で" in client.get("/ja/blog/same-slug/").content.decode()


def test_the_sites_and_their_root_paths_are_wagtails_in_one_query(
    site_tree, rf, django_assert_num_queries
):
    bilingual_blog(site_tree)
    other = Site.objects.create(hostname="other.example", port=8000, root_page=site_tree["blog"])
    with django_assert_num_queries(1):
        sites, paths = read_sites()
    assert sorted(paths) == sorted(Site.get_site_root_paths())
    # The request's site, picked from those rows as Site.find_for_request picks it.
    for host, port in [
        ("localhost", 80),
        ("other.example", 8000),
        ("other.example", 80),
        ("unknown.example", 80),
    ]:
        request = rf.get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)
        assert pick_site(sites, host, request.get_port()) == Site.find_for_request(request), (
            host,
            port,
        )
    other.is_default_site = True
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    other.save()
    sites, _paths = read_sites()
    for host in ("localhost", "unknown.example"):
        request = rf.get("/", HTTP_HOST=host)
        assert pick_site(sites, host, 80) == Site.find_for_request(request), host
