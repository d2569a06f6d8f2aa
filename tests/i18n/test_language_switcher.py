"""The language links: to the live translation else the other home, hreflang, the remembered choice."""

import re
from html import unescape
from urllib.parse import unquote

from django.conf import settings

import pytest

from core.cache.store import invalidate
from tests.factories import BlogPostPageFactory, translate_page


def fresh(page):
    """The page as stored: publishing a translation leaves the copy in memory out of date."""
    return page.specific_class.objects.get(pk=page.pk)


def switcher_targets(html: str) -> dict[str, str]:
    """Language code → the ``next`` address of each language link."""
    links = re.findall(r'<a class="language-link" href="/language/(\w+)/\?next=([^"]+)"', html)
    return {code: unquote(unescape(target)) for code, target in links}


def alternates(html: str) -> list[tuple[str, str]]:
    head = html.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)


@pytest.fixture
def post(bilingual):
    return BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")


@pytest.mark.django_db
class TestSwitcher:
    def test_links_the_live_translation_both_ways(self, client, bilingual, post):
        ja_post = fresh(translate_page(post, bilingual["ja"], title="同盟", slug="同盟"))
        assert switcher_targets(client.get("/blog/alliance/").content.decode()) == {
            "ja": ja_post.url
        }
        assert switcher_targets(client.get(ja_post.url).content.decode()) == {
            "en": "/blog/alliance/"
        }

    def test_a_draft_translation_never_leaks(self, client, bilingual, post):
        ja_post = fresh(
            translate_page(post, bilingual["ja"], title="秘密の下書き", slug="secret-draft")
        )
        ja_post.unpublish()
        html = client.get("/blog/alliance/").content.decode()
        assert switcher_targets(html) == {"ja": "/ja/"}
        assert "secret-draft" not in html and "秘密の下書き" not in html
        assert alternates(html) == []

    def test_untranslated_page_links_the_other_home(self, client, bilingual, post):
        assert switcher_targets(client.get("/blog/alliance/").content.decode()) == {"ja": "/ja/"}

    def test_no_link_while_the_other_language_has_no_live_home(self, client, site_tree):
        assert switcher_targets(client.get("/").content.decode()) == {}

    def test_search_keeps_its_query_in_the_other_language(self, client, bilingual):
        html = client.get("/search/?query=alliance").content.decode()
        assert switcher_targets(html) == {"ja": "/ja/search/?query=alliance"}

    def test_links_carry_the_language_name_and_lang(self, client, bilingual):
        html = client.get("/").content.decode()
        assert re.search(
            r'<a class="language-link" href="[^"]+" hreflang="ja" lang="ja">日本語</a>', html
        )
        assert re.search(
            r'hreflang="en" lang="en">English</a>', client.get("/ja/").content.decode()
        )


@pytest.mark.django_db
class TestHreflang:
    def test_every_live_version_with_itself_and_x_default(self, client, bilingual, post):
        ja_post = fresh(translate_page(post, bilingual["ja"], title="同盟", slug="同盟"))
        expected = [
            ("en", "http://testserver/blog/alliance/"),
            ("x-default", "http://testserver/blog/alliance/"),
            ("ja", f"http://testserver{ja_post.url}"),
        ]
        assert alternates(client.get("/blog/alliance/").content.decode()) == expected
        assert alternates(client.get(ja_post.url).content.decode()) == expected

    def test_home_pages(self, client, bilingual):
        assert alternates(client.get("/").content.decode()) == [
            ("en", "http://testserver/"),
            ("x-default", "http://testserver/"),
            ("ja", "http://testserver/ja/"),
        ]

    def test_none_for_a_page_in_one_language(self, client, bilingual, post):
        assert alternates(client.get("/blog/alliance/").content.decode()) == []


@pytest.mark.django_db
class TestRememberedChoice:
    def test_switching_sets_the_language_cookie_and_redirects(self, client, bilingual):
        response = client.get("/language/ja/", {"next": "/ja/blog/"})
        assert response.status_code == 302 and response["Location"] == "/ja/blog/"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_front_page_takes_a_japanese_reader_home_even_when_cached(
        self, client, bilingual, settings
    ):
        settings.PAGE_CACHE_ENABLED = True
        invalidate("test")
        assert client.get("/").status_code == 200  # now in the page cache
        assert client.get("/").status_code == 200
        client.get("/language/ja/", {"next": "/ja/"})
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/ja/"
        assert "Cookie" in response["Vary"]
        # Other addresses are served as asked, and choosing English again ends the redirect.
        assert client.get("/blog/").status_code == 200
        client.get("/language/en/", {"next": "/"})
        assert client.get("/").status_code == 200

    def test_no_redirect_while_the_japanese_home_is_a_draft(self, client, bilingual):
        fresh(bilingual["ja_home"]).unpublish()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
        assert client.get("/").status_code == 200

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("/language/ja/?next=https://evil.example/", "/ja/"),
            ("/language/ja/?next=//evil.example/", "/ja/"),
            ("/language/xx/?next=/blog/", "/blog/"),
            ("/language/ja/", "/ja/"),
        ],
    )
    def test_bad_input_never_leaves_the_site_or_fails(self, client, bilingual, path, expected):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == expected

    def test_an_unknown_language_cookie_is_ignored(self, client, bilingual):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_no_alternates_for_an_archive_below_a_translated_index(client, bilingual, post):
    # /blog/ and /ja/blog/ are translations; /blog/2018/ has no declared Japanese equivalent.
    assert alternates(client.get("/blog/").content.decode()) != []
    year = post.date.year
    response = client.get(f"/blog/{year}/")
    assert response.status_code == 200
    assert alternates(response.content.decode()) == []
