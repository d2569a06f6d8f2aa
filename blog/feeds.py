"""RSS 2.0 and Atom feeds of the blog, a category or a tag, one set per language.

Each feed is served by a route on the page it belongs to (``feed/`` and ``feed/atom/`` on
the blog index and on each category, ``tag/<slug>/feed/`` on the index), so its language
is the page's own and its URL sits under the page's. Django's syndication framework
writes the XML: RFC 822 dates in RSS, RFC 3339 in Atom, ``<language>`` and ``xml:lang``.
"""

import io
import re
from collections.abc import Iterable

from django.contrib.syndication.views import Feed
from django.db.models import Value
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from blog.models.post import BlogPostCategory, BlogPostTag, read_excerpt_images
from blog.models.settings import BlogSettings
from core.addresses import PageAddresses, makes_own_addresses

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# Attributes whose site-relative URLs a feed reader cannot resolve on its own.
RELATIVE_URL = re.compile(r'(?P<attr>\s(?:href|src|poster))="(?P<url>/(?!/)[^"]*)"')
SRCSET = re.compile(r'(?P<attr>\ssrcset)="(?P<value>[^"]*)"')


def absolute_html(html: str, base: str) -> str:
    """``html`` with every site-relative link, image source and srcset entry made absolute."""
    html = RELATIVE_URL.sub(lambda m: f'{m.group("attr")}="{base}{m.group("url")}"', html)

    def fix_srcset(match: re.Match) -> str:
        entries = []
        for entry in match.group("value").split(","):
            entry = entry.strip()
            if entry.startswith("/") and not entry.startswith("//"):
                entry = base + entry
            entries.append(entry)
        return f'{match.group("attr")}="{", ".join(entries)}"'

    return SRCSET.sub(fix_srcset, html)


# What an entry reads of its post (a third of the post's columns, each read and set per post).
ENTRY_FIELDS = ("title", "url_path", "date", "last_published_at", "excerpt", "body", "author__name")


def entry_terms(posts: list[Page]) -> dict[int, list[str]]:
    """Each post's live categories' titles, then its tags' names, in the editor's order.

    One query of names (the two link tables' rows side by side): a prefetch would build a
    link object and a page object per category (a ``ClusterableModel`` each, the costliest
    objects Django makes here) and a link and a tag per tag, in two queries.
    """
    ids = [post.pk for post in posts]
    categories = (
        BlogPostCategory.objects.filter(page_id__in=ids, category__live=True)
        .order_by()  # sorted below: a compound query orders only as a whole
        .annotate(kind=Value(0))
        .values_list("kind", "page_id", "sort_order", "pk", "category__title")
    )
    tags = (
        BlogPostTag.objects.filter(page_id__in=ids)
        .order_by()
        .annotate(kind=Value(1))
        .values_list("kind", "page_id", "sort_order", "pk", "tag__name")
    )
    terms: dict[int, list[str]] = {pk: [] for pk in ids}
    # Categories before tags, each in its sort order (None first, as SQLite and this sort do).
    for _kind, page_id, _order, _pk, name in sorted(
        categories.union(tags, all=True),
        key=lambda row: (row[0], row[2] is not None, row[2] or 0, row[3]),
    ):
        terms[page_id].append(name)
    return terms


class WrittenAtOnce:
    """Django's feed generators write each element to the response separately (a thousand
    small writes, each encoded on its own): this one writes the whole document once."""

    def write(self, outfile, encoding: str) -> None:
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class FullContentRss(WrittenAtOnce, Rss201rev2Feed):
    """RSS 2.0 with the whole post in ``content:encoded`` when the site setting asks for it."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class FullContentAtom(WrittenAtOnce, Atom1Feed):
    """Atom with the whole post in ``<content type="html">`` when the site setting asks for it."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class BlogRssFeed(Feed):
    """The newest posts of a blog index, category or tag, in the page's language.

    Called from a route with ``source`` (the page) and optionally ``tag``.
    """

    feed_type = FullContentRss

    def get_object(self, request: HttpRequest, source: Page, tag=None) -> dict:
        self.request = request
        self.settings = BlogSettings.for_request(request)
        site = Site.find_for_request(request)
        self.site_name = site.site_name if site and site.site_name else source.title
        # core.routing imports Wagtail's views, which need the models loaded: blog's models
        # import this module while Django is still loading them.
        from core.routing import site_root_paths

        # Entries' addresses from their url_path, by Wagtail's rules (core/addresses.py), with
        # the site root paths the routing read for this request.
        self.addresses = PageAddresses(site_root_paths(request), site.pk if site else None)
        self.base = request.build_absolute_uri("/").rstrip("/")
        # Django reads ``language`` as a plain attribute (RSS <language>, Atom xml:lang).
        self.language = source.locale.language_code
        return {"source": source, "tag": tag}

    def title(self, obj: dict) -> str:
        source, tag = obj["source"], obj["tag"]
        if tag is not None:
            return _("%(site)s: posts tagged “%(tag)s”") % {"site": self.site_name, "tag": tag.name}
        if not hasattr(source, "archive_url"):  # a category
            return _("%(site)s: %(category)s") % {"site": self.site_name, "category": source.title}
        return self.site_name

    def link(self, obj: dict) -> str:
        source, tag = obj["source"], obj["tag"]
        if tag is not None:
            return source.archive_url("tag_archive", self.request, slug=tag.slug)
        return source.get_url(self.request)

    def description(self, obj: dict) -> str:
        return _("The newest posts of %(title)s.") % {"title": self.title(obj)}

    def feed_url(self, obj: dict) -> str:
        return self.request.build_absolute_uri(self.request.path)

    def author_name(self, obj: dict) -> str:
        # Atom needs an author for the feed when an entry has none.
        return self.site_name

    def items(self, obj: dict) -> Iterable:
        limit = min(max(self.settings.feed_items, 1), 100)
        posts = list(obj["source"].posts_for_feed(tag=obj["tag"]).only(*ENTRY_FIELDS)[:limit])
        if self.settings.feed_full_content:
            # The whole body is rendered, pictures too: their images read together. The
            # description alone (the excerpt's text) makes no picture block.
            read_excerpt_images(posts, whole_body=True)
        self.terms = entry_terms(posts)
        return posts

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        if makes_own_addresses(type(item)):
            return item.get_url(self.request)
        return self.addresses.url(item.url_path)

    def item_guid(self, item) -> str:
        if makes_own_addresses(type(item)):
            return item.get_full_url(self.request)
        return self.addresses.full_url(item.url_path)

    def item_guid_is_permalink(self, item) -> bool:
        return True

    def item_description(self, item) -> str:
        return escape(item.plain_excerpt())

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry.
        return max(filter(None, [item.date, item.last_published_at]))

    def item_author_name(self, item) -> str | None:
        return item.author.name if item.author else None

    def item_categories(self, item) -> list[str]:
        return self.terms[item.pk]

    def item_extra_kwargs(self, item) -> dict:
        if not self.settings.feed_full_content:
            return {}
        html = "".join(str(block) for block in item.body)
        return {"content": absolute_html(html, self.base)}


class BlogAtomFeed(BlogRssFeed):
    """The same feed in Atom 1.0."""

    feed_type = FullContentAtom

    def subtitle(self, obj: dict) -> str:
        return self.description(obj)
