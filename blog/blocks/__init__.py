"""The blocks an editor composes a post or page body from, each with its own template and picker preview.

Split by subject: ``text`` (paragraphs, headings, quotes, lists, code), ``media`` (pictures,
galleries, embeds, players, downloads) and ``layout`` (tables, separators, buttons, breaks).
"""

from wagtail import blocks

from .layout import ButtonBlock, MoreBlock, PageBreakBlock, SeparatorBlock, TableBlock
from .media import (
    AudioBlock,
    DocumentBlock,
    EmbedWithCaptionBlock,
    GalleryBlock,
    ImageBlock,
    LenientEmbedBlock,
    VideoBlock,
)
from .text import (
    INLINE_FEATURES,
    PARAGRAPH_FEATURES,
    PREVIEW_TEXT,
    BulletedListBlock,
    CodeBlock,
    HeadingBlock,
    NumberedListBlock,
    QuoteBlock,
    paragraph_block,
)

__all__ = [
    "INLINE_FEATURES", "PARAGRAPH_FEATURES", "PREVIEW_TEXT", "AudioBlock", "BulletedListBlock",
    "ButtonBlock", "CodeBlock", "DocumentBlock", "EmbedWithCaptionBlock", "GalleryBlock",
    "HeadingBlock", "ImageBlock", "LenientEmbedBlock", "MoreBlock", "NumberedListBlock",
    "PageBreakBlock", "PostBodyBlock", "QuoteBlock", "SeparatorBlock", "TableBlock", "VideoBlock",
]  # fmt: skip


class PostBodyBlock(blocks.StreamBlock):
    """Everything a post body may hold."""

    paragraph = paragraph_block()
    heading = HeadingBlock()
    quote = QuoteBlock()
    list = BulletedListBlock()
    numbered_list = NumberedListBlock()
    code = CodeBlock()
    table = TableBlock()
    embed = EmbedWithCaptionBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    audio = AudioBlock()
    video = VideoBlock()
    document = DocumentBlock()
    button = ButtonBlock()
    separator = SeparatorBlock()
    more = MoreBlock()
    page_break = PageBreakBlock()
