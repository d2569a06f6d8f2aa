"""sitemap.xml and robots.txt for the whole bilingual site."""

from collections import defaultdict
from datetime import tzinfo
from functools import reduce
from html import escape
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.timezone import get_current_timezone, localtime
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.addresses import PageAddresses, makes_own_addresses
from core.cache.values import (
    GenerationCountPaginator,
    cached_for_generation,
    public_pages,
)
from core.routing import site_root_paths

# Paths that crawlers gain nothing from: the admin, and search results (endless and thin).
DISALLOWED = ["/admin/", "/django-admin/", "/search/", "/ja/search/"]


# What an address, its lastmod and its alternates are made from: one narrow row per page.
SITEMAP_VALUES = ["pk", "url_path", "translation_key", "content_type_id", "locale__language_code"]


class BilingualSitemap(Sitemap):
    """Every live, public page of every language of the site, each with hreflang alternates.

    Wagtail's own sitemap lists the pages under the site's root page, which is the English
    home; the Japanese home is a translation of it in a tree of its own, so it and its
    pages are added here, and each page names its translations as ``xhtml:link``
    alternates (itself included, as search engines ask), plus ``x-default`` for the
    version in the default language.

    Each address is what ``Page.get_sitemap_urls(request)`` gives (Wagtail's address and
    lastmod), made from a narrow row of the page (``SITEMAP_VALUES``) by ``PageAddresses``
    (core/addresses.py) instead of a page object and a ``reverse()`` per page; a page type
    that makes its own addresses is built and asked itself. ``get_urls()`` is Django's
    public hook; tests/core/test_addresses.py holds every address to Wagtail's own.

    Search engines take at most 50,000 addresses per file; pages of ``limit`` keep each file
    small enough to render quickly however large the blog grows, and ``/sitemap.xml`` is
    the index of those pages.
    """

    limit = 1000

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        # Site.get_site_root_paths(), read by get_urls() (its addresses need them): the roots
        # of the site's languages are then known without a query of their own.
        self.root_paths: list | None = None

    @cached_property
    def site_key(self) -> str:
        """Names this site's sitemap in the per-generation store (cheaper than its SQL)."""
        return f"sitemap:{self.get_wagtail_site().pk}"

    def items(self) -> QuerySet:
        return self.all_items

    @cached_property
    def all_items(self) -> QuerySet:
        site = self.get_wagtail_site()
        if self.root_paths is not None:
            roots = [root.root_path for root in self.root_paths if root.site_id == site.pk]
        else:

            def read_roots() -> list[str]:
                return [
                    site.root_page.url_path,
                    *site.root_page.get_translations().values_list("url_path", flat=True),
                ]

            # Not under the old "roots" key: that held tree paths, these are URL paths.
            roots = cached_for_generation(f"{self.site_key}:root-url-paths", read_roots)
        under_a_root = reduce(or_, (Q(url_path__startswith=root) for root in roots))
        # By translation, each language's version beside the others: a page's alternates are
        # then on the same sitemap page, except at its edges. Wagtail's (translation_key,
        # locale) unique index gives that order without a sort.
        return (
            public_pages(Page.objects.live())
            .filter(under_a_root)
            .order_by("translation_key", "locale_id")
            .values(
                *SITEMAP_VALUES,
                lastmod=Coalesce("last_published_at", "latest_revision_created_at"),
            )
        )

    @cached_property
    def paginator(self) -> GenerationCountPaginator:
        # The count of every page of the site, made once per generation like listings'.
        return GenerationCountPaginator(self.items(), self.limit, count_key=self.site_key)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        self.root_paths = site_root_paths(self.request)
        addresses = PageAddresses(self.root_paths, self.get_wagtail_site().pk)
        rows = list(self.paginator.page(page).object_list)
        own = self.pages_with_own_addresses(rows)
        urls = []
        info_of = {}  # the address of each page that has one (a page type may give several)
        for row in rows:
            if row["pk"] in own:
                infos = own[row["pk"]].get_sitemap_urls(self.request)
            else:
                infos = [
                    {"location": addresses.full_url(row["url_path"]), "lastmod": row["lastmod"]}
                ]
            if len(infos) == 1:
                info_of[row["pk"]] = infos[0]
            urls.extend(infos)
        lastmods = {info.get("lastmod") for info in urls}
        if lastmods and None not in lastmods:  # as Wagtail's sitemap: the Last-Modified header
            self.latest_lastmod = max(lastmods)
        versions = self.versions(rows, info_of, addresses)
        zone = get_current_timezone()
        for row in rows:
            if row["pk"] in info_of:
                add_alternates(info_of[row["pk"]], versions[row["translation_key"]])
        for info in urls:
            info["xml"] = url_element(info, zone)
        return urls

    def pages_with_own_addresses(self, rows: list[dict]) -> dict[int, Page]:
        """The pages of ``rows`` whose type makes its own addresses, built to be asked."""
        own = {key: own_addresses(key) for key in {row["content_type_id"] for row in rows}}
        pks = [row["pk"] for row in rows if own[row["content_type_id"]]]
        if not pks:
            return {}
        return {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}

    def versions(
        self, rows: list[dict], info_of: dict[int, dict], addresses: PageAddresses
    ) -> dict[str, list[tuple[str, str]]]:
        """Each translation's language versions on this sitemap page: (language, address).

        A translation group cut by the page's edge has versions on the next or previous
        sitemap page: only those (at most a few rows) are read again.
        """
        versions: dict = defaultdict(list)
        for row in rows:
            if row["pk"] in info_of:
                versions[row["translation_key"]].append(
                    (row["locale__language_code"], info_of[row["pk"]]["location"])
                )
        if rows and self.paginator.num_pages > 1:
            edges = {rows[0]["translation_key"], rows[-1]["translation_key"]}
            seen = {row["pk"] for row in rows}
            others = [
                row
                for row in self.items().filter(translation_key__in=edges).order_by()
                if row["pk"] not in seen
            ]
            own = self.pages_with_own_addresses(others)
            for row in others:
                if row["pk"] in own:
                    location = own[row["pk"]].get_full_url(self.request)
                else:
                    location = addresses.full_url(row["url_path"])
                versions[row["translation_key"]].append((row["locale__language_code"], location))
        return versions

    def get_latest_lastmod(self):
        # Django's default reads every item's lastmod in Python; one aggregate, once per
        # generation, does the same.
        def newest():
            return self.items().aggregate(
                newest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
            )["newest"]

        return cached_for_generation(f"{self.site_key}:lastmod", newest)


def own_addresses(content_type_id: int) -> bool:
    """Whether pages of this content type make their own addresses (core/addresses.py)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is None or makes_own_addresses(model)


def add_alternates(info: dict, translations: list[tuple[str, str]]) -> None:
    """The ``xhtml:link`` alternates of one address: every language version, then x-default."""
    translations = sorted((code, location) for code, location in translations if location)
    if len(translations) < 2 or not info["location"]:
        return
    info["alternates"] = [
        {"lang_code": code, "location": location} for code, location in translations
    ]
    default = dict(translations).get(settings.LANGUAGE_CODE)
    if default:
        info["alternates"].append({"lang_code": "x-default", "location": default})


def url_element(info: dict, zone: tzinfo) -> str:
    """One ``<url>`` of the sitemap, as Django's sitemap template writes it (Python's
    ``html.escape``, which Django's ``escape`` wraps, for each value)."""
    parts = [f"<url><loc>{escape(info['location'])}</loc>"]
    if info.get("lastmod"):
        parts.append(f"<lastmod>{info['lastmod'].astimezone(zone).date().isoformat()}</lastmod>")
    for alternate in info.get("alternates", ()):
        parts.append(
            f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
            f'href="{escape(alternate["location"])}"/>'
        )
    parts.append("</url>\n")
    return "".join(parts)


SITEMAPS = {"pages": BilingualSitemap}


@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the index of the sitemap's pages, with the newest change of each.

    What Django's index view makes, written out directly: its template costs a few
    microseconds per entry, and a blog of 100,000 posts has over a hundred sitemap pages.
    """
    sitemap = BilingualSitemap(request)
    location = request.build_absolute_uri(reverse("sitemap_section", args=["pages"]))
    lastmod = sitemap.get_latest_lastmod()
    stamp = f"<lastmod>{localtime(lastmod).isoformat()}</lastmod>" if lastmod else ""
    pages = range(1, sitemap.paginator.num_pages + 1)
    entries = [
        f"<sitemap><loc>{escape(location if page == 1 else f'{location}?p={page}')}</loc>"
        f"{stamp}</sitemap>\n"
        for page in pages
    ]
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}</sitemapindex>\n",
        content_type="application/xml",
    )
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


@x_robots_tag
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """``/sitemap-pages.xml?p=N``: one page of the site's pages in both languages.

    What Django's sitemap view makes (404 for a section or page that does not exist, the
    Last-Modified header), written out directly as the index is: its template would look up
    and escape each of the 1,000 addresses once more.
    """
    if section not in SITEMAPS:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = SITEMAPS[section](request)
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{''.join(info['xml'] for info in urls)}</urlset>\n",
        content_type="application/xml",
    )
    lastmod = getattr(sitemap, "latest_lastmod", None)
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt``: keep crawlers out of the admin and search, and point them at the sitemap."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
