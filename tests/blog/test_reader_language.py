"""One language per journey: other-language entries are compact and link the reader's own categories and tags."""

import re

from django.utils import translation

import pytest

from blog.templatetags.blog_tags import reader_categories, reader_tags
from tests.factories import BlogPostPageFactory, CategoryPageFactory, translate_page
from tests.reading import TagFactory, bilingual_blog, paragraph

pytestmark = pytest.mark.django_db

LONG = "The alliance has grown in trade, defence and diplomacy over a decade. " * 8


def article(html: str, title: str) -> str:
    for found in re.findall(r'<article class="post-summary[^"]*">.*?</article>', html, re.S):
        if title in found:
            return found
    raise AssertionError(f"{title} is not listed")


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    blog["defence"] = CategoryPageFactory(parent=blog["blog"], title="Defence", slug="defence")
    blog["ja_defence"] = translate_page(blog["defence"], blog["ja"], title="防衛")
    blog["trade"] = CategoryPageFactory(parent=blog["blog"], title="Trade", slug="trade")
    blog["tag"] = TagFactory(name="Navies", slug="navies")
    ja_tag = blog["tag"].copy_for_translation(blog["ja"])
    ja_tag.name, ja_tag.slug = "海軍", "kaigun"
    ja_tag.save()
    blog["ja_tag"] = ja_tag
    blog["english_only"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="Only in English",
        slug="only-english",
        categories=[blog["defence"], blog["trade"]],
        tags=[blog["tag"]],
        body=paragraph(f"<p>{LONG}</p>"),
    )
    blog["japanese_only"] = BlogPostPageFactory(
        parent=blog["ja_blog"],
        locale=blog["ja"],
        title="日本語だけ",
        slug="nihongo-dake",
        categories=[blog["ja_defence"]],
        body=paragraph("<p>" + "日英両国は安全保障の分野で協力を深めている。" * 20 + "</p>"),
    )
    blog["japanese"] = BlogPostPageFactory(
        parent=blog["ja_blog"],
        locale=blog["ja"],
        title="日本語の記事",
        slug="nihongo",
        body=paragraph("<p>" + "共同訓練が進んでいる。" * 40 + "</p>"),
    )
    return blog


def test_category_links_on_ja_are_japanese(client, blog):
    entry = article(client.get("/ja/blog/").content.decode(), "Only in English")
    # The Japanese version of Defence; Trade has none, so it keeps its English page.
    assert f'<a href="{blog["ja_defence"].url}" rel="category tag">防衛</a>' in entry
    assert f'href="{blog["defence"].url}"' not in entry
    assert f'<a href="{blog["trade"].url}" rel="category tag">Trade</a>' in entry
    # And the Japanese category's archive lists the English-only post too.
    assert "Only in English" in client.get(blog["ja_defence"].url).content.decode()


def test_category_links_on_the_english_index_are_english(client, blog):
    entry = article(client.get("/blog/").content.decode(), "日本語だけ")
    assert f'<a href="{blog["defence"].url}" rel="category tag">Defence</a>' in entry


def test_other_language_entries_are_compact(client, blog):
    html = client.get("/ja/blog/").content.decode()
    entry = article(html, "Only in English")
    assert 'class="post-summary post-summary-other-language"' in entry
    assert '<p class="language-label">英語の記事</p>' in entry
    assert "<time" in entry
    line = re.search(r'<p class="summary-line" lang="en">(.*?)</p>', entry).group(1)
    assert line.startswith("The alliance has grown") and len(line) <= 120
    assert "post-excerpt" not in entry and "続きを読む" not in entry
    # The reader's own posts keep their full excerpts.
    own = article(html, "日本語の記事")
    assert 'class="post-excerpt"' in own and "続きを読む" in own
    assert "post-summary-other-language" not in own

    english = client.get("/blog/").content.decode()
    entry = article(english, "日本語だけ")
    assert "post-summary-other-language" in entry
    assert '<p class="language-label">In Japanese</p>' in entry
    assert 'class="post-excerpt"' in article(english, "Only in English")


def test_reader_tags_are_in_the_readers_language(rf, blog):
    post = blog["english_only"]
    context = {"request": rf.get("/ja/blog/")}
    with translation.override("ja"):
        assert reader_tags(post) == [blog["ja_tag"]]
        assert [c["title"] for c in reader_categories(context, post)] == ["防衛", "Trade"]
    with translation.override("en"):
        assert reader_tags(post) == [blog["tag"]]
