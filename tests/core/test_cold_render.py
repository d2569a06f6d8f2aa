"""A cold render: every cache layer off, nothing kept from an earlier request.

Django's caches are dummies (the page cache, fragments, cached values, and Wagtail's own
cached site root paths and renditions keep nothing), the page cache and fragments are
switched off, and every per-process memo is emptied before each request: what the first
reader of a page sees after a change, as ``bench/cold.py`` measures it. Each page must make
the same number of queries with 5 posts and with 30 (no query per post, image or block) and
stay within its budget. Times are measured by ``bench/cold.py``, never asserted here.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from core.cache.memo import clear_memos
from tests.test_query_budgets import Blog

pytestmark = pytest.mark.django_db

# Issue 15 asks for at most 12 queries on each of these pages. The budgets are what a cold
# render makes today on this test site (docs/benchmarks.md lists where the rest go); lower
# them as queries are removed, never raise them. The index's month sidebar counts its months,
# the posts near a local month start and the posts its pages list in one query.
# Measured after the reader features (footer categories, subscribe form, share links, reading
# settings) joined the cold render: 34 / 26 / 27 / 22 on 2 December 2026; lowered the same day
# by routing on url_path in one query, neighbours and images in one query each, feature images
# joined to listed posts.
TARGET = 12
# The feed and a sitemap page (target: 10 and 40 ms) joined on 2 December 2026 at 9 and 6.
# Lowered the same day to what the chrome, post, listing and feed work left (SQLite and
# PostgreSQL alike): every page now within the 12-query target.
BUDGETS = {"post": 9, "index": 9, "category": 9, "home": 8, "feed": 7, "sitemap page": 4}

# Statements that open or close the request's transaction, not queries of their own.
BOOKKEEPING = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture
def all_caches_off(settings) -> None:
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = dict.fromkeys(settings.CACHES, dummy)
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_FRAGMENTS = False


def cold_queries(client: Client, url: str) -> tuple[int, list[str]]:
    # The first visit makes the image renditions (rows, as a publish or preview would).
    assert client.get(url).status_code == 200
    clear_memos()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(BOOKKEEPING)]
    return len(sql), sql


def urls(blog: Blog) -> dict[str, str]:
    every = blog.urls()
    # The newest post: the one with a neighbour on one side and related posts.
    return {
        "post": blog.posts[-1].url,
        "index": every["index"],
        "category": every["category"],
        "home": every["home"],
        "feed": every["feed"],
        "sitemap page": every["sitemap page"],
    }


def test_cold_pages_make_a_fixed_number_of_queries_within_budget(all_caches_off, site_tree):
    blog = Blog(site_tree)
    client = Client()
    blog.add_posts(5)
    small = {name: cold_queries(client, url) for name, url in urls(blog).items()}
    blog.add_posts(25)
    large = {name: cold_queries(client, url) for name, url in urls(blog).items()}

    problems = []
    for name, budget in BUDGETS.items():
        (count_5, _), (count_30, sql) = small[name], large[name]
        if count_5 != count_30 or count_30 > budget:
            problems.append(
                f"{name}: {count_5} queries cold with 5 posts, {count_30} with 30 "
                f"(budget {budget}, target {TARGET}):\n" + "\n".join(sql)
            )
    assert not problems, "\n\n".join(problems)


def test_nothing_is_kept_between_cold_renders(all_caches_off, site_tree):
    """The switch works: a second cold render of a page reads as much as the first."""
    blog = Blog(site_tree)
    blog.add_posts(3)
    client = Client()
    url = blog.posts[-1].url
    first, _ = cold_queries(client, url)
    second, _ = cold_queries(client, url)
    assert first == second > 1


def test_postgresql_compiles_no_statement_just_in_time():
    # On tables not analysed yet, PostgreSQL's JIT took 0.45 s to compile the sites' statement
    # of every cold request (settings/base.py); SQLite has no such thing to turn off.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    else:
        assert "options" not in connection.settings_dict["OPTIONS"]
