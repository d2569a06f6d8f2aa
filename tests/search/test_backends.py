"""search/backends/: on SQLite, the newest matches are found among the newest pages first,
with exactly the results Wagtail's own compiler gives; other databases keep Wagtail's backend."""

import datetime

from django.db import connection
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from core.text import build_query
from search.backends import SearchBackend
from tests.reading import bilingual_blog, make_posts, paragraph

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
if connection.vendor == "sqlite":
    # modelsearch's SQLite module defines its full-text model on SQLite only.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    from search.backends import sqlite as backends


@pytest.fixture
def small_window(monkeypatch):
    """A window of two pages per result wanted (at most 12), so 30 posts overflow it."""
    monkeypatch.setattr(backends, "WINDOW_PER_RESULT", 2)
    monkeypatch.setattr(backends, "MAX_WINDOW", 12)


@pytest.fixture
def posts(site_tree, small_window):
    """30 posts a day apart, newest first: every one says "harbour", every third "frigate",
    and only the three oldest "lighthouse"."""
    blog = bilingual_blog(site_tree)
    posts = []
    for n in range(30):
        words = ["harbour"]
        if n % 3 == 0:
            words.append("frigate")
        if n >= 27:
            words.append("lighthouse")
        (post,) = make_posts(
            blog["blog"], 1, start=n, body=paragraph(f"<p>{' '.join(words)} notes.</p>")
        )
        published = timezone.now() - datetime.timedelta(days=n)
        Page.objects.filter(pk=post.pk).update(first_published_at=published)
        posts.append(post)
    return posts


@pytest.fixture
def fast_path_used(monkeypatch):
    """How many slices the window answered (rather than falling back)."""
    answered = []
    original = backends.NewestFirstSQLiteSearchQueryCompiler.newest_matches

    def recording(self, *args):
        found = original(self, *args)
        if found is not None:
            answered.append(found)
        return found

    monkeypatch.setattr(backends.NewestFirstSQLiteSearchQueryCompiler, "newest_matches", recording)
    return answered


def newest_first(word: str):
    return Page.objects.live().order_by("-first_published_at"), build_query(word)


def titles(results) -> list[str]:
    return [page.title for page in results]


@on_sqlite
class TestNewestFirstOnSQLite:
    def test_default_backend_is_the_newest_first_one(self):
        assert isinstance(get_search_backend(), backends.NewestFirstSQLiteSearchBackend)

    def test_same_results_as_wagtails_compiler(self, posts):
        # Every word and window over one set of 30 posts (making them is most of the time).
        differences = []
        for word in ("harbour", "frigate", "lighthouse", "absent"):
            pages, query = newest_first(word)
            stock = SQLiteSearchBackend({}).search(query, pages, order_by_relevance=False)
            ours = get_search_backend().search(query, pages, order_by_relevance=False)
            if ours.count() != stock.count():
                differences.append(f"{word}: {ours.count()} results, Wagtail {stock.count()}")
            for start, stop in ((0, 10), (0, 3), (3, 6), (9, 12), (20, 30)):
                # Each slice from a fresh search, as a page of results asks for it.
                ours = get_search_backend().search(query, pages, order_by_relevance=False)
                expected = titles(stock[start:stop])
                if titles(ours[start:stop]) != expected:
                    differences.append(f"{word} [{start}:{stop}]: {titles(ours[start:stop])}")
        assert not differences, differences

    def test_common_word_answered_from_the_newest_pages(self, posts, fast_path_used):
        pages, query = newest_first("harbour")

        found = get_search_backend().search(query, pages, order_by_relevance=False)[0:5]

        assert titles(found) == titles(posts[:5])
        assert len(fast_path_used) == 1

    def test_word_missing_from_the_newest_pages_falls_back(self, posts, fast_path_used):
        pages, query = newest_first("lighthouse")

        found = get_search_backend().search(query, pages, order_by_relevance=False)[0:5]

        assert titles(found) == titles(posts[27:])
        assert fast_path_used == []

    def test_short_window_falls_back_without_losing_results(self, posts, fast_path_used):
        # The window for 4 results is 8 pages, holding 3 "frigate" posts: not enough.
        pages, query = newest_first("frigate")

        found = get_search_backend().search(query, pages, order_by_relevance=False)[0:4]

        assert titles(found) == titles(posts[0:12:3])
        assert fast_path_used == []

    def test_ascending_order_untouched(self, posts, fast_path_used):
        pages = Page.objects.live().order_by("first_published_at")

        found = get_search_backend().search(build_query("harbour"), pages, order_by_relevance=False)

        assert titles(found[0:3]) == titles(reversed(posts[-3:]))
        assert fast_path_used == []

    def test_relevance_order_untouched(self, posts, fast_path_used):
        pages, query = newest_first("harbour")

        found = get_search_backend().search(query, pages)[0:5]

        assert len(list(found)) == 5
        assert fast_path_used == []

    def test_site_search_pages_through_results(self, client, posts):
        first = client.get("/search/?query=harbour").content.decode()
        third = client.get("/search/?query=harbour&page=3").content.decode()

        assert "30 results" in first
        assert first.index(posts[0].title) < first.index(posts[9].title)
        assert posts[10].title not in first
        assert posts[20].title in third and posts[29].title in third


@pytest.mark.skipif(connection.vendor == "sqlite", reason="other databases")
def test_other_databases_keep_wagtails_backend():
    assert type(SearchBackend({})).__module__.startswith("modelsearch.backends.database.")
    assert type(get_search_backend()).__module__.startswith("modelsearch.backends.database.")
