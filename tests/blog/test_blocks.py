"""Each body block renders its own semantic HTML and refuses bad input with a clear message."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from blog.blocks import (
    BulletedListBlock,
    EmbedWithCaptionBlock,
    HeadingBlock,
    ImageBlock,
    MoreBlock,
    NumberedListBlock,
    PostBodyBlock,
    QuoteBlock,
)


class TextBlockRenderingTests(SimpleTestCase):
    def test_heading_renders_at_its_level(self):
        block = HeadingBlock()
        html = block.render(block.to_python({"text": "Alliances", "level": "h3"}))
        self.assertHTMLEqual(html, "<h3>Alliances</h3>")

    def test_heading_level_must_be_h2_to_h4(self):
        block = HeadingBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "Alliances", "level": "h1"}))

    def test_heading_text_is_required(self):
        block = HeadingBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "", "level": "h2"}))

    def test_quote_renders_figure_blockquote_with_cite_and_caption(self):
        block = QuoteBlock()
        value = block.to_python(
            {
                "text": "<p>Peace in the extreme East.</p>",
                "attribution": "Lord Lansdowne",
                "source_title": "The 1902 Agreement",
                "source_url": "https://example.org/1902",
            }
        )
        self.assertHTMLEqual(
            block.render(value),
            """
            <figure class="quote">
                <blockquote cite="https://example.org/1902"><p>Peace in the extreme East.</p></blockquote>
                <figcaption>Lord Lansdowne, <cite><a href="https://example.org/1902">The 1902 Agreement</a></cite></figcaption>
            </figure>
            """,
        )

    def test_quote_without_source_has_no_caption_or_cite(self):
        block = QuoteBlock()
        value = block.to_python(
            {"text": "<p>Words.</p>", "attribution": "", "source_title": "", "source_url": ""}
        )
        self.assertHTMLEqual(
            block.render(value),
            '<figure class="quote"><blockquote><p>Words.</p></blockquote></figure>',
        )

    def test_quote_source_url_must_be_a_url(self):
        block = QuoteBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "<p>Words.</p>", "source_url": "not a url"}))

    def test_bulleted_list_renders_ul_with_inline_rich_text(self):
        block = BulletedListBlock()
        value = block.to_python(["<p>Trade <b>first</b></p>", "<p>Defence</p>"])
        self.assertHTMLEqual(
            block.render(value), "<ul><li>Trade <b>first</b></li><li>Defence</li></ul>"
        )

    def test_numbered_list_renders_ol(self):
        block = NumberedListBlock()
        value = block.to_python(["<p>One</p>", "<p>Two</p>"])
        self.assertHTMLEqual(block.render(value), "<ol><li>One</li><li>Two</li></ol>")

    def test_list_needs_an_item(self):
        block = NumberedListBlock()
        with self.assertRaises(ValidationError):
            block.clean(block.to_python([]))

    def test_more_break_renders_the_continue_reading_anchor(self):
        block = MoreBlock()
        self.assertHTMLEqual(block.render(None), '<span id="more" class="more-anchor"></span>')

    def test_every_block_offers_a_description_and_preview_in_the_picker(self):
        for name, child in PostBodyBlock().child_blocks.items():
            assert child.get_description(), name
            assert child.meta.icon, name
            assert child.is_previewable, name


@pytest.mark.django_db
class TestEmbedBlock:
    def test_renders_the_providers_html_fetched_over_http(self, oembed_provider):
        block = EmbedWithCaptionBlock()
        value = block.to_python(
            {"embed": "https://video.example.test/v/42", "caption": "Ministers meet"}
        )
        html = block.render(value)
        assert '<iframe title="A test video" src="https://video.example.test/v/42/player"' in html
        assert "<figcaption>Ministers meet</figcaption>" in html
        assert Embed.objects.filter(url="https://video.example.test/v/42").exists()

    def test_unreachable_provider_still_saves_and_renders_a_plain_link(
        self, unreachable_oembed_provider
    ):
        block = EmbedWithCaptionBlock()
        value = block.clean(
            block.to_python({"embed": "https://video.example.test/v/7", "caption": "A talk"})
        )
        html = block.render(value)
        assert '<a href="https://video.example.test/v/7">A talk</a>' in html
        assert "<iframe" not in html

    def test_a_bodys_stored_embeds_are_read_in_one_query_when_first_shown(
        self, django_assert_num_queries
    ):
        urls = [f"https://video.example.test/v/{number}" for number in (1, 2, 3)]
        for url in urls:
            Embed.objects.create(
                url=url, hash=get_embed_hash(url), html=f'<iframe src="{url}/player"></iframe>'
            )
        block = PostBodyBlock()
        with django_assert_num_queries(0):  # made, not shown (as when indexed for search)
            body = block.to_python(
                [{"type": "embed", "value": {"embed": url, "caption": ""}} for url in urls]
            )
            body = list(body)  # the values, converted together
        with django_assert_num_queries(1):
            html = "".join(child.render() for child in body)
        for url in urls:
            assert f'<iframe src="{url}/player"></iframe>' in html

    def test_url_is_required_and_must_be_a_url(self):
        block = EmbedWithCaptionBlock()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"embed": "", "caption": "x"}))
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"embed": "javascript:alert(1)", "caption": ""}))


@pytest.mark.django_db
class TestImageBlock:
    def test_renders_picture_with_sources_size_alt_caption_and_credit(self):
        image = Image.objects.create(title="Map", file=get_test_image_file(size=(1600, 900)))
        block = ImageBlock()
        value = block.to_python(
            {
                "image": image.pk,
                "alt_text": "A map of Asia",
                "caption": "The region",
                "credit": "Demo",
            }
        )
        html = block.render(value)
        assert html.count("<picture>") == 1
        assert 'type="image/avif"' in html and 'type="image/webp"' in html
        assert 'alt="A map of Asia"' in html
        assert 'width="' in html and 'height="' in html
        assert 'loading="lazy"' in html
        assert "<figcaption>" in html and "The region" in html and "Image: Demo" in html

    def test_image_is_required(self):
        block = ImageBlock()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"image": None, "alt_text": "x"}))


def test_body_rejects_an_unknown_block_type():
    block = PostBodyBlock()
    with pytest.raises((StreamBlockValidationError, ValidationError, KeyError)):
        block.clean(block.to_python([{"type": "marquee", "value": "<p>x</p>"}]))
