"""The blocks a WordPress post needs: tables, code, nested lists, players, galleries, pull quotes,
separators, buttons, downloads and page breaks. Each renders accessible HTML and refuses bad input."""

from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory, SimpleTestCase
from django.urls import reverse

from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from blog.blocks import (
    AudioBlock,
    BulletedListBlock,
    ButtonBlock,
    CodeBlock,
    DocumentBlock,
    GalleryBlock,
    NumberedListBlock,
    PostBodyBlock,
    QuoteBlock,
    SeparatorBlock,
    TableBlock,
    VideoBlock,
)
from blog.paging import body_part
from tests.factories import BlogPostPageFactory


def item(text: str, sublist: list | None = None, numbered: bool = False) -> dict:
    value = {"text": f"<p>{text}</p>"}
    if sublist is not None:
        value |= {"sublist": sublist, "numbered": numbered}
    return {"type": "item", "value": value, "id": text}


class TextBlockTests(SimpleTestCase):
    def test_lists_nest_three_levels_mixing_bullets_and_numbers(self):
        block = BulletedListBlock()
        value = block.to_python(
            [
                item("Trade"),
                item("Defence", [item("Navy", [item("Carriers")])], numbered=True),
            ]
        )
        self.assertHTMLEqual(
            block.render(value),
            "<ul><li>Trade</li><li>Defence<ol><li>Navy<ul><li>Carriers</li></ul></li></ol></li></ul>",
        )

    def test_lists_saved_before_nesting_still_render(self):
        block = NumberedListBlock()
        value = block.to_python([{"type": "item", "value": "<p>One</p>", "id": "a"}, "<p>Two</p>"])
        self.assertHTMLEqual(block.render(value), "<ol><li>One</li><li>Two</li></ol>")

    def test_nested_list_words_are_searchable(self):
        block = BulletedListBlock()
        value = block.to_python([item("Defence", [item("Navy")])])
        assert block.get_searchable_content(value) == ["Defence", "Navy"]

    def test_code_is_escaped_and_coloured_on_the_server(self):
        block = CodeBlock()
        value = block.clean(block.to_python({"language": "Python", "code": "x = '<b>'  # note"}))
        self.assertHTMLEqual(
            block.render(value),
            '<pre class="code" tabindex="0" data-language="python"><code class="language-python">'
            '<span class="n">x</span> <span class="o">=</span> <span class="s1">\'&lt;b&gt;\'</span>'
            '  <span class="c1"># note</span></code></pre>',
        )

    def test_code_without_a_language_is_plain_escaped_text(self):
        block = CodeBlock()
        value = block.clean(block.to_python({"language": "", "code": "if a < b:\n    go()"}))
        self.assertHTMLEqual(
            block.render(value),
            '<pre class="code" tabindex="0"><code>if a &lt; b:\n    go()</code></pre>',
        )

    def test_code_refuses_an_unknown_language_and_empty_code(self):
        block = CodeBlock()
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"language": "klingon", "code": "x"}))
        assert "klingon" in str(caught.exception.block_errors["language"])
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"language": "", "code": ""}))

    def test_pull_quote_is_a_quote_with_its_own_style(self):
        block = QuoteBlock()
        value = block.to_python({"text": "<p>Words.</p>", "style": "pull"})
        self.assertHTMLEqual(
            block.render(value),
            '<figure class="quote pullquote"><blockquote><p>Words.</p></blockquote></figure>',
        )
        assert block.get_searchable_content(value) == ["Words."]


class LayoutBlockTests(SimpleTestCase):
    def table(self, headings: list[str], caption: str = "Trade") -> dict:
        return {
            "caption": caption,
            "columns": [{"type": "text", "heading": heading} for heading in headings],
            "rows": [{"values": ["<p><b>Cars</b></p>", "<p>21%</p>"]}],
        }

    def test_table_has_caption_header_row_and_scrolls_in_a_named_region(self):
        block = TableBlock()
        self.assertHTMLEqual(
            block.render(block.to_python(self.table(["Goods", "Share"]))),
            """<div class="table" role="region" tabindex="0" aria-label="Trade"><table>
            <caption>Trade</caption>
            <thead><tr><th scope="col">Goods</th><th scope="col">Share</th></tr></thead>
            <tbody><tr><td><b>Cars</b></td><td>21%</td></tr></tbody></table></div>""",
        )

    def test_table_without_headings_has_no_empty_header_row(self):
        block = TableBlock()
        html = block.render(block.to_python(self.table(["", ""], caption="")))
        self.assertHTMLEqual(
            html,
            '<div class="table" role="region" tabindex="0"><table><tbody>'
            "<tr><td><b>Cars</b></td><td>21%</td></tr></tbody></table></div>",
        )

    def test_separator_is_a_thematic_break(self):
        self.assertHTMLEqual(SeparatorBlock().render(None), '<hr class="separator">')

    def test_button_links_to_a_url(self):
        block = ButtonBlock()
        value = block.clean(
            block.to_python({"text": "Read the report", "url": "https://example.org/r"})
        )
        self.assertHTMLEqual(
            block.render(value),
            '<p class="call-out"><a class="button" href="https://example.org/r">Read the report</a></p>',
        )

    def test_button_needs_one_target(self):
        block = ButtonBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "Go", "url": ""}))

    def test_every_new_block_is_in_the_body_with_an_icon_description_and_preview(self):
        body = PostBodyBlock()
        for name in ("code", "table", "gallery", "audio", "video", "document", "button",
                     "separator", "page_break"):  # fmt: skip
            child = body.child_blocks[name]
            assert child.get_description() and child.meta.icon and child.is_previewable, name


def media_document(name: str, content: bytes = b"data") -> Document:
    document = Document(title=name.rsplit(".", 1)[0].title())
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.mark.django_db
class TestMediaBlocks:
    def test_audio_from_an_upload_with_captions(self):
        block = AudioBlock()
        recording = media_document("interview.mp3")
        captions = media_document("interview.vtt", b"WEBVTT\n")
        value = block.clean(
            block.to_python(
                {
                    "document": recording.pk,
                    "url": "",
                    "captions": captions.pk,
                    "caption": "An interview",
                }
            )
        )
        assert_html_equal(
            block.render(value),
            f"""<figure class="audio"><audio controls preload="none" src="{recording.url}">
            <track kind="captions" src="{captions.url}" label="Captions" default>
            <a href="{recording.url}">Download the recording</a></audio>
            <figcaption>An interview</figcaption></figure>""",
        )

    def test_video_from_a_url(self):
        block = VideoBlock()
        value = block.clean(block.to_python({"url": "https://cdn.example.org/talk.mp4"}))
        assert_html_equal(
            block.render(value),
            """<figure class="video"><video controls preload="metadata" src="https://cdn.example.org/talk.mp4">
            <a href="https://cdn.example.org/talk.mp4">Download the video</a></video></figure>""",
        )

    def test_player_needs_exactly_one_source_of_a_playable_type_and_vtt_captions(self):
        block = VideoBlock()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"url": ""}))
        spreadsheet = media_document("figures.xlsx")
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"document": spreadsheet.pk}))
        assert "document" in caught.value.block_errors
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(
                block.to_python(
                    {"url": "https://cdn.example.org/a.mp4", "captions": spreadsheet.pk}
                )
            )
        assert "captions" in caught.value.block_errors

    def test_download_shows_type_and_size(self):
        block = DocumentBlock()
        report = media_document("report.pdf", b"x" * 2048)
        value = block.to_python({"document": report.pk, "title": ""})
        assert_html_equal(
            block.render(value),
            f'<p class="download"><a href="{report.url}" download>Report</a> '
            '<span class="download-meta">(PDF, 2.0\xa0KB)</span></p>',
        )

    def test_gallery_is_a_grid_of_captioned_pictures(self):
        block = GalleryBlock()
        first = Image.objects.create(title="Harbour", file=get_test_image_file(size=(800, 600)))
        second = Image.objects.create(title="Quay", file=get_test_image_file(size=(800, 600)))
        value = block.to_python(
            {
                "images": [
                    {"image": first.pk, "alt_text": "Boats", "caption": "Morning"},
                    {"image": second.pk, "alt_text": "", "caption": ""},
                ],
                "caption": "Dover",
            }
        )
        html = block.render(value)
        assert html.count("<li>") == 2 and html.count("<picture>") == 2
        assert 'alt="Boats"' in html and 'alt=""' in html
        assert (
            "<figcaption>Morning</figcaption>" in html and "<figcaption>Dover</figcaption>" in html
        )
        assert '<ul class="gallery-grid">' in html

    def test_gallery_needs_a_picture(self):
        block = GalleryBlock()
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"images": [], "caption": ""}))


def assert_html_equal(html: str, expected: str) -> None:
    SimpleTestCase().assertHTMLEqual(html, expected)


class PageBreakTests(SimpleTestCase):
    body = [
        {"type": "paragraph", "value": "<p>One</p>", "id": "1"},
        {"type": "page_break", "value": None, "id": "2"},
        {"type": "paragraph", "value": "<p>Two</p>", "id": "3"},
        {"type": "page_break", "value": None, "id": "4"},
    ]

    def part(self, query: str):
        body = PostBodyBlock().to_python(self.body)
        return body_part(body, RequestFactory().get(f"/post/{query}"))

    def test_the_body_splits_at_page_breaks_and_a_trailing_break_adds_no_page(self):
        first, second = self.part(""), self.part("?part=2")
        assert (first.number, first.count, first.next) == (1, 2, 2)
        assert [child.value.source for child in first.blocks] == ["<p>One</p>"]
        assert [child.value.source for child in second.blocks] == ["<p>Two</p>"]
        assert second.previous == 1 and second.next is None

    def test_a_part_that_does_not_exist_is_not_found(self):
        for query in ("?part=3", "?part=0", "?part=two"):
            with self.assertRaises(Http404):
                self.part(query)


@pytest.mark.django_db
def test_every_block_preview_renders_in_the_picker(admin_client):
    for name, child in PostBodyBlock().child_blocks.items():
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": child.definition_prefix}
        )
        assert response.status_code == 200, name
        assert "<body" in response.text, name


class TableTranslationTests(SimpleTestCase):
    def test_caption_headings_and_cells_are_segments_and_come_back_translated(self):
        block = TableBlock()
        value = block.to_python(
            {
                "caption": "Trade",
                "columns": [{"type": "text", "heading": "Goods"}, {"type": "text", "heading": ""}],
                "rows": [{"values": ["<p>Cars</p>", ""]}],
            }
        )
        segments = block.get_translatable_segments(value)
        texts = {
            segment.path: segment.render_text()
            for segment in segments
            if hasattr(segment, "render_text")
        }
        assert texts["caption"] == "Trade" and texts["heading-0"] == "Goods"
        assert "heading-1" not in texts and all(not path.startswith("cell-0-1") for path in texts)
        japanese = {"Trade": "貿易", "Goods": "品目", "Cars": "車"}
        translated = [
            type(segment)(segment.path, japanese[segment.render_text()], attrs=segment.attrs)
            if hasattr(segment, "attrs")
            else type(segment)(segment.path, japanese[segment.render_text()])
            if hasattr(segment, "render_text") and segment.render_text() in japanese
            else segment
            for segment in segments
        ]
        restored = block.restore_translated_segments(value, translated)
        self.assertHTMLEqual(
            block.render(restored),
            '<div class="table" role="region" tabindex="0" aria-label="貿易"><table><caption>貿易</caption>'
            '<thead><tr><th scope="col">品目</th><th scope="col"></th></tr></thead>'
            "<tbody><tr><td>車</td><td></td></tr></tbody></table></div>",
        )


@pytest.mark.django_db
def test_a_tables_words_are_translated_through_wagtail_localize(site_tree):
    post = BlogPostPageFactory(
        parent=site_tree["blog"],
        body=[
            {
                "type": "table",
                "value": {
                    "caption": "Trade",
                    "columns": [{"type": "text", "heading": "Goods"}],
                    "rows": [{"values": ["<p>Cars</p>"]}],
                },
            }
        ],
    )
    source, _created = TranslationSource.get_or_create_from_instance(post)
    translation = Translation.objects.create(source=source, target_locale=site_tree["ja"])
    japanese = {"Trade": "貿易", "Goods": "品目", "Cars": "車"}
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=site_tree["ja"],
            context=segment.context,
            data=japanese.get(segment.string.data, segment.string.data),
        )
    translation.save_target(publish=True)
    table = post.get_translation(site_tree["ja"]).specific.body[0]
    assert "<caption>貿易</caption>" in table.render()
    assert '<th scope="col">品目</th>' in table.render() and "<td>車</td>" in table.render()
