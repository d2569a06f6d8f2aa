"""Helpers for the reader-facing tests (archives, feeds, search, SEO): a bilingual blog with posts."""

import datetime
import re

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import BlogPostPage
from core import form_guard
from tests.factories import AuthorFactory, BlogPostPageFactory, TagFactory, translate_page


def bilingual_blog(site_tree: dict) -> dict:
    """``site_tree`` plus live Japanese versions of the home page, blog and category."""
    ja = site_tree["ja"]
    site_tree["ja_home"] = translate_page(site_tree["home"], ja, title="英国と日本")
    site_tree["ja_blog"] = translate_page(site_tree["blog"], ja, title="ブログ")
    site_tree["ja_category"] = translate_page(site_tree["category"], ja, title="未分類")
    return site_tree


def paragraph(html: str) -> list[dict]:
    return [{"type": "paragraph", "value": html}]


def when(year: int, month: int, day: int = 1, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def make_posts(blog, count: int, start: int = 0, **fields) -> list:
    """``count`` posts a day apart under ``blog``, sharing one author, category and tag when given."""
    return [
        BlogPostPageFactory(
            parent=blog,
            title=f"Dispatch {start + n}",
            slug=f"dispatch-{start + n}",
            date=when(2024, 6, 28) - datetime.timedelta(days=start + n),
            **fields,
        )
        for n in range(count)
    ]


@override_settings(PAGE_CACHE_ENABLED=False)
def count_queries(client, url: str) -> int:
    """SQL queries of one GET of ``url`` rendered afresh (the page cache is off), after a first
    GET has warmed per-process caches such as Wagtail's site root paths."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # A count of nothing would mean a cache answered, and the comparison would prove nothing.
    assert len(queries) > 0, url
    return len(queries)


__all__ = [
    "AuthorFactory",
    "TagFactory",
    "bilingual_blog",
    "count_queries",
    "make_posts",
    "paragraph",
    "when",
]


def without_form_timestamps(content: bytes) -> bytes:
    """``content`` with the forms' signed "shown at" times blanked: they are re-signed on every
    response (core.middleware), cache hits included; every other byte must stay the same."""

    def blank(match: re.Match) -> bytes:
        if match.group(2).decode() in form_guard.FRESH_TIMESTAMPS:
            return match.group(1) + match.group(4)
        return match.group(0)

    return form_guard.TIMESTAMP_INPUT.sub(blank, content)


def move_post_addresses(monkeypatch, prefix: str = "/moved") -> None:
    """Gives posts an address method of their own (every post under ``prefix``), as a page
    type that overrides ``get_url_parts`` would: code that makes addresses itself must ask it."""
    original = BlogPostPage.get_url_parts

    def get_url_parts(self, request=None):
        site_id, root_url, page_path = original(self, request)
        return site_id, root_url, f"{prefix}{page_path}"

    monkeypatch.setattr(BlogPostPage, "get_url_parts", get_url_parts)
