"""A WordPress post's HTML as the blocks of a post body (paragraph, heading, quote, list, ...).

Classic-editor HTML first gets WordPress's own paragraphs (``wpautop``); block-editor HTML
is read as it is. Every construct of WordPress's own editors has a block here (see
``constructs.py``); what only a plugin understands keeps its text and is noted, so the
report can tell an editor where to look.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.translation import gettext as _

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .autop import wpautop
from .constructs import Constructs, block, classes, media_kind, plain
from .shortcodes import prepare

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
INLINE_RENAME = {"strong": "b", "b": "b", "em": "i", "i": "i", "cite": "i", "var": "i",
                 "del": "s", "s": "s", "strike": "s", "sup": "sup", "sub": "sub"}  # fmt: skip
INLINE_KEPT = {"a", "code", "kbd", "samp", "u", "small", "mark", "abbr", "q", "time", "tt",
               "big", "ins", "bdi", "bdo"}  # fmt: skip
CONTAINERS = {"div", "section", "article", "aside", "header", "footer", "main", "nav", "center",
              "details", "summary", "span", "font", "body", "html", "figure", "picture"}  # fmt: skip
DROPPED = {"script", "style", "noscript", "form", "input", "button", "select", "textarea",
           "object", "embed", "param", "svg", "canvas", "head", "title", "meta", "link"}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}
CHAR_LIMIT = 250
_SPACES = re.compile(r"\s+")
_IMAGE_ID = re.compile(r"wp-image-(\d+)")


def clip(text: str, limit: int = CHAR_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class MediaLookup:
    """How the converter finds imported files; the writer supplies real callables.

    ``image`` and ``document`` find what an address (or attachment id) became here;
    ``gallery`` gives (image, alt text, caption) for attachment ids; ``file_url`` is where
    a file that was not imported is served now (``--media-url-map``); ``link`` is where a
    link now points (the old blog's own addresses become site-relative).
    """

    image: Callable[[str, str | None], object | None] = lambda src, attachment_id: None
    gallery: Callable[[list[str]], list] = lambda ids: []
    document: Callable[[str, str | None], object | None] = lambda src, attachment_id: None
    file_url: Callable[[str], str] = lambda src: src
    link: Callable[[str], str] = lambda href: href


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


class ContentConverter(Constructs):
    """Turns one post's content into StreamField data; one instance per post."""

    def __init__(self, media: MediaLookup | None = None, reusable: dict | None = None) -> None:
        self.media = media or MediaLookup()
        self.reusable = reusable or {}
        self.result = Conversion()
        self._inline: list[str] = []

    def convert(self, content: str) -> Conversion:
        prepared, block_editor, notes = prepare(content, self.reusable)
        for note in notes:
            kind, names = note.split(":", 1)
            if kind == "blocks":
                self.result.note(
                    _("Plugin editor blocks kept as plain content: %(names)s") % {"names": names}
                )
            elif kind == "reusable":
                self.result.note(
                    _("Reusable blocks missing from the export were left out: %(names)s")
                    % {"names": names}
                )
            elif kind == "dynamic":
                self.result.note(
                    _(
                        "Blocks that WordPress fills in as the page is shown were left out "
                        "(the blog's own archives, feeds and search do their work): %(names)s"
                    )
                    % {"names": names}
                )
            else:
                self.result.note(_("Shortcodes kept as text: %(names)s") % {"names": names})
        if not block_editor:
            prepared = wpautop(prepared)
        soup = BeautifulSoup(prepared, "html.parser")
        self.flow(soup.children)
        self.flush()
        return self.result

    # Inline text collects until a block-level element ends the paragraph.
    def flush(self) -> None:
        text = "".join(self._inline).strip()
        self._inline = []
        text = re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", text).strip()
        text = re.sub(r"<br/>\s+", "<br/>", text)
        if text:
            self.result.blocks.append(block("paragraph", f"<p>{text}</p>"))

    def flow(self, nodes) -> None:
        for node in list(nodes):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip() or self._inline:
                    self._inline.append(escape(_SPACES.sub(" ", str(node))))
                continue
            if not isinstance(node, Tag):
                continue
            self.element(node)

    def element(self, node: Tag) -> None:
        name = node.name.lower()
        marker = node.get("data-wp")
        css = classes(node)
        if marker:
            self.flush()
            self.marker(marker, node)
        elif name == "p":
            self.flush()
            if not self.lone_file_link(node):
                self.flow(node.children)
            self.flush()
        elif name in HEADING_LEVELS:
            self.flush()
            text = plain(node)
            for image in node.find_all("img"):
                self.image(image)
            if text:
                self.result.blocks.append(
                    block("heading", {"text": clip(text, 200), "level": HEADING_LEVELS[name]})
                )
        elif name == "blockquote":
            self.flush()
            self.quote(node, pull="wp-block-pullquote" in css or "pullquote" in css)
        elif name in {"ul", "ol"}:
            self.flush()
            self.list(node)
        elif name == "img":
            self.flush()
            self.image(node)
        elif name == "a" and ("wp-block-button__link" in css or "wp-element-button" in css):
            self.flush()
            self.buttons(node)
        elif name == "a" and node.find("img") is not None and not plain(node):
            self.flush()
            for image in node.find_all("img"):
                self.image(image)
        elif name == "br":
            self._inline.append("<br/>")
        elif name == "hr":
            self.flush()
            self.result.blocks.append(block("separator", None))
        elif name == "table":
            self.flush()
            self.table(node)
        elif name == "pre":
            self.flush()
            self.preformatted(node)
        elif name == "iframe":
            self.flush()
            self.iframe(node)
        elif name in {"video", "audio"}:
            self.flush()
            self.player_element(node)
        elif name == "dl":
            self.flush()
            for entry in node.find_all(["dt", "dd"]):
                text = self.inline(entry)
                if text.strip():
                    wrapped = f"<b>{text}</b>" if entry.name == "dt" else text
                    self.result.blocks.append(block("paragraph", f"<p>{wrapped}</p>"))
        elif name in DROPPED:
            self.result.note(
                _("Removed <%(tag)s> elements, which a post body cannot hold.") % {"tag": name}
            )
        elif name in INLINE_RENAME or name in INLINE_KEPT:
            if (
                node.find(["img", "p", "div", "blockquote", "ul", "ol", "table", "figure"])
                is not None
            ):
                self.flow(node.children)
            else:
                self._inline.append(self.inline(node))
        elif name == "figure":
            self.flush()
            self.figure_element(node, css)
        elif name == "div" and css & {"wp-block-buttons", "wp-block-button"}:
            self.flush()
            self.buttons(node)
        elif name == "div" and "wp-block-file" in css:
            self.flush()
            self.file(node)
        elif name == "div" and "wp-block-cover" in css:
            self.flush()
            self.cover(node)
        elif name in CONTAINERS or name in {"li", "figcaption", "dd", "dt", "caption"}:
            self.flow(node.children)
        else:
            self.result.note(_("Unknown <%(tag)s> elements kept as text.") % {"tag": name})
            self.flow(node.children)

    def figure_element(self, node: Tag, css: set[str]) -> None:
        """A figure is a table, gallery, pull quote, player or picture, by what it holds."""
        caption_node = node.find("figcaption", recursive=False)
        caption = plain(caption_node) if caption_node is not None else ""
        if "wp-block-gallery" in css or "gallery" in css:
            self.gallery_figure(node)
        elif node.find("table") is not None:
            self.table(node.find("table"), caption)
        elif "wp-block-pullquote" in css and node.find("blockquote") is not None:
            self.quote(node.find("blockquote"), pull=True)
        elif node.find(["audio", "video"]) is not None:
            self.player_element(node.find(["audio", "video"]), caption)
        elif node.find("img") is not None and node.find(["blockquote", "ul", "ol", "pre"]) is None:
            self.figure(node)
        else:
            self.flow(node.children)

    def lone_file_link(self, node: Tag) -> bool:
        """A paragraph that is only a link to an uploaded file (not a picture): a download."""
        children = [
            c for c in node.children if not (isinstance(c, NavigableString) and not c.strip())
        ]
        if len(children) != 1 or not isinstance(children[0], Tag) or children[0].name != "a":
            return False
        link = children[0]
        href = (link.get("href") or "").strip()
        if not href or link.find("img") is not None or self.media.document(href, None) is None:
            return False
        return self.download(href, plain(link))

    def inline(self, node: Tag | NavigableString) -> str:
        """Rich text for a paragraph: bold, italic, links, super/subscript, strikethrough, breaks."""
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return escape(_SPACES.sub(" ", str(node)))
        name = node.name.lower()
        if name == "br":
            return "<br/>"
        if name in DROPPED or name == "img":
            return ""
        inner = "".join(self.inline(child) for child in node.children)
        if name in INLINE_RENAME and inner.strip():
            tag = INLINE_RENAME[name]
            return f"<{tag}>{inner}</{tag}>"
        if name == "a":
            href = (node.get("href") or "").strip()
            if href and urlsplit(href).scheme.lower() in SAFE_SCHEMES and inner.strip():
                return f'<a href="{escape(self.media.link(href))}">{inner}</a>'
        if name in {"p", "div", "li"}:
            return inner + " "
        return inner

    def marker(self, marker: str, node: Tag) -> None:
        if marker == "more":
            self.result.blocks.append(block("more", None))
        elif marker == "nextpage":
            self.result.blocks.append(block("page_break", None))
        elif marker == "embed":
            url = (node.get("data-url") or "").strip()
            caption = clip(node.get("data-caption") or "")
            if media_kind(url):
                self.player(media_kind(url), url, caption)
            elif urlsplit(url).scheme in {"http", "https"}:
                self.result.blocks.append(block("embed", {"embed": url, "caption": caption}))
            elif url:
                self._inline.append(escape(url))
                self.flush()
        elif marker in {"audio", "video"}:
            self.player(marker, node.get("data-src") or "", attachment_id=node.get("data-id"))
        elif marker == "code":
            self.preformatted(node.find("pre") or node)
        elif marker == "gallery":
            ids = [part.strip() for part in (node.get("data-ids") or "").split(",") if part.strip()]
            pictures = self.media.gallery(ids)
            if not pictures:
                self.result.note(_("A gallery had no images that could be imported."))
            self.gallery(pictures)
        elif marker == "caption":
            self.figure(node)

    def figure(self, node: Tag) -> None:
        caption_node = node.find("figcaption")
        caption = plain(caption_node) if caption_node else ""
        if caption_node:
            caption_node.extract()
        images = node.find_all("img")
        for image in images:
            self.image(image, caption=caption)
        if not images and caption:
            self.result.blocks.append(block("paragraph", f"<p>{escape(caption)}</p>"))

    def find_image(self, node: Tag):
        """The imported picture an ``<img>`` shows, by its ``wp-image-N`` class or address."""
        src = (node.get("src") or "").strip()
        match = _IMAGE_ID.search(" ".join(node.get("class") or []))
        return self.media.image(src, match.group(1) if match else None) if src else None

    def image(self, node: Tag, caption: str = "") -> None:
        src = (node.get("src") or "").strip()
        alt = clip(plain(node.get("alt") or ""))
        image = self.find_image(node)
        if image is not None:
            self.result.blocks.append(
                block(
                    "image",
                    {"image": image.pk, "alt_text": alt, "caption": clip(caption), "credit": ""},
                )
            )
            return
        if not src:
            return
        # No picture here: keep a link to the original, labelled so a reader knows what it was.
        label = escape(alt or caption or src.rsplit("/", 1)[-1] or src)
        link = f'<a href="{escape(self.media.file_url(src))}">{label}</a>'
        if caption and caption != alt:
            link += f" — {escape(caption)}"
        self.result.blocks.append(block("paragraph", f"<p>{link}</p>"))
        self.result.note(_("Image not imported, kept as a link: %(src)s") % {"src": src})

    def quote(self, node: Tag, pull: bool = False) -> None:
        attribution, source_url = "", ""
        for cite in node.find_all(["cite", "footer"]):
            link = cite.find("a")
            if link is not None and link.get("href"):
                source_url = link["href"].strip()
            attribution = attribution or plain(cite).lstrip("—–-― ").strip()
            cite.extract()
        if not source_url and node.get("cite", "").startswith(("http://", "https://")):
            source_url = node["cite"].strip()
        paragraphs = []
        inline: list[str] = []
        for child in node.children:
            if isinstance(child, Tag) and child.name in {"p", "div", "ul", "ol", "blockquote"}:
                if "".join(inline).strip():
                    paragraphs.append("".join(inline).strip())
                inline = []
                text = self.inline(child).strip()
                if text:
                    paragraphs.append(text)
            else:
                inline.append(self.inline(child))
        if "".join(inline).strip():
            paragraphs.append("".join(inline).strip())
        paragraphs = [re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", text) for text in paragraphs]
        paragraphs = [text for text in paragraphs if text]
        if not paragraphs:
            return
        self.result.blocks.append(
            block(
                "quote",
                {
                    "text": "".join(f"<p>{text}</p>" for text in paragraphs),
                    "attribution": clip(attribution, 200),
                    "source_title": "",
                    "source_url": source_url
                    if urlsplit(source_url).scheme in {"http", "https"}
                    else "",
                    "style": "pull" if pull else "",
                },
            )
        )


def convert(
    content: str, media: MediaLookup | None = None, reusable: dict[str, str] | None = None
) -> Conversion:
    """StreamField data (a list of raw blocks) and notes for one post's content.

    ``reusable`` holds the content of the export's reusable blocks by id.
    """
    return ContentConverter(media, reusable).convert(content)


def strip_html(text: str) -> str:
    """Plain text of a snippet of HTML (titles, excerpts), entities decoded."""
    if "<" not in text and "&" not in text:
        return _SPACES.sub(" ", text).strip()
    return _SPACES.sub(" ", BeautifulSoup(text, "html.parser").get_text(" ")).strip()
