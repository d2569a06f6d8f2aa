"""Template helpers for posts: dates, inline rich text, links in the reader's language, share links."""

import re
import uuid
from urllib.parse import quote

from django import template
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wagtail.rich_text import RichText, expand_db_html

from blog.models import BlogIndexPage
from blog.models.category import CategoryPage
from blog.models.taxonomy import Tag
from blog.sharing import share_links
from core.cache.values import cached_for_generation, reader_key
from core.routing import site_root_paths
from core.templatetags.site_tags import get_blog_index

register = template.Library()

SINGLE_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>(.*)</p>\s*$", re.DOTALL)
# What Django's reverse() leaves unquoted in a path (django.urls.resolvers), so that a slug
# quoted here reads as in the URL Wagtail reverses.
PATH_SAFE = "!$&'()*+,;=/~:@"


@register.filter
def inline_richtext(value: RichText | str) -> SafeString:
    """Rich text without its wrapping paragraph, for list items and other inline places."""
    source = value.source if isinstance(value, RichText) else str(value)
    html = expand_db_html(source)
    match = SINGLE_PARAGRAPH.match(html)
    if match and "<p" not in match.group(1):
        html = match.group(1)
    return mark_safe(html)  # noqa: S308 - rich text is sanitised by Wagtail's editor on save


@register.simple_tag
def post_datetime(value) -> SafeString:
    """A ``<time>`` element with the date and time in the reader's language and the site's zone."""
    if value is None:
        return SafeString("")
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), date_format(local, "DATETIME_FORMAT")
    )


def reader_blog_index(context: template.Context):
    """The blog index of the reader's language on this site (kept until content changes)."""
    candidate = context.get("blog_index")
    if isinstance(candidate, BlogIndexPage):
        return candidate
    request = context.get("request")
    if request is None:
        return None
    return get_blog_index(request)


class ListingLinks:
    """The addresses a listing's post summaries link to, made from its blog index's address.

    A page directly under the blog index (a post, a category) is at the index's address
    followed by its slug: Wagtail reverses its ``url_path``, which is the index's and the
    slug, from the same site root in the same language. Asking Wagtail for each address
    costs a ``get_url_parts`` and a ``reverse()``, four for each post of a listing. Pages
    elsewhere (a post of the other language, a sub-category) and a site rooted at the page
    itself are left to Wagtail.
    """

    def __init__(self, index: BlogIndexPage | None, request: HttpRequest | None) -> None:
        self.index = index
        self.request = request
        self.base = self.prefix = self.site_id = None
        self.author_urls: dict[str, str] = {}
        if index is None or request is None:
            return
        parts = index.get_url_parts(request)
        base = index.get_url(request)
        if parts and base and base.endswith("/"):
            self.site_id, self.base, self.prefix = parts[0], base, index.url_path
            self.roots = {root.root_path for root in site_root_paths(request)}

    def under_index(self, page) -> bool:
        """Whether ``page`` is a child of the index, at the index's address and slug."""
        return (
            self.prefix is not None
            and page.url_path == f"{self.prefix}{page.slug}/"
            and page.url_path not in self.roots
        )

    def page_url(self, page) -> str:
        if self.under_index(page):
            return f"{self.base}{quote(page.slug, safe=PATH_SAFE)}/"
        return page.get_url(self.request) or ""

    def page_site_id(self, page) -> int | None:
        """The site of ``page`` when it is the index's (else None: the caller asks Wagtail)."""
        return self.site_id if self.under_index(page) else None

    def author_url(self, author) -> str:
        """The author's archive on this blog ("" without a blog index or a slug)."""
        if self.index is None or author is None or not author.slug:
            return ""
        if author.slug not in self.author_urls:
            path = self.index.reverse_subpage("author_archive", kwargs={"slug": author.slug})
            self.author_urls[author.slug] = (
                self.base + path
                if self.base is not None
                else self.index.archive_url("author_archive", self.request, slug=author.slug)
            )
        return self.author_urls[author.slug]


@register.simple_tag(takes_context=True)
def listing_links(context: template.Context) -> ListingLinks:
    """The addresses of a listing (``ListingLinks``): made once, before its summaries."""
    return ListingLinks(reader_blog_index(context), context.get("request"))


@register.simple_tag(takes_context=True)
def summary_links(context: template.Context, post, links: ListingLinks | None = None) -> dict:
    """What one post's summary and meta line link to: ``url``, ``site_id``, ``author_url``,
    ``categories`` (as ``reader_categories``). ``links`` is the listing's; without it
    (a post's own page) it is made here."""
    if links is None:
        links = ListingLinks(reader_blog_index(context), context.get("request"))
    return {
        "url": links.page_url(post),
        "site_id": links.page_site_id(post),
        "author_url": links.author_url(post.author),
        "categories": categories_for_reader(context.get("request"), post, links),
    }


@register.simple_tag(takes_context=True)
def author_url(context: template.Context, author) -> str:
    """The author's archive on the reader's blog, or "" when there is no blog index."""
    index = reader_blog_index(context)
    if index is None or author is None or not author.slug:
        return ""
    return index.archive_url("author_archive", context.get("request"), slug=author.slug)


@register.simple_tag(takes_context=True)
def tag_url(context: template.Context, tag) -> str:
    """The tag's archive on the reader's blog, or "" when there is no blog index."""
    index = reader_blog_index(context)
    if index is None or not tag.slug:
        return ""
    return index.archive_url("tag_archive", context.get("request"), slug=tag.slug)


def category_versions(request, language: str) -> dict[str, dict]:
    """Every live category of ``language`` by translation key, as a title and a URL.

    Read once per content generation: a listing may hold many posts of the other
    language, and asking for each post's categories one by one costs a query per post.
    """

    def read() -> dict[str, dict]:
        pages = CategoryPage.objects.live().filter(locale__language_code=language)
        return {
            str(page.translation_key): {"title": page.title, "url": page.get_url(request)}
            for page in pages
        }

    return cached_for_generation("blog:category-versions:" + reader_key(request, language), read)


def tag_versions(language: str) -> dict[str, Tag]:
    """Every tag of ``language`` by translation key, once per content generation."""
    return cached_for_generation(
        f"blog:tag-versions:{language}",
        lambda: {
            str(tag.translation_key): tag
            for tag in Tag.objects.filter(locale__language_code=language)
        },
    )


@register.simple_tag(takes_context=True)
def reader_categories(context: template.Context, post) -> list[dict]:
    """The post's categories as ``{"title", "url"}``, each in the reader's language where a
    live version exists.

    A post in another language (an English-only post on /ja/) otherwise links its own
    language's categories and takes the reader out of theirs.
    """
    return categories_for_reader(context.get("request"), post)


# The columns of a row of ``category_links_rows`` (blog.models.post.LINKED): the link's id and
# sort order, then its category's title, slug, url_path, live flag and translation key.
LINK_ID, LINK_ORDER = 0, 1
CATEGORY_TITLE, CATEGORY_SLUG, CATEGORY_PATH, CATEGORY_LIVE, CATEGORY_KEY = 5, 6, 7, 8, 9


class RowCategory:
    """What a listing shows of a category, from its post's JSON row: no Page is made."""

    __slots__ = ("title", "slug", "url_path", "translation_key")

    def __init__(self, row: list) -> None:
        self.title, self.slug, self.url_path = (
            row[CATEGORY_TITLE],
            row[CATEGORY_SLUG],
            row[CATEGORY_PATH],
        )
        # A UUID is stored as 32 hex digits on SQLite: written as Django's UUIDField reads it.
        self.translation_key = uuid.UUID(row[CATEGORY_KEY])


def listed_categories(post, links: ListingLinks | None) -> list:
    """The post's live categories: from its listing row when each sits under the index (its
    address made by ``links``), else as pages (``post.categories``)."""
    rows = getattr(post, "category_links_rows", None)
    if rows is None or links is None:
        return post.categories
    categories = [
        RowCategory(row)
        for row in sorted(rows, key=lambda row: (row[LINK_ORDER], row[LINK_ID]))
        if row[CATEGORY_LIVE]
    ]
    if all(links.under_index(category) for category in categories):
        return categories
    return post.categories


def categories_for_reader(request, post, links: ListingLinks | None = None) -> list[dict]:
    categories = listed_categories(post, links)
    language = get_language()
    if categories and post.locale.language_code != language:
        versions = category_versions(request, language)
        found = [versions.get(str(category.translation_key)) for category in categories]
    else:
        found = [None] * len(categories)
    return [
        version
        or {
            "title": category.title,
            "url": links.page_url(category) if links else category.get_url(request),
        }
        for category, version in zip(categories, found, strict=True)
    ]


@register.simple_tag
def reader_tags(post) -> list:
    """The post's tags, each in the reader's language where a version exists (as categories)."""
    tags = post.tags
    language = get_language()
    if not tags or post.locale.language_code == language:
        return tags
    versions = tag_versions(language)
    return [versions.get(str(tag.translation_key), tag) for tag in tags]


@register.simple_tag(takes_context=True)
def post_share_links(context: template.Context, page) -> dict:
    """``page``'s absolute URL and its plain share links, in the order the reader's language expects."""
    url = page.get_full_url(context.get("request"))
    return {"url": url, "links": share_links(url, page.title, get_language())}
