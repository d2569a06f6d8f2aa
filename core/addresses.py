"""Page addresses made from ``url_path`` alone, as Wagtail's ``Page.get_url_parts`` makes them.

A sitemap page of 1,000 addresses (or a feed's entries) asked Wagtail for each address: a
page object built from its whole row, then a ``translation.override`` and a ``reverse()``
per page. The address depends only on the page's ``url_path``, the sites' root paths
(``Site.get_site_root_paths()``, public) and the language prefix ``i18n_patterns`` gives each
root's language, so those are read once and each address is put together from them, by
Wagtail's rules: the most specific root path holding the page (the request's site first when
several sites hold it), the root's language (or the active language when it is a variant of
it), ``reverse("wagtail_serve")`` under that language, ``WAGTAIL_APPEND_SLASH``.

A page type that makes its own addresses (overrides ``get_url_parts``, ``get_url``,
``get_full_url`` or ``get_sitemap_urls``) is asked itself: see ``makes_own_addresses``.
``tests/core/test_addresses.py`` compares every address made here with Wagtail's own for
every page of a bilingual test site, so an upgrade that changes Wagtail's rules fails there.
"""

import re
from collections.abc import Sequence

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

# A path below a site root that Wagtail's serve pattern accepts and ``reverse()`` leaves as it
# is (no character to percent-encode): the address is then the language's prefix plus the path.
PLAIN_TAIL = re.compile(r"(?:[A-Za-z0-9_-]+/)*\Z")
PROBE = "a-b_1/"
# The methods through which Wagtail makes a page's addresses.
ADDRESS_METHODS = ("get_url_parts", "get_url", "get_full_url", "get_sitemap_urls")


def makes_own_addresses(model: type[Page]) -> bool:
    """Whether ``model`` overrides how Wagtail makes its addresses (then ask its pages)."""
    return any(getattr(model, name) is not getattr(Page, name) for name in ADDRESS_METHODS)


class PageAddresses:
    """Addresses of pages from their ``url_path``, for one request.

    Args:
        root_paths: ``Site.get_site_root_paths()`` (most specific first, as Wagtail orders them).
        site_id: the request's site, preferred when several sites hold a page (as Wagtail does).
    """

    def __init__(self, root_paths: Sequence, site_id: int | None = None) -> None:
        self.root_paths = list(root_paths)
        self.site_id = site_id
        self.single_site = len({root.site_id for root in self.root_paths}) == 1
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        self.i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        self.prefixes: dict[str, str | None] = {}
        self.languages: dict[str, str] = {}

    def parts(self, url_path: str) -> tuple | None:
        """``Page.get_url_parts(request)`` of the page at ``url_path``."""
        chosen = next(
            (root for root in self.root_paths if url_path.startswith(root.root_path)), None
        )
        if chosen is None:
            return None
        if not self.single_site and self.site_id is not None:
            possible = [root for root in self.root_paths if url_path.startswith(root.root_path)]
            if len({root.site_id for root in possible}) > 1:
                chosen = next((root for root in possible if root.site_id == self.site_id), chosen)
        site_id, root_path, root_url, language_code = chosen
        tail = url_path[len(root_path) :]
        language = self.language(language_code) if self.i18n else None
        prefix = self.prefix(language)
        if prefix is not None and PLAIN_TAIL.match(tail):
            page_path = prefix + tail
        else:
            try:
                page_path = self.reverse(language, tail)
            except NoReverseMatch:
                return (site_id, None, None)
        if not self.append_slash and page_path != "/":
            page_path = page_path.rstrip("/")
        return (site_id, root_url, page_path)

    def full_url(self, url_path: str) -> str | None:
        """``Page.get_full_url(request)``."""
        parts = self.parts(url_path)
        if parts is None or parts[1] is None and parts[2] is None:
            return None
        return parts[1] + parts[2]

    def url(self, url_path: str) -> str | None:
        """``Page.get_url(request)``: the path alone on the request's site (or a single site)."""
        parts = self.parts(url_path)
        if parts is None or parts[1] is None and parts[2] is None:
            return None
        site_id, root_url, page_path = parts
        if site_id == self.site_id or self.single_site:
            return page_path
        return root_url + page_path

    def language(self, language_code: str) -> str:
        """The language a root's pages are reversed in: the active one when it is a variant."""
        if language_code not in self.languages:
            active = translation.get_language()
            try:
                variant = get_supported_content_language_variant(active)
            except LookupError:
                variant = None
            self.languages[language_code] = active if variant == language_code else language_code
        return self.languages[language_code]

    def prefix(self, language: str | None) -> str | None:
        """``reverse("wagtail_serve")`` of the root in ``language``, if every plain path
        below it is that prefix plus the path (checked with a probe); else None."""
        if language not in self.prefixes:
            try:
                prefix = self.reverse(language, "")
                plain = self.reverse(language, PROBE) == prefix + PROBE
            except NoReverseMatch:
                prefix, plain = None, False
            self.prefixes[language] = prefix if plain else None
        return self.prefixes[language]

    @staticmethod
    def reverse(language: str | None, tail: str) -> str:
        if language is None:
            return reverse("wagtail_serve", args=(tail,))
        with translation.override(language):
            return reverse("wagtail_serve", args=(tail,))
