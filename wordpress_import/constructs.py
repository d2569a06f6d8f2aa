"""WordPress constructs with a block of their own: tables, code, verse, nested lists, galleries,
audio and video players, buttons, file downloads, covers and frames.

Each reads the classic editor's HTML and the block editor's (``wp-block-…`` classes) alike.
"""

import html
import re
import uuid
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.translation import gettext as _

from bs4 import NavigableString, Tag

LIST_DEPTH = 3  # as deep as the list blocks nest
AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "opus", "weba"}
VIDEO_EXTENSIONS = {"mp4", "m4v", "webm", "ogv", "mov"}
_SPACES = re.compile(r"\s+")
_LANGUAGE_CLASS = re.compile(r"^(?:language|lang)[-:](\w[\w+#-]*)$")
_BACKGROUND = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)", re.I)


def block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def item(value) -> dict:
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def plain(node: Tag | str) -> str:
    text = node.get_text(" ") if isinstance(node, Tag) else str(node)
    return _SPACES.sub(" ", text).strip()


def classes(node: Tag) -> set[str]:
    return set(node.get("class") or [])


def media_kind(url: str) -> str | None:
    """``"audio"`` or ``"video"`` for the address of a sound or video file, else None."""
    path = urlsplit(url).path.lower()
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if extension in AUDIO_EXTENSIONS:
        return "audio"
    if extension in VIDEO_EXTENSIONS:
        return "video"
    return None


def code_language(node: Tag) -> str:
    """The language a ``<pre>`` names: ``data-language`` (shortcodes) or a ``language-x`` class."""
    if node.get("data-language"):
        return node["data-language"].strip().lower()
    for candidate in [node, *node.find_all("code", limit=1)]:
        for name in classes(candidate):
            match = _LANGUAGE_CLASS.match(name)
            if match:
                return match.group(1).lower()
    return ""


class Constructs:
    """Mixed into the converter: each method appends the blocks for one construct."""

    def table(self, node: Tag, caption: str = "") -> None:
        rows: list[list[Tag]] = []
        header: list[Tag] | None = None
        split = False
        for row in node.find_all("tr"):
            if row.find_parent("table") is not node:
                continue  # a table in a cell is read as that cell's text
            cells = []
            for cell in row.find_all(["th", "td"], recursive=False):
                span = cell.get("colspan", "1")
                count = int(span) if str(span).isdigit() else 1
                split = split or count > 1 or str(cell.get("rowspan", "1")) not in {"1", ""}
                cells.extend([cell] + [None] * (min(count, 20) - 1))
            if not cells:
                continue
            in_head = row.find_parent("thead") is not None
            all_headings = all(cell is None or cell.name == "th" for cell in cells)
            if header is None and not rows and (in_head or all_headings):
                header = cells
            else:
                rows.append(cells)
        if header is None and not rows:
            return
        width = max(len(cells) for cells in [header or [], *rows])
        if not rows:  # a table of headings only: they are its content
            rows, header = [header], None

        def text(cell: Tag | None) -> str:
            return plain(cell) if cell is not None else ""

        def rich(cell: Tag | None) -> str:
            inner = self.inline(cell).strip() if cell is not None else ""
            inner = re.sub(r"^(?:<br/>\s*)+|(?:\s*<br/>)+$", "", inner)
            return f"<p>{inner}</p>" if inner else ""

        header = (header or []) + [None] * (width - len(header or []))
        caption_node = node.find("caption")
        caption = caption or (plain(caption_node) if caption_node is not None else "")
        self.result.blocks.append(
            block(
                "table",
                {
                    "caption": caption[:255],
                    "columns": [{"type": "text", "heading": text(cell)} for cell in header],
                    "rows": [
                        {"values": [rich(cell) for cell in cells + [None] * (width - len(cells))]}
                        for cells in rows
                    ],
                },
            )
        )
        if split:
            self.result.note(_("Merged table cells were split into single cells."))

    def preformatted(self, node: Tag) -> None:
        if "wp-block-verse" in classes(node):
            self.verse(node)
            return
        code = node.get_text().strip("\n")
        if code.strip():
            self.result.blocks.append(
                block("code", {"language": code_language(node), "code": code})
            )

    def verse(self, node: Tag) -> None:
        """A poem keeps its lines: a paragraph with a break at the end of each."""
        text = self.inline_lines(node).strip()
        if text:
            self.result.blocks.append(block("paragraph", f"<p>{text}</p>"))

    def inline_lines(self, node: Tag) -> str:
        parts = []
        for child in node.children:
            if isinstance(child, NavigableString):
                parts.append("<br/>".join(escape(line) for line in str(child).split("\n")))
            else:
                parts.append(self.inline(child))
        return re.sub(r"^(?:<br/>)+|(?:<br/>)+$", "", "".join(parts))

    def list_items(self, node: Tag, depth: int) -> list[dict]:
        items: list[dict] = []
        for entry in node.find_all("li", recursive=False):
            sublists = [child for child in entry.find_all(["ul", "ol"]) if
                        child.find_parent("li") is entry]  # fmt: skip
            for sublist in sublists:
                sublist.extract()
            text = self.inline(entry).strip()
            if depth < LIST_DEPTH:
                children = [child for sub in sublists for child in self.list_items(sub, depth + 1)]
                if text or children:
                    numbered = bool(sublists) and sublists[0].name == "ol"
                    items.append(
                        item({"text": f"<p>{text}</p>", "sublist": children, "numbered": numbered})
                    )
                continue
            if text:
                items.append(item({"text": f"<p>{text}</p>"}))
            for sub in sublists:
                self.result.note(
                    _("Lists nested deeper than three levels were joined to the third level.")
                )
                items.extend(self.list_items(sub, depth))
        return items

    def gallery(self, pictures: list[tuple], caption: str = "") -> None:
        """A gallery block of (image, alt text, caption) triples."""
        images = [
            item({"image": image.pk, "alt_text": alt[:250], "caption": text[:250]})
            for image, alt, text in pictures
        ]
        if images:
            self.result.blocks.append(
                block("gallery", {"images": images, "caption": caption[:250]})
            )

    def gallery_figure(self, node: Tag) -> None:
        """A block-editor gallery: its pictures, each caption, and the gallery's own caption."""
        own_caption = ""
        for figcaption in node.find_all("figcaption"):
            if "blocks-gallery-caption" in classes(figcaption) or figcaption.parent is node:
                own_caption = plain(figcaption)
                figcaption.extract()
        pictures, missing = [], []
        for image_node in node.find_all("img"):
            figure = image_node.find_parent("figure")
            figcaption = (
                figure.find("figcaption") if figure is not None and figure is not node else None
            )
            caption = plain(figcaption) if figcaption is not None else ""
            found = self.find_image(image_node)
            if found is None:
                missing.append((image_node, caption))
            else:
                pictures.append((found, plain(image_node.get("alt") or ""), caption))
        self.gallery(pictures, own_caption)
        for image_node, caption in missing:
            self.image(image_node, caption=caption)

    def player(
        self, kind: str, src: str, caption: str = "", attachment_id: str | None = None
    ) -> None:
        """An audio or video block: the imported file when there is one, else its address."""
        document = self.media.document(src, attachment_id)
        url = "" if document is not None else self.media.file_url(src)
        if document is None and urlsplit(url).scheme not in {"http", "https"}:
            if src:
                self.result.blocks.append(block("paragraph", f"<p>{escape(src)}</p>"))
                self.result.note(_("A media file had no usable address: %(src)s") % {"src": src})
            return
        value = {"document": document.pk if document is not None else None, "url": url,
                 "captions": None, "caption": caption[:250]}  # fmt: skip
        self.result.blocks.append(block(kind, value))

    def player_element(self, node: Tag, caption: str = "") -> None:
        src = (node.get("src") or "").strip() or next(
            (child.get("src").strip() for child in node.find_all("source") if child.get("src")), ""
        )
        if src:
            self.player(node.name, html.unescape(src), caption)

    def buttons(self, node: Tag) -> None:
        links = [node] if node.name == "a" else node.find_all("a")
        for link in links:
            href = (link.get("href") or "").strip()
            text = plain(link)
            if not text:
                continue
            target = self.media.link(href) if href else ""
            if urlsplit(target).scheme in {"http", "https"} or target.startswith("/"):
                self.result.blocks.append(
                    block("button", {"text": text[:100], "page": None, "url": target})
                )
            else:
                self.result.blocks.append(block("paragraph", f"<p>{escape(text)}</p>"))

    def file(self, node: Tag) -> None:
        """A block-editor file block (or a lone link to an uploaded file): a download."""
        link = next((a for a in node.find_all("a") if a.get("href") and plain(a)), None)
        if link is None:
            return
        self.download(link["href"].strip(), plain(link))

    def download(self, href: str, text: str) -> bool:
        document = self.media.document(href, None)
        if document is None:
            url = self.media.file_url(href)
            self.result.blocks.append(
                block("paragraph", f'<p><a href="{escape(url)}">{escape(text or url)}</a></p>')
            )
            self.result.note(_("File not imported, kept as a link: %(src)s") % {"src": href})
            return False
        self.result.blocks.append(
            block(
                "document",
                {"document": document.pk, "title": "" if text == document.title else text[:250]},
            )
        )
        return True

    def cover(self, node: Tag) -> None:
        """A cover: its picture (or video), then the words laid over it."""
        background = node.find(["img", "video"], class_=re.compile("wp-block-cover__"))
        if background is not None:
            background.extract()
            if background.name == "img":
                self.image(background)
            else:
                self.player_element(background)
        else:
            match = _BACKGROUND.search(node.get("style") or "")
            if match:
                self.image(Tag(name="img", attrs={"src": html.unescape(match.group(1)), "alt": ""}))
        self.flow(node.children)

    def iframe(self, node: Tag) -> None:
        src = html.unescape(node.get("src") or "").strip()
        if src.startswith("//"):
            src = "https:" + src
        youtube = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
        if youtube:
            src = f"https://www.youtube.com/watch?v={youtube.group(1)}"
        if urlsplit(src).scheme in {"http", "https"}:
            self.result.blocks.append(block("embed", {"embed": src, "caption": ""}))

    # Last: in the class body, the name ``list`` is this method from here on.
    def list(self, node: Tag) -> None:
        items = self.list_items(node, 1)
        if items:
            block_type = "numbered_list" if node.name == "ol" else "list"
            self.result.blocks.append(block(block_type, items))
