"""Blocks that shape a post: tables, separators, call-out buttons, the excerpt and page breaks."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail.rich_text import RichText
from wagtail_localize.segments import StringSegmentValue, TemplateSegmentValue
from wagtail_localize.segments.ingest import organise_template_segments
from wagtail_localize.strings import extract_strings, restore_strings

from .text import INLINE_FEATURES


class TableBlock(TypedTableBlock):
    """A table of text with a header row of column headings and an optional caption."""

    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        description = _("Rows and columns with column headings and a caption.")
        preview_value = {
            "caption": "Trade in 2025",
            "columns": [{"type": "text", "heading": "Goods"}, {"type": "text", "heading": "Share"}],
            "rows": [
                {"values": ["<p>Machinery</p>", "<p>38%</p>"]},
                {"values": ["<p>Vehicles</p>", "<p>21%</p>"]},
            ],
        }

    # wagtail-localize skips block types it does not know: these two methods make the caption,
    # the headings and each cell's words translatable (path "caption", "heading-N", "cell-R-C").
    def get_translatable_segments(self, value) -> list:
        segments = []
        if value.caption:
            segments.append(StringSegmentValue("caption", value.caption))
        for index, column in enumerate(value.columns):
            if column["heading"]:
                segments.append(StringSegmentValue(f"heading-{index}", column["heading"]))
        for row_index, row in enumerate(value.row_data):
            for column_index, cell in enumerate(row["values"]):
                source = cell.source if isinstance(cell, RichText) else str(cell or "")
                template, strings = extract_strings(source)
                if not strings:
                    continue
                path = f"cell-{row_index}-{column_index}"
                segments.append(TemplateSegmentValue(path, "html", template, len(strings)))
                segments += [StringSegmentValue(path, text, attrs=attrs) for text, attrs in strings]
        return segments

    def restore_translated_segments(self, value, segments: list) -> TypedTable:
        by_path: dict[str, list] = {}
        for segment in segments:
            by_path.setdefault(segment.path, []).append(segment)
        caption = by_path["caption"][0].render_text() if "caption" in by_path else value.caption
        columns = [
            {**column, "heading": by_path[f"heading-{index}"][0].render_text()}
            if f"heading-{index}" in by_path
            else column
            for index, column in enumerate(value.columns)
        ]
        rows = []
        for row_index, row in enumerate(value.row_data):
            values = []
            for column_index, cell in enumerate(row["values"]):
                cell_segments = by_path.get(f"cell-{row_index}-{column_index}")
                if cell_segments:
                    _format, template, strings = organise_template_segments(cell_segments)
                    cell = RichText(restore_strings(template, strings))
                values.append(cell)
            rows.append({**row, "values": values})
        return TypedTable(columns=columns, row_data=rows, caption=caption)

    def get_context(self, value, parent_context=None) -> dict:
        context = super().get_context(value, parent_context)
        # A table exported without a header row has no headings: no empty <thead> for it.
        context["has_headings"] = any(column["heading"] for column in value.columns)
        return context


class SeparatorBlock(blocks.StaticBlock):
    """A thematic break between two parts of a post."""

    class Meta:
        icon = "horizontalrule"
        label = _("Separator")
        admin_text = _("A line between two parts of the text.")
        template = "blocks/separator_block.html"
        preview_template = "blocks/separator_block_preview.html"
        description = _("A line marking a change of subject.")


class LinkBlock(blocks.CharBlock):
    """An address elsewhere (http or https) or a path on this site (``/about/``)."""

    def clean(self, value: str) -> str:
        value = super().clean(value).strip()
        # "//host/…" is another site without a scheme: it must be written in full.
        if value and (not value.startswith("/") or value.startswith("//")):
            URLValidator(schemes=["http", "https"])(value)
        return value


class ButtonBlock(blocks.StructBlock):
    """A link set apart as a button, to a page of this site or an address elsewhere."""

    text = blocks.CharBlock(label=_("Button text"), max_length=100)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = LinkBlock(
        label=_("Or an address"),
        required=False,
        max_length=500,
        help_text=_("A full URL, or a path on this site such as /about/."),
    )

    class Meta:
        icon = "link"
        label = _("Button")
        template = "blocks/button_block.html"
        description = _("A link set apart as a button, to call the reader to act.")
        preview_value = {"text": "Read the full report", "url": "https://example.com/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError(_("Choose a page or give a URL, not both."))}
            )
        return value

    def get_searchable_content(self, value) -> list[str]:
        return [value["text"]] if value.get("text") else []


class MoreBlock(blocks.StaticBlock):
    """Where the excerpt ends on listings, like WordPress's "more" tag."""

    class Meta:
        icon = "arrow-down"
        label = _("Excerpt break (“more”)")
        admin_text = _("Listings show the post up to here, followed by “Continue reading”.")
        template = "blocks/more_block.html"
        preview_template = "blocks/more_block_preview.html"
        description = _("Ends the excerpt shown on listings.")


class PageBreakBlock(blocks.StaticBlock):
    """Splits a long post into pages, like WordPress's "nextpage" tag: page 2 is at ?part=2."""

    class Meta:
        icon = "doc-empty"
        label = _("Page break")
        admin_text = _(
            "Readers see the text after this on a page of its own, with links between the pages."
        )
        template = "blocks/page_break_block.html"
        preview_template = "blocks/page_break_block_preview.html"
        description = _("Splits a long post into pages.")
