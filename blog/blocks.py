"""The blocks an editor composes a post body from, each with its own template and picker preview."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock, EmbedValue

from core.cache.blocks import MemoImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]
PARAGRAPH_FEATURES = [*INLINE_FEATURES, "document-link"]

PREVIEW_TEXT = (
    "The two island nations have drawn closer in defence, trade and diplomacy, "
    "and each now calls the other its closest security partner in its region."
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
    source_title = blocks.CharBlock(label=_("Source title"), required=False, max_length=250)
    source_url = blocks.URLBlock(label=_("Source URL"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        description = _("A quotation with its attribution and source.")
        preview_value = {
            "text": f"<p>{PREVIEW_TEXT}</p>",
            "attribution": "A. Commentator",
            "source_title": "The Review",
            "source_url": "https://example.com/",
        }


class BulletedListBlock(blocks.ListBlock):
    """A bulleted list whose items may hold bold, italic and links."""

    def __init__(self, **kwargs):
        super().__init__(blocks.RichTextBlock(label=_("Item"), features=INLINE_FEATURES), **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Bulleted list")
        template = "blocks/bulleted_list_block.html"
        description = _("A list of points in no particular order.")
        preview_value = ["<p>Trade</p>", "<p>Defence</p>", "<p>Diplomacy</p>"]
        min_num = 1


class NumberedListBlock(BulletedListBlock):
    """A numbered list, for steps or ranked points."""

    class Meta:
        icon = "list-ol"
        label = _("Numbered list")
        template = "blocks/numbered_list_block.html"
        description = _("A list of points in order.")
        preview_value = ["<p>First</p>", "<p>Second</p>", "<p>Third</p>"]
        min_num = 1


class LenientEmbedBlock(EmbedBlock):
    """An oEmbed URL that saves even when the provider cannot be reached right now.

    Wagtail's EmbedBlock refuses to save a URL whose provider does not answer; an
    editor writing offline, or a provider having a bad day, must not lose the post.
    The template shows a plain link whenever the embed cannot be fetched.
    """

    def clean(self, value: EmbedValue | None) -> EmbedValue | None:
        # Validate the URL's form only (URLBlock's check); fetching happens at render time.
        return blocks.FieldBlock.clean(self, value)


class EmbedWithCaptionBlock(blocks.StructBlock):
    """A video, post or map from another site by its URL, with an optional caption."""

    embed = LenientEmbedBlock(label=_("URL"), help_text=_("For example a YouTube or Vimeo link."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blocks/embed_block.html"
        description = _("Media from another site (video, audio, social post) by its URL.")
        preview_value = {"embed": "https://www.youtube.com/watch?v=example", "caption": "A video"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("embed"):
            raise blocks.StructBlockValidationError(
                {"embed": ValidationError(_("Enter the URL of the media to embed."))}
            )
        return value


class ImageBlock(blocks.StructBlock):
    """A picture with alt text for screen readers, an optional caption and credit."""

    image = MemoImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"
        # The library may hold no image yet, so the picker shows a drawn stand-in.
        preview_template = "blocks/image_block_preview.html"
        description = _("A picture with alt text, caption and credit.")


class MoreBlock(blocks.StaticBlock):
    """Where the excerpt ends on listings, like WordPress's "more" tag."""

    class Meta:
        icon = "arrow-down"
        label = _("Excerpt break (“more”)")
        admin_text = _("Listings show the post up to here, followed by “Continue reading”.")
        template = "blocks/more_block.html"
        preview_template = "blocks/more_block_preview.html"
        description = _("Ends the excerpt shown on listings.")


class PostBodyBlock(blocks.StreamBlock):
    """Everything a post body may hold."""

    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Text with bold, italic and links."),
        preview_value=f"<p>{PREVIEW_TEXT}</p>",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    list = BulletedListBlock()
    numbered_list = NumberedListBlock()
    embed = EmbedWithCaptionBlock()
    image = ImageBlock()
    more = MoreBlock()
