"""An editor writes a post straight in Japanese; both readerships still find it."""

import re

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory, translate_page


def post_summary(html: str, title: str) -> str:
    """The listing's <article> for the post titled ``title``."""
    for article in re.findall(r'<article class="post-summary[^"]*">.*?</article>', html, re.S):
        if title in article:
            return article
    raise AssertionError(f"{title} is not listed")


def japanese_post_form(category) -> dict:
    return nested_form_data(
        {
            "title": "日本語だけの記事",
            "slug": "日本語だけの記事",
            "date": "2019-04-01 09:00",
            "excerpt": "",
            "body": streamfield([("paragraph", rich_text("<p>英語の原文はありません。</p>"))]),
            "categories": category.pk,
            "tag_names": "",
            "action-publish": "action-publish",
        }
    )


@pytest.mark.django_db
def test_editor_writes_a_japanese_only_post_that_both_indexes_list(client, bilingual, editor):
    ja_category = translate_page(bilingual["defence"], bilingual["ja"], title="防衛")
    english_only = BlogPostPageFactory(
        parent=bilingual["blog"], title="Only in English", slug="only-english"
    )

    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["blog", "blogpostpage", bilingual["ja_blog"].pk]
    )
    response = client.post(add_url, japanese_post_form(ja_category))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    post = BlogPostPage.objects.get(title="日本語だけの記事")
    assert post.live and post.locale == bilingual["ja"]
    assert not post.get_translations().exists(), "no English source exists"
    assert (
        post.url
        == "/ja/blog/%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%A0%E3%81%91%E3%81%AE%E8%A8%98%E4%BA%8B/"
    )

    # The English blog lists it, marked as Japanese for readers, screen readers and browsers.
    english_index = client.get("/blog/").content.decode()
    summary = post_summary(english_index, "日本語だけの記事")
    assert re.search(r'<h2 lang="ja"><a href="[^"]+">日本語だけの記事</a></h2>', summary)
    assert '<p class="language-label">In Japanese</p>' in summary
    # The Japanese blog lists it as one of its own, and the English-only post marked English.
    japanese_index = client.get("/ja/blog/").content.decode()
    assert "language-label" not in post_summary(japanese_index, "日本語だけの記事")
    summary = post_summary(japanese_index, english_only.title)
    assert f'<h2 lang="en"><a href="/blog/only-english/">{english_only.title}</a></h2>' in summary
    assert '<p class="language-label">英語の記事</p>' in summary

    # Its page: Japanese, no alternates (there is no other version), switcher to the English home.
    page = client.get(post.url).content.decode()
    assert '<html lang="ja">' in page and "英語の原文はありません。" in page
    assert 'hreflang="en"' not in page.split("</head>")[0]
    assert "/language/en/?next=%2F" in page

    # The Japanese category archive lists it.
    assert "日本語だけの記事" in client.get(ja_category.url).content.decode()


@pytest.mark.django_db
def test_a_translated_post_shows_once_per_index(client, bilingual):
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    translate_page(post, bilingual["ja"], title="同盟")
    english_index = client.get("/blog/").content.decode()
    japanese_index = client.get("/ja/blog/").content.decode()
    assert "The alliance" in english_index and "同盟" not in english_index
    assert "同盟" in japanese_index and "The alliance" not in japanese_index
