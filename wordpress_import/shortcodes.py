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
_PLAYER = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.S | re.I)
_PLAYLIST = re.compile(r"\[playlist\b([^\]]*)\]", re.I)
# SyntaxHighlighter's and Jetpack's code shortcodes, the usual way to post code on WordPress.
_CODE = re.compile(r"\[(code|sourcecode|source)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_REUSABLE = re.compile(r"<!--\s*wp:block\s+(\{.*?\})\s*/-->", re.S)
_SOCIAL_LINK = re.compile(r"<!--\s*wp:social-link\s+(\{.*?\})\s*/-->", re.S)
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

# Core blocks that WordPress renders from the database as the page is shown: the export
# holds only their settings, and the blog's own archives, feeds and search do their work.
DYNAMIC_BLOCKS = {
    "archives", "calendar", "categories", "latest-comments", "latest-posts", "page-list",
    "rss", "search", "tag-cloud", "loginout", "query", "post-template", "query-pagination",
    "navigation", "site-title", "site-tagline", "site-logo", "post-title", "post-content",
    "post-date", "post-excerpt", "post-featured-image", "post-author", "post-terms",
    "comments", "avatar", "read-more", "table-of-contents", "template-part", "pattern",
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


def _player(match: re.Match) -> str:
    kind, attributes = match.group(1).lower(), parse_attributes(match.group(2))
    keys = ["src", "mp3", "m4a", "ogg", "oga", "wav", "flac", "mp4", "m4v", "webm", "ogv", "mov"]
    src = next((attributes[key] for key in keys if attributes.get(key)), "")
    if not src and match.group(3):
        src = _TAG.sub("", match.group(3)).strip()
    return _marker(kind, src=html.unescape(src))


def _playlist(match: re.Match) -> str:
    attributes = parse_attributes(match.group(1))
    kind = "video" if attributes.get("type", "").lower() == "video" else "audio"
    ids = [part.strip() for part in attributes.get("ids", "").split(",") if part.strip()]
    return "".join(_marker(kind, id=attachment_id) for attachment_id in ids)


def _code(match: re.Match) -> str:
    attributes = parse_attributes(match.group(2))
    language = attributes.get("language") or attributes.get("lang") or ""
    code = html.escape(html.unescape(match.group(3).strip("\n")), quote=False)
    return _marker("code", f'<pre data-language="{html.escape(language)}">{code}</pre>')


def _social_link(match: re.Match) -> str:
    try:
        attributes = json.loads(match.group(1))
    except ValueError:
        return ""
    url = str(attributes.get("url") or "")
    label = str(attributes.get("label") or attributes.get("service") or url).capitalize()
    return f'<li><a href="{html.escape(url)}">{html.escape(label)}</a></li>' if url else ""


def _block_names(content: str) -> tuple[list[str], list[str]]:
    """The plugin blocks (``vendor/name``) and the dynamic core blocks a post uses."""
    plugin, dynamic = set(), set()
    for name in _BLOCK_NAME.findall(content):
        vendor, _slash, bare = name.rpartition("/")
        if vendor and vendor != "core":
            plugin.add(name)
        elif bare in DYNAMIC_BLOCKS or bare.startswith(("post-", "query-", "comment")):
            dynamic.add(bare)
    return sorted(plugin), sorted(dynamic)


def prepare(content: str, reusable: dict[str, str] | None = None) -> tuple[str, bool, list[str]]:
    """Markers in place of WordPress-only markup, ready for an HTML parser.

    ``reusable`` maps the ids of reusable blocks (``wp_block`` items) to their content,
    which takes the place of each ``<!-- wp:block {"ref": id} /-->``. Returns the HTML,
    whether it came from the block editor, and notes about anything that could not be
    carried over as it was.
    """
    notes: list[str] = []
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    block_editor = is_block_editor(content)
    if block_editor:

        def inline_reusable(match: re.Match) -> str:
            try:
                ref = str(json.loads(match.group(1)).get("ref", ""))
            except ValueError:
                ref = ""
            if ref not in (reusable or {}):
                missing.add(ref)
            return (reusable or {}).get(ref, "")

        missing: set[str] = set()
        content = _REUSABLE.sub(inline_reusable, content)
        if missing:
            notes.append("reusable:" + ", ".join(sorted(missing)))
        plugin, dynamic = _block_names(content)
        if plugin:
            notes.append("blocks:" + ", ".join(plugin))
        if dynamic:
            notes.append("dynamic:" + ", ".join(dynamic))
        content = _SOCIAL_LINK.sub(_social_link, content)
        content = _BLOCK_EMBED.sub(_block_embed, content)
    content = _CODE.sub(_code, content)  # first: code may show other shortcodes as text
    content = _MORE.sub('\n\n<hr data-wp="more">\n\n', content)
    content = _NEXTPAGE.sub('\n\n<hr data-wp="nextpage">\n\n', content)
    content = _CAPTION.sub(_caption, content)
    content = _EMBED.sub(_embed, content)
    content = _GALLERY.sub(_gallery, content)
    content = _PLAYER.sub(_player, content)
    content = _PLAYLIST.sub(_playlist, content)
    if block_editor:
        content = _BLOCK_COMMENT.sub("", content)
    content = _BARE_URL.sub(lambda m: _marker("embed", url=html.unescape(m.group(1))), content)
    leftover = sorted({match.group(1).lower() for match in _SHORTCODE.finditer(content)
                       if "=" in match.group(0) or f"[/{match.group(1)}]" in match.group(0)})  # fmt: skip
    if leftover:
        notes.append("shortcodes:" + ", ".join(leftover))
    return content, block_editor, notes
