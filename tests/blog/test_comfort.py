"""Typography and comfort: reading time, the footer's categories, Japanese line breaks, dark and print styles."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

from tests.factories import BlogPostPageFactory, CategoryPageFactory
from tests.reading import bilingual_blog, paragraph

pytestmark = pytest.mark.django_db


def stylesheet() -> str:
    return Path(finders.find("css/site.css")).read_text()


class TestReadingTime:
    def test_english_is_counted_in_words(self, client, site_tree):
        words = " ".join(["alliance"] * 1150)  # 1,150 words at 230 a minute
        post = BlogPostPageFactory(parent=site_tree["blog"], body=paragraph(f"<p>{words}</p>"))
        assert post.reading_minutes == 5
        html = client.get(post.url).content.decode()
        assert '<p class="reading-time">5 minute read</p>' in html

    def test_japanese_is_counted_in_characters(self, client, site_tree):
        blog = bilingual_blog(site_tree)
        text = "日英両国は安全保障の分野で協力を深めている。" * 68  # 1,496 characters
        post = BlogPostPageFactory(
            parent=blog["ja_blog"],
            locale=blog["ja"],
            slug="nagai",
            title="長い記事",
            body=paragraph(f"<p>{text}</p>"),
        )
        # Counted as words, the spaceless text would be one word and "1 minute".
        assert post.reading_minutes == 3
        html = client.get(post.url).content.decode()
        assert '<p class="reading-time">約3分で読めます</p>' in html

    def test_a_short_post_takes_a_minute(self, site_tree):
        post = BlogPostPageFactory(parent=site_tree["blog"])
        assert post.reading_minutes == 1


class TestFooterCategories:
    def test_every_page_lists_the_languages_categories(self, client, site_tree):
        blog = bilingual_blog(site_tree)
        CategoryPageFactory(parent=blog["blog"], title="Defence", slug="defence")
        for url in ("/", "/blog/", "/search/?query=x", blog["category"].url):
            html = client.get(url).content.decode()
            footer = html.split('<footer class="site-footer">')[1]
            nav = re.search(r'<nav class="footer-categories".*?</nav>', footer, re.S).group()
            assert re.findall(r"<a [^>]*>([^<]+)</a>", nav) == ["Defence", "Uncategorized"], url
        html = client.get("/ja/").content.decode()
        footer = html.split('<footer class="site-footer">')[1]
        assert f'<a href="{blog["ja_category"].url}">未分類</a>' in footer
        assert "Defence" not in footer  # no Japanese version yet


class TestStyles:
    def test_japanese_breaks_at_phrases_where_supported(self):
        css = stylesheet()
        assert re.search(
            r"@supports \(word-break: auto-phrase\) \{\s*:lang\(ja\) \{ word-break: auto-phrase; \}",
            css,
        )
        # The fallback outside @supports is today's rule.
        assert re.search(
            r":lang\(ja\) \{[^}]*word-break: normal;[^}]*overflow-wrap: anywhere;", css
        )

    def test_dark_scheme_and_print(self):
        css = stylesheet()
        assert "color-scheme: light dark;" in css
        assert "--background: light-dark(" in css and "--text: light-dark(" in css
        print_rules = css.split("@media print")[1]
        assert ".site-nav" in print_rules and ".share" in print_rules
        assert "color-scheme: light;" in print_rules
