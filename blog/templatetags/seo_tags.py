"""What search engines and social sites read in a page's head.

Canonical URL, meta description, Open Graph and Twitter cards, JSON-LD ``BlogPosting`` and
``BreadcrumbList``, and feed autodiscovery links, computed once per page in a fixed number
of queries and rendered by ``includes/seo_head.html``.
"""

import json
from urllib.parse import urljoin

from django import template
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from wagtail.models import Page

from blog.templatetags.blog_tags import reader_blog_index
from core.templatetags.site_tags import (
    get_blog_index,
    get_home_page,
    live_versions,
    localized_site_name,
)

register = template.Library()

DESCRIPTION_LENGTH = 160
OG_LOCALES = {"en": "en_GB", "ja": "ja_JP"}
SHARE_IMAGE = "fill-1200x630"
# Characters that could end a <script> element or open a comment inside JSON-LD.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def og_locale(language_code: str) -> str:
    """Open Graph's language_TERRITORY form of a language code ("ja" → "ja_JP")."""
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


def plain(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """``text`` without markup or runs of spaces, cut to ``length`` characters."""
    return Truncator(" ".join(strip_tags(text or "").split())).chars(length)


def page_description(page: Page, archive: dict | None) -> str:
    """The editor's search description, else the post's excerpt or the page's introduction."""
    if archive:
        return plain(archive.get("heading", ""))
    if getattr(page, "search_description", ""):
        return plain(page.search_description)
    if hasattr(page, "plain_excerpt"):
        return plain(page.plain_excerpt())
    for field in ("introduction", "description", "tagline"):
        value = getattr(page, field, "")
        if value:
            return plain(str(value))
    return ""


def canonical_url(request: HttpRequest, page: Page, paginated) -> str:
    """This URL on the site's own host, with ``?page=`` kept beyond the first page."""
    url = urljoin(page.get_full_url(request), iri_to_uri(request.path))
    number = getattr(paginated, "number", 1)
    if number and number > 1:
        url += f"?page={number}"
    return url


@register.simple_tag(takes_context=True)
def seo_data(context: template.Context) -> dict:
    """Everything ``includes/seo_head.html`` prints, for the page in ``context``."""
    request = context.get("request")
    page = context.get("page")
    language = get_language() or "en"
    data: dict = {
        "robots": context.get("robots", ""),
        "og_locale": og_locale(language),
        "feed_links": context.get("feed_links"),
    }
    if data["feed_links"] is None:
        index = reader_blog_index(context)
        data["feed_links"] = index.feed_links(request=request) if index is not None else []
    if request is None or not isinstance(page, Page):
        return data

    site_name = localized_site_name(request)
    archive = context.get("archive")
    title = archive["heading"] if archive else (page.seo_title or page.title)
    canonical = canonical_url(request, page, context.get("posts"))
    description = page_description(page, archive)
    own_url = page.get_full_url(request)
    translations = [
        code for code, _url, full_url in live_versions(request, page) if full_url != own_url
    ]
    is_post = page.specific_class.__name__ == "BlogPostPage" and not archive
    image = None
    feature = getattr(page, "feature_image", None) if is_post else None
    if feature is not None:
        rendition = feature.get_rendition(SHARE_IMAGE)
        image = {
            "url": urljoin(canonical, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": feature.default_alt_text or "",
        }

    data.update(
        {
            "canonical": canonical,
            "title": title,
            "description": description,
            "site_name": site_name,
            "og_type": "article" if is_post else "website",
            "og_locale_alternates": [og_locale(code) for code in translations],
            "image": image,
            "twitter_card": "summary_large_image" if image else "summary",
            "breadcrumbs": breadcrumbs(request, page, archive, canonical),
        }
    )
    if is_post:
        data["post"] = page
        data["blog_posting"] = blog_posting(request, page, canonical, description, image, site_name)
    return data


def known_ancestors(request: HttpRequest, page: Page) -> list[Page] | None:
    """``page``'s ancestors from its home down, when they are the home and the blog index
    every page's header has read already (a post, a category, the blog itself); else None.

    A page's tree path is its parent's plus one step, so the chain is checked without a query.
    """
    known = {
        ancestor.path: ancestor
        for ancestor in (get_home_page(request), get_blog_index(request))
        if ancestor is not None
    }
    trail = []
    path = page.path[: -Page.steplen]
    while len(path) >= 2 * Page.steplen:  # down to the home, at depth 2
        if path not in known:
            return None
        trail.insert(0, known[path])
        path = path[: -Page.steplen]
    return trail


def breadcrumbs(request: HttpRequest, page: Page, archive: dict | None, canonical: str) -> dict:
    """A schema.org ``BreadcrumbList`` from the language's home page down to this page."""
    ancestors = known_ancestors(request, page)
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gte=2)
    trail = [*ancestors, page]
    items = [(crumb.title, crumb.get_full_url(request)) for crumb in trail]
    if archive:
        items.append((archive["heading"], canonical))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def blog_posting(
    request: HttpRequest, post, canonical: str, description: str, image: dict | None, site_name: str
) -> dict:
    """A schema.org ``BlogPosting`` for a post."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": description,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "inLanguage": post.locale.language_code,
        "datePublished": post.date.isoformat(),
        "dateModified": (post.last_published_at or post.date).isoformat(),
        "publisher": {"@type": "Organization", "name": site_name},
        "keywords": [tag.name for tag in post.tags],
        "articleSection": [category.title for category in post.categories],
    }
    if post.author:
        author = {"@type": "Person", "name": post.author.name}
        index = get_blog_index(request)
        if index is not None and post.author.slug:
            author["url"] = urljoin(
                canonical, index.archive_url("author_archive", request, slug=post.author.slug)
            )
        data["author"] = author
    if image:
        data["image"] = [image["url"]]
    return data


@register.filter
def json_ld(value: dict) -> SafeString:
    """``value`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above
