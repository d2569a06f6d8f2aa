"""Streaming, safe reading of WordPress export files (WXR 1.0 to 1.2).

The file is fed to expat in chunks and each ``<item>``, author or term is handed out as
soon as it closes, so memory stays bounded however large the export. Entity
declarations (the "billion laughs" bomb, external entities) and external references are
refused outright: a WordPress export never needs them.
"""

import datetime
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote
from xml.parsers import expat

from django.utils import timezone
from django.utils.translation import gettext as _

CHUNK_SIZE = 256 * 1024

# Namespace URIs vary by WXR version (1.0, 1.1, 1.2) and scheme (http, https): match their shape.
NAMESPACE_PREFIXES = (
    ("wordpress.org/export/", "/excerpt/", "excerpt"),
    ("wordpress.org/export/", "", "wp"),
    ("purl.org/rss/1.0/modules/content", "", "content"),
    ("purl.org/dc/elements/1.1", "", "dc"),
    ("wellformedweb.org/CommentAPI", "", "wfw"),
)

CHANNEL_RECORDS = {"item", "wp:author", "wp:category", "wp:tag", "wp:term"}


class WxrError(Exception):
    """The file is not a readable WordPress export; ``line`` says where it went wrong."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        if line is not None:
            message = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        super().__init__(message)


@dataclass
class Node:
    name: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    line: int = 0  # where its start tag is: a record's line in the report

    @property
    def value(self) -> str:
        return "".join(self.text)

    def first(self, name: str) -> str:
        for child in self.children:
            if child.name == name:
                return child.value
        return ""

    def all(self, name: str) -> list["Node"]:
        return [child for child in self.children if child.name == name]


@dataclass
class WxrSite:
    title: str = ""
    description: str = ""  # the tagline
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""
    wxr_version: str = ""


@dataclass
class WxrAuthor:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str
    line: int


@dataclass
class WxrTerm:
    taxonomy: str  # "category", "post_tag" or another taxonomy
    term_id: str
    slug: str  # percent-decoded
    name: str
    parent_slug: str
    description: str
    line: int

    @property
    def key(self) -> str:
        return self.term_id or self.slug


@dataclass
class WxrComment:
    comment_id: str
    author: str
    email: str
    url: str
    ip: str
    date: datetime.datetime | None
    content: str
    approved: str
    comment_type: str
    parent_id: str
    user_id: str
    agent: str = ""


@dataclass
class WxrItem:
    post_id: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    post_date: str  # as the blog showed it, in its own time zone: permalinks use it
    date: datetime.datetime | None
    slug: str  # percent-decoded post_name
    raw_slug: str
    status: str
    post_type: str
    parent_id: str
    menu_order: str
    password: str
    is_sticky: bool
    comment_status: str
    attachment_url: str
    terms: list[tuple[str, str, str]]  # (domain, slug, name)
    meta: dict[str, str]
    comments: list[WxrComment]
    line: int

    @property
    def label(self) -> str:
        """How the report names this item: its type, id and title."""
        title = " ".join(re.sub(r"<[^>]*>", "", html.unescape(self.title)).split()) or _(
            "(no title)"
        )
        return f"{self.post_type} {self.post_id} “{title[:60]}”"


def namespace_prefix(uri: str) -> str:
    for fragment, suffix, prefix in NAMESPACE_PREFIXES:
        if fragment in uri and uri.endswith(suffix):
            return prefix
    return uri


def parse_naive(text: str) -> datetime.datetime | None:
    """WordPress's ``YYYY-MM-DD HH:MM:SS``, or None when empty, unreadable or zero: WordPress
    writes ``0000-00-00 00:00:00`` for a draft's missing GMT date, and year 0 does not parse."""
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def parse_gmt(text: str) -> datetime.datetime | None:
    """An aware datetime from a WordPress date in UTC, or None for empty and zero dates."""
    naive = parse_naive(text)
    return naive.replace(tzinfo=datetime.UTC) if naive else None


def parse_local(text: str) -> datetime.datetime | None:
    """A date in the blog's own time zone, taken as the site's time zone when no GMT date exists."""
    naive = parse_naive(text)
    return timezone.make_aware(naive) if naive else None


def decode_slug(text: str) -> str:
    """WordPress stores non-ASCII slugs percent-encoded (``%e6%97%a5``); Wagtail keeps them as text."""
    return unquote(text.strip())


class WxrReader:
    """Reads one export file; iterate ``records()`` for authors, terms and items in file order.

    ``site`` fills in as the channel's header is read.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.site = WxrSite()
        self._ready: list = []
        self._stack: list[Node] = []
        self._record_depth: int | None = None
        self._saw_channel = False

    def records(self) -> Iterator[WxrAuthor | WxrTerm | WxrItem]:
        parser = self._make_parser()
        try:
            with self.path.open("rb") as stream:
                while True:
                    chunk = stream.read(CHUNK_SIZE)
                    parser.Parse(chunk, not chunk)
                    yield from self._ready
                    self._ready.clear()
                    if not chunk:
                        break
        except expat.ExpatError as error:
            raise WxrError(
                _("the file is not well-formed XML (%(reason)s).")
                % {"reason": expat.ErrorString(error.code)},
                error.lineno,
            ) from error
        except OSError as error:
            raise WxrError(_("the file cannot be read: %(error)s") % {"error": error}) from error
        except (LookupError, ValueError) as error:
            # Besides UTF-8 and UTF-16, pyexpat decodes single-byte encodings only: a Shift_JIS
            # or EUC-JP declaration raises ValueError, an encoding it does not know LookupError.
            raise WxrError(
                _("the file's character encoding is not supported (%(reason)s); save it as UTF-8.")
                % {"reason": error},
                parser.CurrentLineNumber,
            ) from error
        if not self._saw_channel:
            raise WxrError(_("this is not a WordPress export: it has no RSS channel."))

    def _make_parser(self):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        # The external DTD subset and parameter entities are never read, and expat itself never
        # fetches an external document: an external entity can only reach the parser through a
        # declaration, which is refused.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse_entity(*args) -> None:
            raise WxrError(
                _(
                    "the file declares an XML entity. WordPress exports never do; it was "
                    "refused to protect the server (entity expansion or external files)."
                ),
                parser.CurrentLineNumber,
            )

        # Without an UnparsedEntityDeclHandler, expat reports unparsed (NDATA) entities here too.
        parser.EntityDeclHandler = refuse_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self._parser = parser
        return parser

    @staticmethod
    def _name(raw: str) -> str:
        # expat names a namespaced element "URI local"; neither part can hold a space.
        uri, space, local = raw.rpartition(" ")
        return f"{namespace_prefix(uri)}:{local}" if space else raw

    def _start(self, raw_name: str, attrs: dict[str, str]) -> None:
        name = self._name(raw_name)
        depth = len(self._stack)
        if depth == 1 and name == "channel" and self._stack[0].name == "rss":
            self._saw_channel = True
        elif depth == 2 and name in CHANNEL_RECORDS:
            self._record_depth = depth
        node = Node(
            name,
            {self._name(key): value for key, value in attrs.items()},
            line=self._parser.CurrentLineNumber,
        )
        # Outside records only the channel's own header fields are kept: nothing accumulates.
        if self._record_depth is not None and depth > self._record_depth:
            self._stack[-1].children.append(node)
        self._stack.append(node)

    def _text(self, data: str) -> None:
        # Character data only ever comes inside the root element: the stack is never empty here.
        if self._record_depth is not None or len(self._stack) == 3:
            self._stack[-1].text.append(data)

    def _end(self, raw_name: str) -> None:
        node = self._stack.pop()
        depth = len(self._stack)
        if depth == 2 and self._record_depth == 2:
            self._record_depth = None
            record = self._build(node)
            if record is not None:
                self._ready.append(record)
        elif depth == 2 and self._record_depth is None:
            self._header(node)

    def _header(self, node: Node) -> None:
        fields = {
            "title": "title",
            "description": "description",
            "link": "link",
            "language": "language",
            "wp:base_site_url": "base_site_url",
            "wp:base_blog_url": "base_blog_url",
            "wp:wxr_version": "wxr_version",
        }
        if node.name in fields:
            setattr(self.site, fields[node.name], node.value.strip())

    def _build(self, node: Node):
        if node.name == "item":
            return build_item(node)
        if node.name == "wp:author":
            return WxrAuthor(
                login=node.first("wp:author_login").strip(),
                email=node.first("wp:author_email").strip(),
                display_name=node.first("wp:author_display_name").strip(),
                first_name=node.first("wp:author_first_name").strip(),
                last_name=node.first("wp:author_last_name").strip(),
                line=node.line,
            )
        if node.name == "wp:category":
            return WxrTerm(
                taxonomy="category",
                term_id=node.first("wp:term_id").strip(),
                slug=decode_slug(node.first("wp:category_nicename")),
                name=node.first("wp:cat_name").strip(),
                parent_slug=decode_slug(node.first("wp:category_parent")),
                description=node.first("wp:category_description").strip(),
                line=node.line,
            )
        if node.name == "wp:tag":
            return WxrTerm(
                taxonomy="post_tag",
                term_id=node.first("wp:term_id").strip(),
                slug=decode_slug(node.first("wp:tag_slug")),
                name=node.first("wp:tag_name").strip(),
                parent_slug="",
                description=node.first("wp:tag_description").strip(),
                line=node.line,
            )
        if node.name == "wp:term":
            return WxrTerm(
                taxonomy=node.first("wp:term_taxonomy").strip(),
                term_id=node.first("wp:term_id").strip(),
                slug=decode_slug(node.first("wp:term_slug")),
                name=node.first("wp:term_name").strip(),
                parent_slug=decode_slug(node.first("wp:term_parent")),
                description=node.first("wp:term_description").strip(),
                line=node.line,
            )
        return None


def build_comment(node: Node) -> WxrComment:
    return WxrComment(
        comment_id=node.first("wp:comment_id").strip(),
        author=node.first("wp:comment_author").strip(),
        email=node.first("wp:comment_author_email").strip(),
        url=node.first("wp:comment_author_url").strip(),
        ip=node.first("wp:comment_author_IP").strip(),
        date=parse_gmt(node.first("wp:comment_date_gmt"))
        or parse_local(node.first("wp:comment_date")),
        content=node.first("wp:comment_content"),
        approved=node.first("wp:comment_approved").strip(),
        comment_type=node.first("wp:comment_type").strip() or "comment",
        parent_id=node.first("wp:comment_parent").strip(),
        user_id=node.first("wp:comment_user_id").strip(),
        agent=node.first("wp:comment_agent").strip(),
    )


def build_item(node: Node) -> WxrItem:
    meta = {}
    for entry in node.all("wp:postmeta"):
        meta[entry.first("wp:meta_key").strip()] = entry.first("wp:meta_value")
    terms = [
        (
            child.attrs.get("domain", "category"),
            decode_slug(child.attrs.get("nicename", "")),
            child.value.strip(),
        )
        for child in node.all("category")
    ]
    post_date = node.first("wp:post_date").strip()
    raw_slug = node.first("wp:post_name").strip()
    return WxrItem(
        post_id=node.first("wp:post_id").strip(),
        title=node.first("title"),
        link=node.first("link").strip(),
        guid=node.first("guid").strip(),
        creator=node.first("dc:creator").strip(),
        content=node.first("content:encoded"),
        excerpt=node.first("excerpt:encoded"),
        post_date=post_date,
        date=parse_gmt(node.first("wp:post_date_gmt")) or parse_local(post_date),
        slug=decode_slug(raw_slug),
        raw_slug=raw_slug,
        status=node.first("wp:status").strip() or "publish",
        post_type=node.first("wp:post_type").strip() or "post",
        parent_id=node.first("wp:post_parent").strip(),
        menu_order=node.first("wp:menu_order").strip(),
        password=node.first("wp:post_password"),
        is_sticky=node.first("wp:is_sticky").strip() == "1",
        comment_status=node.first("wp:comment_status").strip(),
        attachment_url=node.first("wp:attachment_url").strip(),
        terms=terms,
        meta=meta,
        comments=[build_comment(child) for child in node.all("wp:comment")],
        line=node.line,
    )
