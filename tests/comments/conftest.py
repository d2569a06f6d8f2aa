"""Fixtures for the comments' tests: a published post and a clean rate-limit cache."""

import time

from django.core import signing
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Site

import pytest

from blog.models import BlogSettings
from comments.spam import TIMESTAMP_SALT
from tests.factories import BlogPostPageFactory


@pytest.fixture(autouse=True)
def clean_cache(settings):
    # These tests count queries and read fresh pages: no whole-page cache in between.
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()
    # A request to /ja/ leaves Japanese active in this thread; later tests expect the default.
    translation.deactivate()


@pytest.fixture
def post(site_tree):
    return BlogPostPageFactory(
        parent=site_tree["blog"], title="The new alliance", slug="new-alliance"
    )


def form_timestamp(post_id: int, seconds_ago: float = 60) -> str:
    """The token the form would have carried if shown ``seconds_ago``."""
    return signing.dumps(
        {"post": post_id, "at": int(time.time() - seconds_ago)}, salt=TIMESTAMP_SALT
    )


def comment_data(post, **overrides) -> dict:
    """A comment form as a person fills it in, shown a minute ago."""
    data = {
        "author_name": "Alice Reader",
        "author_email": "alice@example.com",
        "author_url": "",
        "body": "A thoughtful remark about the alliance.",
        "parent": "",
        "timestamp": form_timestamp(post.pk),
        "subject": "",
    }
    data.update(overrides)
    return data


def set_discussion(**values) -> None:
    """Changes the site's settings as an editor does in Settings → Blog settings."""
    blog_settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(blog_settings, name, value)
    blog_settings.save()
