"""Site-wide template tags: the header of each language and the language links."""

from django import template
from django.http import HttpRequest
from django.utils import translation

from wagtail.models import Locale, Page, Site

from home.cache.memo import site_memo

register = template.Library()


def get_home_page(request: HttpRequest, locale: Locale | None = None) -> Page | None:
    """The home page of ``locale`` (the active language by default) on the request's site."""
    site = Site.find_for_request(request)
    if site is None:
        return None

    def find() -> Page:
        root = site.root_page
        target = locale or Locale.get_active()
        if root.locale_id == target.pk:
            return root.specific
        translation_ = root.get_translation_or_none(target)
        return translation_.specific if translation_ and translation_.live else root.specific

    # Every page shows the header: kept per process until content changes (home.cache.memo).
    key = ("home", site.pk, locale.pk if locale else translation.get_language())
    return site_memo.get(key, find)


@register.inclusion_tag("includes/site_header.html", takes_context=True)
def site_header(context: template.Context) -> dict:
    request = context["request"]
    home = get_home_page(request)
    blog_index = (
        site_memo.get(("blog_index", home.pk), home.get_blog_index)
        if home is not None and hasattr(home, "get_blog_index")
        else None
    )
    site = Site.find_for_request(request)
    return {
        "request": request,
        "home": home,
        "blog_index": blog_index,
        "site_name": site.site_name if site and site.site_name else "",
        "current_page": context.get("page"),
    }


@register.inclusion_tag("includes/language_links.html", takes_context=True)
def language_links(context: template.Context) -> dict:
    """Links to the other languages: the translation of this page when it is live, else that language's home."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    links = []
    others = site_memo.get(
        ("other_locales", current),
        lambda: list(Locale.objects.exclude(language_code=current).order_by("language_code")),
    )
    for locale in others:
        target = None
        if isinstance(page, Page):
            target = page.get_translation_or_none(locale)
            if target is not None and not target.live:
                target = None
        if target is None:
            target = get_home_page(request, locale)
            if target is not None and target.locale_id != locale.pk:
                target = None
        if target is None:
            continue
        links.append(
            {"code": locale.language_code, "name": locale.language_name_local, "url": target.get_url(request)}
        )
    return {"links": links}
