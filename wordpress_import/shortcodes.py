"""WordPress markup that is not HTML: shortcodes, the more tag, block comments, bare embed URLs.

Each is rewritten into a plain HTML element carrying a ``data-wp`` marker that the block
converter (``content.py``) turns into a StreamField block.
"""

import html
import json
import re

_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s\'"\]]+))')
_CAPTION = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S | re.I)
_EMBED = re.compile(r"\[embed\b([^\]]*)\](.*?)\[/embed\]", re.S | re.I)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_MORE = re.compile(r"<!--\s*more(?:\s[^>]*)?-->", re.I)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
# WordPress's autoembed: a URL alone on its line becomes an embed (before wpautop runs).
_BARE_URL = re.compile(
    r"^[ \t]*(?:<p>)?[ \t]*(https?://[^\s<>\"]+)[ \t]*(?:</p>)?[ \t]*$", re.M | re.I
)
_BLOCK_EMBED = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s*(\{.*?\})?\s*/?-->(.*?)<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.S,
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_BLOCK_NAME = re.compile(r"<!--\s*wp:([\w/-]+)")
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)
_SHORTCODE = re.compile(r"\[([a-z][\w-]*)(?:\s[^\]]*)?\](?:.*?\[/\1\])?", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")

# Core blocks whose HTML the converter reads as it is; any other block name is reported.
KNOWN_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "image", "gallery",
    "embed", "more", "nextpage", "separator", "spacer", "table", "code", "preformatted",
    "verse", "html", "freeform", "shortcode", "group", "columns", "column", "cover",
    "media-text", "buttons", "button", "file", "audio", "video", "classic",
}  # fmt: skip


def parse_attributes(text: str) -> dict[str, str]:
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in _ATTRIBUTE.finditer(text)
    }


def is_block_editor(content: str) -> bool:
    return "<!-- wp:" in content


def _marker(kind: str, inner: str = "", **data: str) -> str:
    attributes = "".join(f' data-{key}="{html.escape(value)}"' for key, value in data.items())
    return f'\n\n<figure data-wp="{kind}"{attributes}>{inner}</figure>\n\n'


def _caption(match: re.Match) -> str:
    attributes = parse_attributes(match.group(1))
    inner = match.group(2).strip()
    # The caption text follows the image (or its link) inside the shortcode, or sits in an attribute.
    image_end = max(inner.rfind("/>"), inner.rfind("</a>") + 3, inner.rfind(">"))
    image_html, caption = inner[: image_end + 1], inner[image_end + 1 :].strip()
    caption = caption or attributes.get("caption", "")
    return _marker("caption", f"{image_html}<figcaption>{caption}</figcaption>")


def _embed(match: re.Match) -> str:
    return _marker("embed", url=html.unescape(match.group(2).strip()))


def _gallery(match: re.Match) -> str:
    attributes = parse_attributes(match.group(1))
    return _marker("gallery", ids=attributes.get("ids", attributes.get("include", "")))


def _block_embed(match: re.Match) -> str:
    try:
        attributes = json.loads(match.group(1) or "{}")
    except ValueError:
        attributes = {}
    inner = match.group(2)
    url = attributes.get("url") or _TAG.sub("", _FIGCAPTION.sub("", inner)).strip().split()[0:1]
    if isinstance(url, list):
        url = url[0] if url else ""
    caption = _FIGCAPTION.search(inner)
    caption_text = html.unescape(_TAG.sub("", caption.group(1))).strip() if caption else ""
    return _marker("embed", url=html.unescape(url), caption=caption_text)


def prepare(content: str) -> tuple[str, bool, list[str]]:
    """Markers in place of WordPress-only markup, ready for an HTML parser.

    Returns the HTML, whether it came from the block editor, and notes about anything
    that could not be carried over as it was.
    """
    notes: list[str] = []
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    block_editor = is_block_editor(content)
    if block_editor:
        unknown = sorted(
            {
                name
                for name in _BLOCK_NAME.findall(content)
                if name.split("/")[-1] not in KNOWN_BLOCKS
            }
        )
        if unknown:
            notes.append("blocks:" + ", ".join(unknown))
        content = _BLOCK_EMBED.sub(_block_embed, content)
    content = _MORE.sub('\n\n<hr data-wp="more">\n\n', content)
    content = _NEXTPAGE.sub('\n\n<hr data-wp="nextpage">\n\n', content)
    content = _CAPTION.sub(_caption, content)
    content = _EMBED.sub(_embed, content)
    content = _GALLERY.sub(_gallery, content)
    if block_editor:
        content = _BLOCK_COMMENT.sub("", content)
    content = _BARE_URL.sub(lambda m: _marker("embed", url=html.unescape(m.group(1))), content)
    leftover = sorted({match.group(1).lower() for match in _SHORTCODE.finditer(content)
                       if "=" in match.group(0) or f"[/{match.group(1)}]" in match.group(0)})  # fmt: skip
    if leftover:
        notes.append("shortcodes:" + ", ".join(leftover))
    return content, block_editor, notes
