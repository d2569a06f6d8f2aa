"""What has no block of its own, kept readable: tables, code, frames, audio and video."""

import html
import re
import uuid
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.translation import gettext as _

from bs4 import Tag

_SPACES = re.compile(r"\s+")


def block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def plain(node: Tag | str) -> str:
    text = node.get_text(" ") if isinstance(node, Tag) else str(node)
    return _SPACES.sub(" ", text).strip()


class ReadableFallbacks:
    """Mixed into the converter: each method appends blocks and a note for the report."""

    def table(self, node: Tag) -> None:
        for row in node.find_all("tr"):
            cells = [self.inline(cell).strip() for cell in row.find_all(["th", "td"])]
            cells = [cell for cell in cells if cell]
            if not cells:
                continue
            text = " | ".join(cells)
            if row.find("th") is not None:
                text = f"<b>{text}</b>"
            self.result.blocks.append(block("paragraph", f"<p>{text}</p>"))
        caption = node.find("caption")
        if caption is not None and plain(caption):
            self.result.blocks.append(block("paragraph", f"<p><i>{escape(plain(caption))}</i></p>"))
        self.result.note(_("A table was kept as text, one paragraph a row."))

    def preformatted(self, node: Tag) -> None:
        lines = node.get_text().strip("\n").split("\n")
        text = "<br/>".join(escape(line) for line in lines)
        if text.strip():
            self.result.blocks.append(block("paragraph", f"<p>{text}</p>"))
        self.result.note(_("Code or preformatted text kept as plain text."))

    def iframe(self, node: Tag) -> None:
        src = html.unescape(node.get("src") or "").strip()
        if src.startswith("//"):
            src = "https:" + src
        youtube = re.match(r"https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", src)
        if youtube:
            src = f"https://www.youtube.com/watch?v={youtube.group(1)}"
        if urlsplit(src).scheme in {"http", "https"}:
            self.result.blocks.append(block("embed", {"embed": src, "caption": ""}))
            self.result.note(_("An inline frame became an embed: %(src)s") % {"src": src})

    def media_link(self, node: Tag) -> None:
        source = node.get("src") or next(
            (child.get("src") for child in node.find_all("source") if child.get("src")), ""
        )
        if source:
            label = escape(source.rsplit("/", 1)[-1])
            self.result.blocks.append(
                block("paragraph", f'<p><a href="{escape(source)}">{label}</a></p>')
            )
            self.result.note(_("Audio or video kept as a link: %(src)s") % {"src": source})
