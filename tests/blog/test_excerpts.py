"""Listings show a post up to its excerpt break, else its own excerpt, else a cut by characters."""

import pytest

from blog.models.post import EXCERPT_LENGTH
from tests.factories import BlogPostPageFactory, translate_page

LONG_ENGLISH = "Alliances are built slowly and tested quickly. " * 20
LONG_JAPANESE = (
    "日英両国は安全保障の分野で協力を深めており、共同訓練や装備の開発が進んでいる。" * 12
)


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


@pytest.mark.django_db
class TestExcerpts:
    def test_a_more_break_ends_the_excerpt_with_continue_reading(self, client, site_tree):
        post = BlogPostPageFactory(
            parent=site_tree["blog"],
            body=[
                paragraph("Before the break."),
                {"type": "more", "value": None},
                paragraph("After the break."),
            ],
        )
        html = client.get("/blog/").content.decode()
        assert "Before the break." in html
        assert "After the break." not in html
        assert f'href="{post.url}#more"' in html
        assert "Continue reading" in html
        post_html = client.get(post.url).content.decode()
        assert "After the break." in post_html and 'id="more"' in post_html

    def test_without_a_break_a_long_body_is_cut_by_characters(self, client, site_tree):
        post = BlogPostPageFactory(parent=site_tree["blog"], body=[paragraph(LONG_ENGLISH)])
        assert post.has_more
        excerpt = post.plain_excerpt()
        assert len(excerpt) <= EXCERPT_LENGTH
        assert excerpt.endswith("…")
        html = client.get("/blog/").content.decode()
        assert excerpt in html
        assert "Continue reading" in html

    def test_a_short_post_is_shown_whole_without_continue_reading(self, client, site_tree):
        BlogPostPageFactory(parent=site_tree["blog"], body=[paragraph("Short and complete.")])
        html = client.get("/blog/").content.decode()
        assert "Short and complete." in html
        assert "Continue reading" not in html

    def test_the_editors_own_excerpt_wins(self, client, site_tree):
        BlogPostPageFactory(
            parent=site_tree["blog"],
            excerpt="A summary written by hand.",
            body=[paragraph(LONG_ENGLISH)],
        )
        html = client.get("/blog/").content.decode()
        assert "A summary written by hand." in html
        assert LONG_ENGLISH[:60] not in html

    def test_japanese_without_spaces_is_cut_by_characters(self, client, site_tree):
        ja_blog = translate_page(site_tree["blog"], site_tree["ja"], title="ブログ")
        post = BlogPostPageFactory(
            parent=ja_blog,
            locale=site_tree["ja"],
            title="日英関係",
            slug="nichiei",
            body=[paragraph(LONG_JAPANESE)],
        )
        excerpt = post.plain_excerpt()
        assert len(excerpt) == EXCERPT_LENGTH
        assert excerpt.endswith("…")
        assert excerpt[:-1] == LONG_JAPANESE[: EXCERPT_LENGTH - 1]
        html = client.get("/ja/blog/").content.decode()
        assert excerpt in html
        assert ">続きを読む<" in html
        assert "Continue reading" not in html

    def test_japanese_more_break(self, client, site_tree):
        ja_blog = translate_page(site_tree["blog"], site_tree["ja"], title="ブログ")
        BlogPostPageFactory(
            parent=ja_blog,
            locale=site_tree["ja"],
            slug="kugiri",
            body=[
                paragraph("前半の文章。"),
                {"type": "more", "value": None},
                paragraph("後半の文章。"),
            ],
        )
        html = client.get("/ja/blog/").content.decode()
        assert "前半の文章。" in html
        assert "後半の文章。" not in html
