"""Template helpers for posts: dates in the reader's language and inline rich text."""

import re

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html

from blog.models import BlogIndexPage
from core.templatetags.site_tags import get_blog_index
from blog.models.taxonomy import Tag

register = template.Library()

SINGLE_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>(.*)</p>\s*$", re.DOTALL)


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


@register.simple_tag(takes_context=True)
def author_url(context: template.Context, author) -> str:
    """The author's archive on the reader's blog, or "" when there is no blog index."""
    index = reader_blog_index(context)
    if index is None or author is None or not author.slug:
        return ""
    return index.archive_url("author_archive", slug=author.slug)


@register.simple_tag(takes_context=True)
def tag_url(context: template.Context, tag) -> str:
    """The tag's archive on the reader's blog, or "" when there is no blog index."""
    index = reader_blog_index(context)
    if index is None or not tag.slug:
        return ""
    return index.archive_url("tag_archive", slug=tag.slug)


def in_reader_language(items: list, versions) -> list:
    """``items`` with each replaced by its version in ``versions`` (same translation key) if any."""
    by_key = {version.translation_key: version for version in versions}
    return [by_key.get(item.translation_key, item) for item in items]


@register.simple_tag
def reader_categories(post) -> list:
    """The post's categories, each in the reader's language where a live version exists.

    A post in another language (an English-only post on /ja/) otherwise links its own
    language's categories and takes the reader out of theirs.
    """
    categories = post.categories
    language = get_language()
    if not categories or post.locale.language_code == language:
        return categories
    versions = Page.objects.live().filter(
        locale__language_code=language,
        translation_key__in=[category.translation_key for category in categories],
    )
    return in_reader_language(categories, versions)


@register.simple_tag
def reader_tags(post) -> list:
    """The post's tags, each in the reader's language where a version exists (as categories)."""
    tags = post.tags
    language = get_language()
    if not tags or post.locale.language_code == language:
        return tags
    versions = Tag.objects.filter(
        locale__language_code=language, translation_key__in=[tag.translation_key for tag in tags]
    )
    return in_reader_language(tags, versions)
