"""Site-wide template tags: the header of each language and the language links."""

from urllib.parse import unquote, urlencode

from django import template
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, QueryDict
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from wagtail import hooks
from wagtail.models import Locale, Page, Site

from core.cache.memo import site_memo
from core.cache.values import cached_for_generation, reader_key
from core.routing import routed_page
from core.sites import specific_root

register = template.Library()


def get_home_page(request: HttpRequest, locale: Locale | None = None) -> Page | None:
    """The home page of ``locale`` (the active language by default) on the request's site."""
    site = Site.find_for_request(request)
    if site is None:
        return None

    def find() -> Page:
        root = site.root_page
        target = locale or active_locale(request)
        if root.locale_id == target.pk:
            return specific_root(site)
        # The translation made specific in one query (its class is the root's).
        translation_ = (
            root.specific_class.objects.live()
            .filter(translation_key=root.translation_key, locale=target)
            .first()
        )
        return translation_ or specific_root(site)

    # Every page shows the header: kept per process until content changes (core.cache.memo).
    key = ("home", site.pk, locale.pk if locale else translation.get_language())
    return site_memo.get(key, find)


LOCALES = "locales"
Versions = list[tuple[str, str | None, str | None]]


def all_locales(request: HttpRequest | None = None) -> list[Locale]:
    """Every locale of the site, by language code: one query where each use would make one.

    On a page's request the locales are read with that page's language versions
    (``live_versions``), which its head and language links show next.
    """

    def read() -> list[Locale]:
        page = routed_page(request) if request is not None else None
        if page is None:
            return list(Locale.objects.order_by("language_code"))
        versions, locales = _versions_and_locales(request, page)
        key = _versions_key(request, page)
        # Kept as live_versions() would keep them, for this request and the next ones.
        _asked_versions(request)[key] = cached_for_generation(key, lambda: versions)
        return locales

    return site_memo.get(LOCALES, read)


def active_locale(request: HttpRequest | None = None) -> Locale:
    """``Locale.get_active()`` from ``all_locales()``."""
    current = translation.get_language()
    for locale in all_locales(request):
        if locale.language_code == current:
            return locale
    return Locale.get_active()


def localized_site_name(request: HttpRequest) -> str:
    """The site's name in the active language: its live home page's title in a translation.

    ``Site.site_name`` is one string; a Japanese reader gets the Japanese home page's title
    (英国と日本) instead, in the header, the window title and the footer.
    """
    site = Site.find_for_request(request)
    name = site.site_name if site and site.site_name else ""
    home = get_home_page(request)
    if site is None or home is None or home.pk == site.root_page_id:
        return name
    return home.title


@register.simple_tag(takes_context=True)
def site_name(context: template.Context) -> str:
    return localized_site_name(context["request"]) if "request" in context else ""


def get_blog_index(request: HttpRequest) -> Page | None:
    """The blog index of the active language's home on the request's site (kept like the home)."""
    home = get_home_page(request)
    return home.remembered_blog_index() if hasattr(home, "remembered_blog_index") else None


@register.inclusion_tag("includes/site_header.html", takes_context=True)
def site_header(context: template.Context) -> dict:
    request = context["request"]
    home = get_home_page(request)
    blog_index = get_blog_index(request)
    return {
        "request": request,
        "home": home,
        "blog_index": blog_index,
        "site_name": localized_site_name(request),
        "current_page": context.get("page"),
        # The search box repeats the search page's own query only: a page that read
        # ?query= from the URL would make every page vary on it (core/cache/middleware.py).
        "search_query": context.get("raw_query", ""),
    }


def _versions_and_locales(request: HttpRequest, page: Page) -> tuple[Versions, list[Locale]]:
    """The live language versions of ``page`` (see ``live_versions``) and every locale, in one
    query: each locale with the url_path of its version, if live (one per locale at most)."""
    version = Page.objects.live().filter(
        translation_key=page.translation_key, locale=OuterRef("pk")
    )
    locales = list(
        Locale.objects.order_by("language_code").annotate(
            version_url_path=Subquery(version.values("url_path")[:1])
        )
    )
    versions = []
    for locale in locales:
        if locale.version_url_path is not None:
            # Only its url_path makes a page's address (Page.get_url_parts).
            found = Page(url_path=locale.version_url_path)
            versions.append(
                (locale.language_code, found.get_url(request), found.get_full_url(request))
            )
    return versions, locales


def _versions_key(request: HttpRequest, page: Page) -> str:
    return "live-versions:" + reader_key(request, page.translation_key)


def _asked_versions(request: HttpRequest) -> dict[str, Versions]:
    return request.__dict__.setdefault("_live_versions", {})


def live_versions(request: HttpRequest, page: Page) -> Versions:
    """(language code, address, full address) of each published language version of ``page``,
    itself included, by language code: read once per content generation.

    The head's alternates, its Open Graph locales and the language links all ask; with the
    value store cold, the answer is still read once per request (kept on the request).
    """
    key = _versions_key(request, page)
    asked = _asked_versions(request)
    if key not in asked:

        def find() -> Versions:
            versions, locales = _versions_and_locales(request, page)
            site_memo.get(LOCALES, lambda: locales)
            return versions

        asked[key] = cached_for_generation(key, find)
    return asked[key]


def live_translation_url(request: HttpRequest, page: Page, locale: Locale) -> str | None:
    """The address of ``page`` in ``locale`` when that translation is published, else None."""
    if page.locale_id == locale.pk:
        return page.get_url(request) if page.live else None
    for code, url, _full_url in live_versions(request, page):
        if code == locale.language_code:
            return url
    return None


def other_language_url(context: template.Context, locale: Locale) -> str | None:
    """Where the switcher sends a reader to ``locale``: this page's live translation, else that home.

    A view that is not a Wagtail page (search) keeps its path and query under the other prefix.
    """
    request = context["request"]
    # Inside the masthead (an inclusion tag of its own) the page being read is "current_page".
    page = context.get("page") or context.get("current_page")
    if isinstance(page, Page) and page.pk:
        url = live_translation_url(request, page, locale)
        if url:
            return url
    else:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name not in (None, "wagtail_serve"):
            url = translate_url(request.get_full_path(), locale.language_code)
            if url != request.get_full_path():
                return url
    return home_url(request, locale)


def home_url(request: HttpRequest, locale: Locale) -> str | None:
    """The address of ``locale``'s home page on the request's site, if it has a live one."""
    site = Site.find_for_request(request)
    translations = getattr(site, "root_translations", None)  # as core.sites read them
    if translations is None:
        home = get_home_page(request, locale)
        if home is None or home.locale_id != locale.pk:
            return None
        return home.get_url(request)
    url_path, live = translations.get(locale.language_code, (None, False))
    # The site's own root counts in its language, live or not (get_home_page's answer).
    if url_path is None or not (live or site.root_page.locale_id == locale.pk):
        return None
    return Page(url_path=url_path).get_url(request)


@register.inclusion_tag("includes/language_links.html", takes_context=True)
def language_links(context: template.Context) -> dict:
    """Links to the other languages: the translation of this page when it is live, else that language's home.

    Each goes through the ``switch_language`` view, which remembers the choice in Django's
    language cookie before redirecting; a draft translation is never linked.
    """
    current = translation.get_language()
    links = []
    for locale in all_locales(context.get("request")):
        if locale.language_code == current:
            continue
        url = other_language_url(context, locale)
        if url is None:
            continue
        switch_url = reverse("switch_language", args=[locale.language_code])
        links.append(
            {
                "code": locale.language_code,
                "name": locale.language_name_local,
                "url": f"{switch_url}?{urlencode({'next': url})}",
            }
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def hreflang_alternates(context: template.Context) -> list[dict]:
    """``<link rel="alternate" hreflang>`` targets for this page: every live language version.

    The list includes the page itself and an ``x-default`` (the default language's version,
    when it is live); it is empty when the page exists in one language only, where
    alternates would say nothing.
    """
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or not page.live:
        return []
    # A routable page's sub-pages (a tag or month archive) have no known equivalent in the
    # other language: declaring the blog index as their alternate would mislead.
    own_url = page.get_url(request)
    if own_url is None or unquote(own_url) != request.path:
        return []
    alternates = []
    for code, _url, full_url in live_versions(request, page):
        if not full_url:
            continue
        alternates.append({"code": code, "url": full_url})
        if code == settings.LANGUAGE_CODE:
            alternates.append({"code": "x-default", "url": full_url})
    # One language alone (with its x-default) has no alternates worth declaring.
    return alternates if len({item["code"] for item in alternates} - {"x-default"}) > 1 else []


@register.simple_tag(takes_context=True)
def site_parts(context: template.Context, place: str) -> SafeString:
    """What the apps above this one put in a place of every page's frame (``"footer"``).

    Each app registers a Wagtail hook ``site_<place>`` taking the template context and
    returning HTML (the blog's category list, the subscribe form): the frame names no app.
    """
    parts = (hook(context) for hook in hooks.get_hooks(f"site_{place}"))
    return format_html_join("", "{}", ((part,) for part in parts if part))


@register.simple_tag(takes_context=True)
def page_link(context: template.Context, number: int, keep: str = "") -> str:
    """``?page=<number>``, plus only the request's query parameters named in ``keep``.

    Listings are kept as fragments shared by every reader: a link built from the whole
    query string would hand the first reader's ``?utm_source=…`` to everyone after. A search
    passes ``keep="query languages"``, the parameters it reads.
    """
    request = context.get("request")
    query = QueryDict(mutable=True)
    for name in keep.split():
        values = request.GET.getlist(name) if request is not None else []
        if values:
            query.setlist(name, values)
    query["page"] = str(number)
    return "?" + query.urlencode()
