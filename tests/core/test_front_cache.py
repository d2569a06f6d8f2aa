"""Front caches: Redis as the shared page store, and purges sent to a caching proxy."""

import os

from django.core.cache import caches
from django.test import Client

import pytest
import redis

from core.cache import current_generation, invalidate
from core.cache.store import GENERATION_KEY
from tests.core.purge_recorder import recording_proxy
from tests.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache(settings):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"pagecache-test-{os.getpid()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    invalidate("test start")
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_pages_and_the_generation_live_in_redis(redis_cache, site_tree):
    client, prefix = redis_cache
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Stored in Redis")
    reader = Client()
    assert reader.get(post.url)["X-Page-Cache"] == "miss"
    assert reader.get(post.url)["X-Page-Cache"] == "hit"
    assert client.get(f"{prefix}:1:{GENERATION_KEY}") is not None
    assert any(b"pagecache:page:" in key for key in client.scan_iter(f"{prefix}:*"))


def test_a_change_made_by_another_app_server_is_seen_at_once(redis_cache, site_tree):
    """Another app server sharing Redis bumps the generation; this one stops serving its copy."""
    client, prefix = redis_cache
    post = BlogPostPageFactory(parent=site_tree["blog"])
    reader = Client()
    reader.get(post.url)
    assert reader.get(post.url)["X-Page-Cache"] == "hit"
    before = current_generation()
    # What the other server's cache client writes, sent over a connection of its own.
    other_server = caches.create_connection("default")
    other_server.set(GENERATION_KEY, "another-servers-generation", timeout=None)
    assert current_generation() == "another-servers-generation" != before
    assert reader.get(post.url)["X-Page-Cache"] == "miss"


def test_redis_down_means_slower_pages_not_errors(settings, site_tree):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
            },
        }
    }
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Still served")
    for _ in range(2):
        response = Client().get(post.url)
        assert response.status_code == 200
        assert b"Still served" in response.content


@pytest.fixture
def proxy(settings):
    with recording_proxy(settings, with_host=True) as received:
        yield received


def test_publishing_purges_the_page_and_bans_the_proxys_pages(
    proxy, site_tree, django_capture_on_commit_callbacks
):
    post = BlogPostPageFactory(parent=site_tree["blog"], slug="purged-post")
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Purged"
        post.save_revision().publish()
    methods = {(method, path) for method, _host, path in proxy}
    assert ("PURGE", "/blog/purged-post/") in methods
    assert ("BAN", "/") in methods


def test_a_comment_approval_bans_the_proxys_pages(
    proxy, site_tree, django_capture_on_commit_callbacks
):
    from comments.models import Comment

    post = BlogPostPageFactory(parent=site_tree["blog"])
    comment = Comment.objects.create(post=post, author_name="Reader", body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = Comment.Status.APPROVED
        comment.save()
    assert [method for method, _host, _path in proxy] == ["BAN"]
