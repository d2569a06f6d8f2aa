"""Query budgets: every public page makes a small, fixed number of SQL queries.

Each page is measured with 5 and with 50 posts (each with an author, a feature image,
categories, tags, approved comments, some with a Japanese translation), rendered afresh
(the page cache and its fragments off), after one warm-up request that makes image renditions. The count must
be the same at both sizes and within the page's budget; then again with the fragments and
memos warm, as a busy site serves pages its page cache does not hold.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from comments.models import Comment
from tests.factories import (
    AuthorFactory,
    BlogPostPageFactory,
    CategoryPageFactory,
    TagFactory,
    translate_page,
)

pytestmark = pytest.mark.django_db

# The most queries each page may make. A page that needs more has an N+1 or a missing cache.
BUDGETS = {
    "home": 16,
    "index": 20,
    "category": 20,
    "post": 28,
    "ja home": 18,
    "ja index": 23,
    "ja post": 31,
    "tag archive": 20,
    "author archive": 20,
    "year archive": 20,
    "month archive": 20,
    "feed": 5,
    "atom feed": 5,
    "tag feed": 6,
    "sitemap": 9,
    "sitemap page": 1,
    "search": 16,
    "ja search": 16,
}

# The same pages with the parts kept per content generation already made (routes, sites,
# fragments, counts): the page's own row, plus what a feed, a search or the sitemap reads.
WARM_BUDGETS = {
    "home": 2,
    "index": 1,
    "category": 1,
    "post": 1,
    "ja home": 2,
    "ja index": 1,
    "ja post": 1,
    "tag archive": 2,
    "author archive": 2,
    "year archive": 2,
    "month archive": 2,
    "feed": 5,
    "atom feed": 5,
    "tag feed": 6,
    "sitemap": 2,
    "sitemap page": 1,
    # On SQLite one more: where the newest pages end (search/backends/sqlite.py). And the
    # count of matches: kept only from 100 matches up (core/cache/values.py), so that made-up
    # searches cannot fill the cache; these searches find 5 and 50.
    "search": 10,
    "ja search": 10,
}


class Blog:
    """A growing blog: add posts, then list the URLs of every public page."""

    def __init__(self, site_tree: dict) -> None:
        self.site = site_tree
        self.authors = [AuthorFactory(name=f"Writer {n}") for n in range(3)]
        self.images = [
            Image.objects.create(title=f"Picture {n}", file=get_test_image_file(colour="blue"))
            for n in range(2)
        ]
        self.categories = [
            site_tree["category"],
            CategoryPageFactory(parent=site_tree["blog"], title="Defence", slug="defence"),
            CategoryPageFactory(parent=site_tree["blog"], title="Trade", slug="trade"),
        ]
        self.tags = [TagFactory(name=f"alliance {n}", slug=f"alliance-{n}") for n in range(4)]
        self.posts = []
        self.ja_post = None

    def add_posts(self, count: int) -> None:
        for _ in range(count):
            n = len(self.posts)
            post = BlogPostPageFactory(
                parent=self.site["blog"],
                title=f"Alliance post {n}",
                author=self.authors[n % 3],
                feature_image=self.images[n % 2],
                categories=[self.categories[n % 3], self.categories[(n + 1) % 3]],
                tags=[self.tags[n % 4], self.tags[(n + 1) % 4]],
                body=[
                    {"type": "heading", "value": {"text": f"Heading {n}", "level": "h2"}},
                    {"type": "paragraph", "value": f"<p>The alliance paragraph {n}.</p>"},
                    {
                        "type": "image",
                        "value": {
                            "image": self.images[n % 2].pk,
                            "alt": "A picture",
                            "caption": "",
                            "credit": "",
                        },
                    },
                    {"type": "more", "value": None},
                    {"type": "paragraph", "value": "<p>After the break.</p>"},
                ],
            )
            for m in range(2):
                Comment.objects.create(
                    post=post,
                    author_name=f"Reader {m}",
                    body="Agreed.",
                    status=Comment.Status.APPROVED,
                )
            if n % 5 == 0:
                translated = translate_page(post, self.site["ja"], title=f"同盟の記事 {n}")
                self.ja_post = self.ja_post or translated
            self.posts.append(post)

    def urls(self) -> dict[str, str]:
        blog, post = self.site["blog"], self.posts[0]
        ja_home = self.site["home"].get_translation(self.site["ja"])
        ja_blog = blog.get_translation(self.site["ja"])
        year = post.date.year
        return {
            "home": "/",
            "index": blog.url,
            "category": self.categories[1].url,
            "post": post.url,
            "ja home": ja_home.url,
            "ja index": ja_blog.url,
            "ja post": self.ja_post.url,
            "tag archive": f"{blog.url}tag/{self.tags[1].slug}/",
            "author archive": f"{blog.url}author/{self.authors[1].slug}/",
            "year archive": f"{blog.url}{year}/",
            "month archive": f"{blog.url}{year}/{post.date.month:02d}/",
            "feed": f"{blog.url}feed/",
            "atom feed": f"{blog.url}feed/atom/",
            "tag feed": f"{blog.url}tag/{self.tags[1].slug}/feed/",
            "sitemap": "/sitemap.xml",
            "sitemap page": "/sitemap-pages.xml",
            "search": "/search/?query=alliance",
            "ja search": "/ja/search/?query=同盟",
        }


def count_queries(client: Client, url: str) -> tuple[int, int, list[str]]:
    # Warm-up: renditions, Wagtail's site root paths, the route memo. A first visit may also
    # create a row once (a site's settings), which starts a new generation: so twice.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Savepoints are bookkeeping around other statements, not queries of their own.
    sql = [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    return response.status_code, len(sql), sql


def test_every_public_page_makes_a_fixed_number_of_queries(settings, site_tree):
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_FRAGMENTS = False
    blog = Blog(site_tree)
    client = Client()

    blog.add_posts(5)
    small = {name: count_queries(client, url) for name, url in blog.urls().items()}
    blog.add_posts(45)
    large = {name: count_queries(client, url) for name, url in blog.urls().items()}

    problems = []
    for name in BUDGETS:
        status, count_5, _ = small[name]
        status_50, count_50, sql = large[name]
        if not status == status_50 == 200:
            problems.append(f"{name}: HTTP {status} with 5 posts, {status_50} with 50")
        elif count_5 != count_50:
            problems.append(
                f"{name}: {count_5} queries with 5 posts, {count_50} with 50:\n" + "\n".join(sql)
            )
        elif count_50 > BUDGETS[name]:
            problems.append(
                f"{name}: {count_50} queries, over its budget of {BUDGETS[name]}:\n"
                + "\n".join(sql)
            )
    assert not problems, "\n\n".join(problems)


def test_a_cached_page_makes_no_query(site_tree):
    blog = Blog(site_tree)
    blog.add_posts(5)
    client = Client()
    for url in blog.urls().values():
        # The first visits may create rows once (a site's settings), which makes pages stale.
        client.get(url)
    for name, url in blog.urls().items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        assert response["X-Page-Cache"] == "hit", name
        assert len(queries) == 0, f"{name}: {[query['sql'] for query in queries.captured_queries]}"


def test_warm_pages_read_little_more_than_their_own_row(settings, site_tree):
    """Page cache off, the parts kept per content generation warm: the state of a busy site."""
    settings.PAGE_CACHE_ENABLED = False
    blog = Blog(site_tree)
    client = Client()

    def warm_counts() -> dict:
        counts = {}
        for name, url in blog.urls().items():
            client.get(url)
            counts[name] = count_queries(client, url)
        return counts

    blog.add_posts(5)
    small = warm_counts()
    blog.add_posts(45)
    large = warm_counts()

    problems = []
    for name, budget in WARM_BUDGETS.items():
        (_, count_5, _), (status, count_50, sql) = small[name], large[name]
        if status != 200 or count_5 != count_50 or count_50 > budget:
            problems.append(
                f"{name}: HTTP {status}, {count_5} queries with 5 posts, {count_50} with 50 "
                f"(budget {budget}):\n" + "\n".join(sql)
            )
    assert not problems, "\n\n".join(problems)
