"""The sites, their root pages and root paths, read together once (the frame of every request).

Wagtail finds the request's site with one query (``Site.find_for_request``) and builds the
root paths with another, plus one per site for its root page's translations
(``Site.get_site_root_paths``). Sites and their roots' translations are few, so one statement
reads them all and the request's site is picked from its rows.
"""

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath

from core.cache.memo import site_memo


def read_sites() -> tuple[list[Site], list[SiteRootPath]]:
    """Every site with its root page, and ``Site.get_site_root_paths()``, in one query.

    Wagtail reads the sites, then each root page's translations (one query a site), and
    finds the request's site with a third query. The translations are few (one per content
    language), so each is a subquery of the sites' statement; the request's site is then
    picked from these rows (``pick_site``).
    """
    # What the apps above read with each site (the blog its settings): hook "site_related".
    related = [name for hook in hooks.get_hooks("site_related") for name in hook()]
    # A plain queryset: Site.objects orders by a case expression, built each time, that the
    # order below replaces anyway.
    sites = (
        QuerySet(Site)
        .select_related("root_page", "root_page__locale", *related)
        .order_by("-root_page__url_path", "-is_default_site", "hostname")
    )
    languages = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])]
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if i18n:
        # One row at most per language (translation_key and locale are unique together).
        translations = Page.objects.filter(
            translation_key=OuterRef("root_page__translation_key")
        ).order_by()
        annotations = {}
        for number, code in enumerate(languages):
            translation = translations.filter(locale__language_code=code)
            annotations[f"root_path_{number}"] = Subquery(translation.values("url_path")[:1])
            # Whether it is live: the language links go to a live home only.
            annotations[f"root_live_{number}"] = Subquery(translation.values("live")[:1])
        sites = sites.annotate(**annotations)
    sites = list(sites)
    paths = []
    for site in sites:
        own = site.root_page.locale.language_code
        found = {own: site.root_page.url_path}
        # language code: (url_path, live) of each translation of the root (itself included).
        site.root_translations = {own: (site.root_page.url_path, site.root_page.live)}
        if i18n:
            for number, code in enumerate(languages):
                path = getattr(site, f"root_path_{number}")
                if path is not None:
                    found.setdefault(code, path)
                    site.root_translations.setdefault(
                        code, (path, getattr(site, f"root_live_{number}"))
                    )
        # The root page's own language first, as Wagtail lists its translations by tree path.
        paths.extend(
            SiteRootPath(site.pk, path, site.root_url, code) for code, path in found.items()
        )
    site_memo.get(SITES, lambda: sites)
    return sites, paths


SITES = "sites"


def specific_root(site: Site) -> Page:
    """``site.root_page.specific``, without a query when its own row came with the site's
    (an app names it with the ``site_related`` hook, as the home app does)."""
    root = site.root_page
    model = root.specific_class
    link = model._meta.parents.get(Page) if model is not None else None
    if link is not None:
        descriptor = getattr(Page, link.remote_field.get_accessor_name())
        if descriptor.is_cached(root):
            return getattr(root, link.remote_field.get_accessor_name())
    return root.specific


def known_site(site_id: int) -> Site | None:
    """The site ``site_id`` as ``read_sites()`` read it (once per content generation)."""
    for site in site_memo.get(SITES, lambda: read_sites()[0]):
        if site.pk == site_id:
            return site
    return None


def pick_site(sites: list[Site], hostname: str, port: int) -> Site | None:
    """The site Wagtail's ``Site.find_for_request`` would choose, from ``read_sites()``."""

    def match(site: Site) -> int:
        # Wagtail's order: hostname and port, hostname of the default site, the default site.
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site), key=match
    )
    if not candidates:
        return None
    if len(candidates) == 1 or match(candidates[0]) in (0, 1):
        return candidates[0]
    if match(candidates[0]) == 2:
        # One other site on this hostname is preferred to the default; several are not.
        return candidates[len(candidates) == 2]
    return None
