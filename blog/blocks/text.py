"""Blocks of words: paragraphs, headings, quotations, lists that nest, and code."""

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

INLINE_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]
PARAGRAPH_FEATURES = [*INLINE_FEATURES, "document-link"]
# WordPress's editor nests lists as deep as an author likes; three levels is what posts use.
LIST_DEPTH = 3

PREVIEW_TEXT = (
    "The two island nations have drawn closer in defence, trade and diplomacy, "
    "and each now calls the other its closest security partner in its region."
)


def paragraph_block() -> blocks.RichTextBlock:
    return blocks.RichTextBlock(
        label=_("Paragraph"),
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Text with bold, italic and links."),
        preview_value=f"<p>{PREVIEW_TEXT}</p>",
    )


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the document outline sound for screen readers."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        description = _("A section heading at level 2, 3 or 4.")
        preview_value = {"text": "A new kind of alliance", "level": "h2"}

    def get_searchable_content(self, value) -> list[str]:
        # Only the words: the level's label ("Heading 2", in the editor's language) would
        # otherwise end up in search results, excerpts and meta descriptions.
        return self.child_blocks["text"].get_searchable_content(value["text"])


class QuoteBlock(blocks.StructBlock):
    """A block quotation with who said it and where, rendered as a figure with a caption."""

    text = blocks.RichTextBlock(label=_("Quotation"), features=INLINE_FEATURES)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)
    # With a context: wagtail-localize's translations report says "Source title" for the
    # translated page's source, and a bare msgid here would give that filter this label's Japanese.
    source_title = blocks.CharBlock(
        label=pgettext_lazy("quotation", "Source title"), required=False, max_length=250
    )
    source_url = blocks.URLBlock(label=_("Source URL"), required=False)
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[("", _("In the text")), ("pull", _("Pull quote: large, set apart"))],
        default="",
        required=False,
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        description = _(
            "A quotation with its attribution and source, in the text or as a pull quote."
        )
        preview_value = {
            "text": f"<p>{PREVIEW_TEXT}</p>",
            "attribution": "A. Commentator",
            "source_title": "The Review",
            "source_url": "https://example.com/",
            "style": "pull",
        }

    def get_searchable_content(self, value) -> list[str]:
        # The words, never the style's label.
        return [
            *self.child_blocks["text"].get_searchable_content(value["text"]),
            *(str(value[name]) for name in ("attribution", "source_title") if value.get(name)),
        ]


class ListItemBlock(blocks.StructBlock):
    """One list item: its text and, above the deepest level, an optional list nested in it.

    Lists saved before nesting existed hold a bare rich-text string per item; it is read as
    an item without a sub-list, so old posts need no migration.
    """

    class Meta:
        icon = "list-ul"
        label = _("Item")

    def _upgrade(self, value):
        if isinstance(value, dict) and value.get("type") == "item" and "value" in value:
            value = value["value"]  # a list item written without its id
        return {"text": value} if isinstance(value, str) else value

    def to_python(self, value):
        return super().to_python(self._upgrade(value))

    def bulk_to_python(self, values: list) -> list:
        return super().bulk_to_python([self._upgrade(value) for value in values])

    def normalize(self, value):
        return super().normalize(self._upgrade(value))

    def get_searchable_content(self, value) -> list[str]:
        content = self.child_blocks["text"].get_searchable_content(value["text"])
        if "sublist" in self.child_blocks and value.get("sublist"):
            content += self.child_blocks["sublist"].get_searchable_content(value["sublist"])
        return content


def list_item_block(depth: int = 1) -> ListItemBlock:
    """An item block that may hold a sub-list, down to ``LIST_DEPTH`` levels."""
    children = [("text", blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES))]
    if depth < LIST_DEPTH:
        children += [
            (
                "sublist",
                blocks.ListBlock(list_item_block(depth + 1), label=_("Sub-list"), default=[]),
            ),
            (
                "numbered",
                blocks.BooleanBlock(label=_("Number the sub-list"), required=False),
            ),
        ]
    return ListItemBlock(children)


class BulletedListBlock(blocks.ListBlock):
    """A bulleted list whose items may hold bold, italic, links and lists of their own."""

    def __init__(self, **kwargs):
        super().__init__(list_item_block(), **kwargs)

    def deconstruct(self) -> tuple:
        # The item block is built by __init__: the migration needs only the options.
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs

    class Meta:
        icon = "list-ul"
        label = _("Bulleted list")
        template = "blocks/bulleted_list_block.html"
        description = _("A list of points in no particular order; items may hold lists.")
        preview_value = [
            {"text": "<p>Trade</p>"},
            {"text": "<p>Defence</p>", "sublist": [{"text": "<p>Exercises</p>"}]},
            {"text": "<p>Diplomacy</p>"},
        ]
        min_num = 1


class NumberedListBlock(BulletedListBlock):
    """A numbered list, for steps or ranked points."""

    class Meta:
        icon = "list-ol"
        label = _("Numbered list")
        template = "blocks/numbered_list_block.html"
        description = _("A list of points in order; items may hold lists.")
        preview_value = [{"text": "<p>First</p>"}, {"text": "<p>Second</p>"}]
        min_num = 1


class CodeBlock(blocks.StructBlock):
    """Code or other preformatted text, coloured on the server when its language is given."""

    language = blocks.CharBlock(
        label=_("Language"),
        required=False,
        max_length=40,
        help_text=_("For example python, php, javascript or bash. Leave empty for plain text."),
    )
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        icon = "code"
        label = _("Code")
        template = "blocks/code_block.html"
        description = _("Code or preformatted text, shown as typed, in a fixed-width font.")
        preview_value = {
            "language": "python",
            "code": 'def greet(name):\n    return f"Hello, {name}"',
        }

    def clean(self, value):
        value = super().clean(value)
        language = (value.get("language") or "").strip().lower()
        if language:
            try:
                get_lexer_by_name(language)
            except ClassNotFound:
                raise blocks.StructBlockValidationError(
                    {
                        "language": ValidationError(
                            _("Unknown language “%(language)s”: leave it empty for plain text.")
                            % {"language": language}
                        )
                    }
                ) from None
        value["language"] = language
        return value

    def get_context(self, value, parent_context=None) -> dict:
        context = super().get_context(value, parent_context)
        context["highlighted"] = highlighted(value.get("code") or "", value.get("language") or "")
        return context

    def get_searchable_content(self, value) -> list[str]:
        return [value["code"]] if value.get("code") else []


def highlighted(code: str, language: str) -> SafeString:
    """The code as HTML: Pygments' token spans for a known language, escaped text otherwise."""
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return mark_safe(escape(code))  # noqa: S308 - escaped just here
    formatter = HtmlFormatter(nowrap=True)
    # Pygments escapes the source itself; its output is spans with short class names.
    return mark_safe(highlight(code, lexer, formatter).rstrip("\n"))  # noqa: S308
