"""A Japanese reader meets no English interface text, and the site's name is Japanese."""

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

import polib
import pytest

from tests.factories import BlogPostPageFactory, TagFactory, translate_page

# Which catalogue a reader's words come from: the same whatever the database engine, so
# CI's PostgreSQL pass leaves this module out (tests/database_selection.py).
pytestmark = pytest.mark.database_independent

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class JapaneseText(HTMLParser):
    """The text a reader sees, and attribute text read aloud, outside elements in another language."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # for each open element: is it (inside) another language?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inside_other = bool(self.stack and self.stack[-1])
        other = inside_other or attributes.get("lang", "ja") != "ja" or tag in ("script", "style")
        if not other:
            self.parts.extend(
                attributes[name]
                for name in ("aria-label", "alt", "title", "placeholder")
                if attributes.get(name)
            )
        if tag not in VOID:
            self.stack.append(other)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_japanese_text(html: str) -> str:
    parser = JapaneseText()
    parser.feed("<body" + html.split("<body", 1)[1])
    return " ".join(parser.parts)


def interface_strings() -> list[str]:
    """English strings of the catalogue that a Japanese page must never show."""
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po")
    )
    return [
        entry.msgid
        for entry in catalogue
        if len(entry.msgid) > 3
        and "%" not in entry.msgid
        and "<" not in entry.msgid
        and entry.msgstr != entry.msgid
    ]


@pytest.fixture
def japanese_site(bilingual):
    ja = bilingual["ja"]
    ja_home = type(bilingual["ja_home"]).objects.get(pk=bilingual["ja_home"].pk)
    ja_home.tagline = (
        "日英関係ノート"  # the content is translated too: only the interface is under test
    )
    ja_home.save_revision().publish()
    ja_category = translate_page(
        bilingual["defence"], ja, title="防衛", slug="防衛", description="<p>防衛に関する記事。</p>"
    )
    ja_category = type(ja_category).objects.get(pk=ja_category.pk)  # as published
    tag = TagFactory(name="同盟", locale=ja)
    post = BlogPostPageFactory(
        parent=bilingual["ja_blog"],
        locale=ja,
        title="日英の新しい同盟",
        slug="日英同盟",
        excerpt="",
        body=[{"type": "paragraph", "value": "<p>" + "日英の防衛協力が進んでいる。" * 30 + "</p>"}],
        categories=[ja_category],
        tags=[tag],
    )
    return {**bilingual, "ja_post": post, "ja_category": ja_category}


@pytest.mark.django_db
def test_japanese_pages_show_no_english_interface_text(client, japanese_site):
    strings = interface_strings()
    pages = [
        "/ja/",
        "/ja/blog/",
        japanese_site["ja_post"].url,
        japanese_site["ja_category"].url,
        "/ja/search/?query=同盟",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_japanese_text(response.content.decode())
        leaks = [string for string in strings if string in text]
        assert not leaks, (url, leaks)


@pytest.mark.django_db
def test_the_site_name_follows_the_language(client, japanese_site):
    japanese = client.get("/ja/blog/").content.decode()
    assert "<title>ブログ – 英国と日本</title>" in japanese
    assert '<div class="site-title"><a href="/ja/" rel="home">英国と日本</a></div>' in japanese
    assert "© " in japanese and "英国と日本</p>" in japanese.split("<footer", 1)[1]
    english = client.get("/blog/").content.decode()
    assert "<title>Blog – Britain and Japan</title>" in english
    assert '<div class="site-title"><a href="/" rel="home">Britain and Japan</a></div>' in english


@pytest.mark.django_db
def test_a_heading_level_label_never_reaches_the_description(client, japanese_site):
    post = BlogPostPageFactory(
        parent=japanese_site["ja_blog"],
        locale=japanese_site["ja"],
        title="見出しのある記事",
        slug="見出し",
        excerpt="",
        body=[
            {"type": "heading", "value": {"text": "新しい同盟", "level": "h2"}},
            {"type": "paragraph", "value": "<p>本文。</p>"},
        ],
    )
    assert post.body_text == "新しい同盟 本文。"
    html = client.get(post.url).content.decode()
    assert '<meta name="description" content="新しい同盟 本文。">' in html
