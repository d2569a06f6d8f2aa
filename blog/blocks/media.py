"""Blocks of media: pictures, galleries, embeds, audio and video players, file downloads."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from core.cache.blocks import MemoImageChooserBlock, renditions

AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "opus", "weba"}
VIDEO_EXTENSIONS = {"mp4", "m4v", "webm", "ogv", "mov"}
# The renditions the templates' {% picture %} tags show (blocks/image_block.html,
# blocks/gallery_block.html): an image is read with these and no others.
IMAGE_RENDITIONS = renditions("format-{avif,webp,jpeg}", "width-{480,800,1200}")
GALLERY_RENDITIONS = renditions("format-{avif,webp,jpeg}", "fill-{320x240,640x480}")


class EmbedBatch:
    """The embeds of one body, whose stored records are read together when the first is shown.

    Wagtail reads each embed's record (its HTML from the provider, kept in the database) when
    the embed is shown, a query each. Read only when shown: indexing a body for search makes
    its values without showing them.
    """

    def __init__(self, values: list["BatchedEmbedValue"]) -> None:
        self.values = values
        self.stored: dict[str, Embed] | None = None

    def stored_embed(self, value: "BatchedEmbedValue") -> Embed | None:
        if self.stored is None:
            hashes = [item.hash for item in self.values]
            fresh = Embed.objects.exclude(cache_until__lte=timezone.now()).filter(hash__in=hashes)
            self.stored = {embed.hash: embed for embed in fresh}
        return self.stored.get(value.hash)


class BatchedEmbedValue(EmbedValue):
    """An embed whose stored record comes with its body's others (``EmbedBatch``)."""

    batch: EmbedBatch | None = None

    @cached_property
    def hash(self) -> str:
        return get_embed_hash(self.url, self.max_width, self.max_height)

    @cached_property
    def html(self) -> str:
        embed = self.batch.stored_embed(self) if self.batch is not None else None
        if embed is None:
            # Not stored yet, or stale: Wagtail asks the provider (and keeps the answer).
            return super().html
        # As wagtail.embeds.format.embed_to_frontend_html, with the record already read.
        return render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})


class LenientEmbedBlock(EmbedBlock):
    """An oEmbed URL that saves even when the provider cannot be reached right now.

    Wagtail's EmbedBlock refuses to save a URL whose provider does not answer; an
    editor writing offline, or a provider having a bad day, must not lose the post.
    The template shows a plain link whenever the embed cannot be fetched.
    """

    def clean(self, value: EmbedValue | None) -> EmbedValue | None:
        # Validate the URL's form only (URLBlock's check); fetching happens at render time.
        return blocks.FieldBlock.clean(self, value)

    def to_python(self, value) -> BatchedEmbedValue | None:
        value = super().to_python(value)
        if value is None:
            return None
        return BatchedEmbedValue(value.url, value.max_width, value.max_height)

    def bulk_to_python(self, values: list) -> list:
        converted = [self.to_python(value) for value in values]
        present = [value for value in converted if value is not None]
        batch = EmbedBatch(present)
        for value in present:
            value.batch = batch
        return converted


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

    image = MemoImageChooserBlock(label=_("Image"), renditions=IMAGE_RENDITIONS)
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


class GalleryImageBlock(blocks.StructBlock):
    """One picture of a gallery."""

    image = MemoImageChooserBlock(label=_("Image"), renditions=GALLERY_RENDITIONS)
    alt_text = blocks.CharBlock(label=_("Alt text"), required=False, max_length=250)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Picture")


class GalleryBlock(blocks.StructBlock):
    """Several pictures in a grid that fits the screen, each with its own caption."""

    images = blocks.ListBlock(GalleryImageBlock(), label=_("Pictures"), min_num=1)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "copy"
        label = _("Gallery")
        template = "blocks/gallery_block.html"
        preview_template = "blocks/gallery_block_preview.html"
        description = _("Several pictures in a grid, each with a caption.")


class MediaFileBlock(blocks.StructBlock):
    """A sound or video file played by the browser: an uploaded document or a URL."""

    document = DocumentChooserBlock(
        label=_("Uploaded file"), required=False, help_text=_("Or give its URL below.")
    )
    url = blocks.URLBlock(label=_("URL of the file"), required=False)
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("A .vtt file with the words spoken, for people who cannot hear them."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    extensions: set[str] = set()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("document")) == bool(value.get("url")):
            errors["url"] = ValidationError(_("Choose an uploaded file or give a URL, not both."))
        document = value.get("document")
        if document is not None and document.file_extension.lower() not in self.extensions:
            errors["document"] = ValidationError(
                _("This file type cannot be played here; use one of: %(types)s.")
                % {"types": ", ".join(sorted(self.extensions))}
            )
        captions = value.get("captions")
        if captions is not None and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("Captions must be a WebVTT (.vtt) file."))
        if errors:
            raise blocks.StructBlockValidationError(errors)
        return value

    def get_context(self, value, parent_context=None) -> dict:
        context = super().get_context(value, parent_context)
        document = value.get("document")
        context["source"] = document.url if document is not None else value.get("url", "")
        return context


class AudioBlock(MediaFileBlock):
    """A sound recording with the browser's own player."""

    extensions = AUDIO_EXTENSIONS

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "blocks/audio_block.html"
        preview_template = "blocks/audio_block_preview.html"
        description = _("A sound file played on the page, with optional captions.")


class VideoBlock(MediaFileBlock):
    """A video file with the browser's own player (not an embed from another site)."""

    extensions = VIDEO_EXTENSIONS

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"
        preview_template = "blocks/video_block_preview.html"
        description = _("A video file played on the page, with optional captions.")


class DocumentBlock(blocks.StructBlock):
    """A file to download (a PDF, a spreadsheet), with its type and size shown."""

    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=250,
        help_text=_("Defaults to the file's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("File download")
        template = "blocks/document_block.html"
        preview_template = "blocks/document_block_preview.html"
        description = _("A link to download a file, with its type and size.")
