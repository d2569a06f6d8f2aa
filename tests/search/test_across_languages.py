"""A query in a script the reader's language rarely uses searches every language, and says so."""

import re

import pytest

from search.scripts import CJK, LATIN, crosses_languages, query_script
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import bilingual_blog, paragraph, when

pytestmark = pytest.mark.django_db

NOTICE = "posts in every language were searched"
JA_NOTICE = "すべての言語の記事を検索しました"


def results(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<li class="search-result">.*?</li>', response.content.decode(), re.S)


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    blog["japanese_only"] = BlogPostPageFactory(
        parent=blog["ja_blog"],
        locale=blog["ja"],
        title="「新日英同盟」軍事的急接近",
        slug="shin-nichiei-doumei",
        date=when(2024, 5, 1),
        body=paragraph("<p>日英の防衛協力が進んでいる。</p>"),
    )
    blog["english"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="The alliance at sea",
        slug="alliance-at-sea",
        date=when(2024, 4, 1),
        body=paragraph("<p>Navies of the alliance exercised together. NATO watched.</p>"),
    )
    blog["japanese"] = translate_page(
        blog["english"],
        blog["ja"],
        title="海の同盟",
        body=paragraph("<p>NATO（北大西洋条約機構）も注目した。</p>"),
    )
    return blog


class TestScripts:
    def test_query_script(self):
        assert query_script("同盟") == CJK
        assert query_script("新日英同盟 UK") == CJK
        assert query_script("ＮＡＴＯ") == LATIN  # full-width letters are Latin
        assert query_script("alliance 同") == LATIN
        assert query_script("2024") is None

    def test_which_queries_cross(self):
        assert crosses_languages("同盟", "en")
        assert not crosses_languages("alliance", "en")
        assert not crosses_languages("NATO", "ja")
        assert not crosses_languages("同盟", "ja")
        assert not crosses_languages("2024", "en")


class TestAcrossLanguages:
    def test_a_japanese_query_on_the_english_site_finds_the_japanese_only_entry(self, client, blog):
        response = client.get("/search/", {"query": "同盟"})
        html = response.content.decode()
        found = results(response)
        assert any("軍事的急接近" in row for row in found)
        entry = next(row for row in found if "軍事的急接近" in row)
        assert '<h2 lang="ja">' in entry
        assert '<span class="language-label">In Japanese</span>' in entry
        assert NOTICE in html
        # The checkbox is offered as before, not ticked for the reader.
        assert 'name="languages" value="all">' in html

    def test_a_two_character_word_inside_a_body(self, client, blog):
        found = results(client.get("/search/", {"query": "防衛"}))
        assert len(found) == 1 and "軍事的急接近" in found[0]

    def test_an_english_query_stays_in_english(self, client, blog):
        response = client.get("/search/", {"query": "alliance"})
        found = results(response)
        assert len(found) == 1 and "alliance-at-sea" in found[0]
        assert "language-label" not in found[0]
        assert NOTICE not in response.content.decode()

    def test_a_latin_query_on_the_japanese_site_stays_japanese(self, client, blog):
        response = client.get("/ja/search/", {"query": "NATO"})
        found = results(response)
        assert len(found) == 1 and "海の同盟" in found[0]
        assert JA_NOTICE not in response.content.decode()

    def test_nothing_found_across_languages_says_so_plainly(self, client, blog):
        html = client.get("/search/", {"query": "潜水艦"}).content.decode()
        assert NOTICE in html
        assert "Nothing matched in this language" not in html
        assert "Nothing matched." in html
