"""Search: English stemming and phrases, Japanese two-character words, languages, snippets,
pagination, promotions and hostile queries. Runs on SQLite and PostgreSQL alike."""

import datetime
import re

from django.db import OperationalError
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from core.models import RateLimitHit
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import bilingual_blog, count_queries, make_posts, paragraph, when
from tests.workers import worker_cache

pytestmark = pytest.mark.django_db


def result_titles(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    found = re.findall(
        r'<li class="search-result">\s*<h2[^>]*><a href="[^"]*">(.*?)</a></h2>', html
    )
    return [re.sub(r"</?mark>", "", title) for title in found]


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    blog["treaty"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="Signing day",
        date=when(2024, 3, 1),
        body=paragraph("<p>Both governments signed the treaties in London after long talks.</p>"),
    )
    blog["phrase"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="Closer ties",
        date=when(2024, 2, 1),
        body=paragraph("<p>A new era of defence cooperation between the two navies.</p>"),
    )
    blog["reversed"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="Reversed words",
        date=when(2024, 1, 1),
        body=paragraph("<p>Their cooperation on defence began long ago.</p>"),
    )
    blog["alliance"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="The new alliance",
        slug="the-new-alliance",
        date=when(2023, 12, 1),
        body=paragraph("<p>An essay on the alliance.</p>"),
    )
    blog["ja_title"] = translate_page(
        blog["alliance"],
        blog["ja"],
        title="「新日英同盟」の時代",
        body=paragraph("<p>両国の関係について。</p>"),
    )
    blog["ja_body"] = BlogPostPageFactory(
        parent=blog["ja_blog"],
        title="海軍の話",
        date=when(2023, 11, 1),
        body=paragraph("<p>英国海軍と海上自衛隊の防衛協力が進んでいる。</p>"),
    )
    return blog


class TestEnglish:
    def test_stemmed_word_finds_other_forms(self, client, blog):
        assert result_titles(client.get("/search/?query=treaty")) == ["Signing day"]
        assert result_titles(client.get("/search/?query=signing")) == ["Signing day"]

    def test_phrase_matches_words_in_order_only(self, client, blog):
        phrase = result_titles(client.get('/search/?query="defence cooperation"'))
        words = result_titles(client.get("/search/?query=defence cooperation"))

        assert phrase == ["Closer ties"]
        assert sorted(words) == ["Closer ties", "Reversed words"]

    def test_snippet_marks_the_match(self, client, blog):
        html = client.get("/search/?query=treaty").content.decode()

        assert "signed the <mark>treaties</mark> in London" in html


class TestJapanese:
    def test_two_character_word_in_a_title(self, client, blog):
        response = client.get("/ja/search/?query=同盟")

        assert result_titles(response) == ["「新日英同盟」の時代"]
        assert "新日英<mark>同盟</mark>" in response.content.decode()

    def test_two_character_word_in_a_body_paragraph(self, client, blog):
        response = client.get("/ja/search/?query=協力")

        assert result_titles(response) == ["海軍の話"]
        assert "防衛<mark>協力</mark>が進んでいる" in response.content.decode()

    def test_longer_words_and_full_width_input(self, client, blog):
        assert result_titles(client.get("/ja/search/?query=防衛協力")) == ["海軍の話"]
        assert result_titles(client.get("/ja/search/?query=海上自衛隊")) == ["海軍の話"]
        # A run that is not in the text, though each character is, finds nothing.
        assert result_titles(client.get("/ja/search/?query=協防")) == []

    def test_quoted_japanese_phrase(self, client, blog):
        assert result_titles(client.get('/ja/search/?query="防衛協力"')) == ["海軍の話"]


class TestLanguages:
    def test_the_readers_language_by_default(self, client, blog):
        # The English post has a Japanese translation, so Japanese readers get the Japanese
        # (a Japanese query on the English site crosses languages: test_across_languages.py).
        assert result_titles(client.get("/ja/search/?query=alliance")) == []
        assert result_titles(client.get("/search/?query=alliance")) == ["The new alliance"]

    def test_all_languages_on_request(self, client, blog):
        response = client.get("/search/?query=同盟&languages=all")
        html = response.content.decode()

        assert result_titles(response) == ["「新日英同盟」の時代"]
        assert '<h2 lang="ja">' in html
        assert 'name="languages" value="all" checked' in html
        assert result_titles(client.get("/ja/search/?query=alliance&languages=all")) == [
            "The new alliance"
        ]


class TestPagination:
    def test_results_page_with_the_query_kept(self, client, site_tree):
        blog = bilingual_blog(site_tree)
        make_posts(blog["blog"], 12, body=paragraph("<p>Shipbuilding news.</p>"))

        first = client.get("/search/?query=shipbuilding")
        second = client.get("/search/?query=shipbuilding&page=2")

        assert len(result_titles(first)) == 10
        assert len(result_titles(second)) == 2
        assert 'href="?query=shipbuilding&amp;page=2"' in first.content.decode()
        assert "12 results" in first.content.decode()
        assert client.get("/search/?query=shipbuilding&page=3").status_code == 404
        assert client.get("/search/?query=shipbuilding&page=x").status_code == 404


class TestPromotions:
    def test_promoted_page_shown_first_in_the_readers_language(
        self, client, blog, django_capture_on_commit_callbacks
    ):
        promoted = Query.get("alliance")
        SearchPromotion.objects.create(
            query=promoted, page=blog["alliance"], description="Start here.", sort_order=0
        )

        with django_capture_on_commit_callbacks(execute=True):
            english = client.get("/search/?query=alliance").content.decode()
            japanese = client.get("/ja/search/?query=alliance").content.decode()

        assert "Recommended" in english
        assert re.search(
            r'<a href="/blog/the-new-alliance/">The new alliance</a><p>Start here.</p>', english
        )
        assert 'href="/ja/blog/the-new-alliance/">「新日英同盟」の時代</a>' in japanese
        assert Query.get("alliance").hits >= 2

    def test_a_search_that_cannot_be_counted_is_still_answered(
        self, client, blog, monkeypatch, django_capture_on_commit_callbacks
    ):
        def locked(query_string):
            raise OperationalError("database is locked")

        monkeypatch.setattr(Query, "get", locked)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/search/?query=alliance")

        assert response.status_code == 200
        assert "/blog/the-new-alliance/" in response.content.decode()


class TestStatistics:
    """Wagtail's "Popular search terms": real searches only, and few per address."""

    def test_a_search_that_finds_nothing_is_not_counted(
        self, client, blog, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/search/?query=zzyzx+qwerty")

        assert response.status_code == 200
        assert not Query.objects.exists()

    def test_a_search_that_finds_something_is_counted_once(
        self, client, blog, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.get("/search/?query=alliance")

        assert Query.get("alliance").hits == 1

    def test_an_address_counts_only_so_many_searches(
        self, client, blog, settings, django_capture_on_commit_callbacks
    ):
        settings.SEARCH_STATS_RATE_LIMIT = (2, 3600)
        settings.PAGE_CACHE_ENABLED = False
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                assert client.get("/search/?query=alliance").status_code == 200
            client.get("/search/?query=alliance", REMOTE_ADDR="192.0.2.8")

        assert Query.get("alliance").hits == 3

    def test_the_limit_holds_across_workers_and_restarts(
        self, client, blog, settings, django_capture_on_commit_callbacks
    ):
        # Without Redis each gunicorn worker has a cache of its own, emptied by a restart.
        settings.SEARCH_STATS_RATE_LIMIT = (2, 3600)
        settings.PAGE_CACHE_ENABLED = False
        with django_capture_on_commit_callbacks(execute=True):
            for worker in ("a", "b", "restarted", "restarted again"):
                with worker_cache(worker):
                    assert client.get("/search/?query=alliance").status_code == 200

        assert Query.get("alliance").hits == 2
        assert RateLimitHit.objects.filter(name="search-statistics").count() == 2

    def test_the_window_ends(self, client, blog, settings, django_capture_on_commit_callbacks):
        settings.SEARCH_STATS_RATE_LIMIT = (2, 3600)
        settings.PAGE_CACHE_ENABLED = False
        an_hour_ago = timezone.now() - datetime.timedelta(seconds=3601)
        for _ in range(2):
            RateLimitHit.objects.create(
                name="search-statistics", address="127.0.0.1", at=an_hour_ago
            )
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                client.get("/search/?query=alliance")

        assert Query.get("alliance").hits == 2

    def test_the_address_comes_from_the_proxy_header_when_configured(
        self, client, blog, settings, django_capture_on_commit_callbacks
    ):
        settings.SEARCH_STATS_RATE_LIMIT = (1, 3600)
        settings.BLOG_COMMENTS_IP_HEADER = "HTTP_X_REAL_IP"
        settings.PAGE_CACHE_ENABLED = False
        with django_capture_on_commit_callbacks(execute=True):
            for address in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
                client.get("/search/?query=alliance", HTTP_X_REAL_IP=address)

        assert Query.get("alliance").hits == 2


class TestHostileQueries:
    HOSTILE = [
        "",
        "   ",
        "!!!???...",
        "「」、。・",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        '" OR ""="',
        "NEAR(alliance treaty)",
        "alliance AND OR NOT",
        "title:alliance",
        "*",
        "\\",
        "a\x00b",
        "%",
        "<script>alert(1)</script>",
        "同盟" * 300,
        "".join(chr(0x4E00 + n) for n in range(300)),  # 300 different characters
        " ".join(f"word{n}" for n in range(100)),
        "alliance " * 200,
        "AND",
        '"',
        "'",
        "-alliance",
        'a"b"c',
        "ｆｕｌｌ　ｗｉｄｔｈ",
    ]

    def test_gives_a_calm_page(self, client, blog):
        for query in self.HOSTILE:
            for url in ("/search/", "/ja/search/"):
                response = client.get(url, {"query": query, "languages": "all"})

                assert response.status_code == 200, query
                assert "<script>alert(1)</script>" not in response.content.decode()

    def test_long_query_is_shortened_with_a_notice(self, client, blog):
        response = client.get("/search/", {"query": "treaty " + "x" * 400})

        assert response.status_code == 200
        assert "shortened to its first 200 characters" in response.content.decode()

    def test_punctuation_only_explains_itself(self, client, blog):
        response = client.get("/search/", {"query": "?!"})

        assert "no letters or numbers" in response.content.decode()


def test_search_queries_do_not_grow_with_posts(client, site_tree):
    blog = bilingual_blog(site_tree)
    body = paragraph("<p>Notes on shipbuilding 造船 in both countries.</p>")
    make_posts(blog["blog"], 5, body=body, categories=[blog["category"]])
    urls = ["/search/?query=shipbuilding", "/search/?query=造船&languages=all"]
    with_five = {url: count_queries(client, url) for url in urls}

    make_posts(blog["blog"], 45, start=5, body=body, categories=[blog["category"]])
    with_fifty = {url: count_queries(client, url) for url in urls}

    assert with_five == with_fifty
