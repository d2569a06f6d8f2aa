"""Addresses made from ``url_path`` (core/addresses.py) are Wagtail's own, page by page.

The sitemap and the feeds make addresses without asking Wagtail for each; these tests ask
Wagtail (``get_url_parts``, ``get_url``, ``get_full_url``, ``get_sitemap_urls``, the
translations' addresses) for every page of a bilingual test site and compare, so an upgrade
of Wagtail or Django that changes how an address is made fails here.
"""

import xml.etree.ElementTree as ET

from django.conf.urls.i18n import i18n_patterns
from django.test import override_settings
from django.urls import include, path
from django.utils import timezone, translation

from wagtail import urls as wagtail_urls
from wagtail.models import Page, Site

import pytest

from blog.models import BlogPostPage
from core.addresses import PageAddresses, makes_own_addresses
from core.seo import BilingualSitemap
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import bilingual_blog, make_posts, move_post_addresses

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# A URLconf that prefixes the default language too (``ROOT_URLCONF`` of one test below).
urlpatterns = i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)


@pytest.fixture
def site(site_tree):
    """Both languages, posts with plain, Japanese and mixed slugs, a draft, and a Japanese-only post."""
    tree = bilingual_blog(site_tree)
    posts = [
        BlogPostPageFactory(parent=tree["blog"], title="Plain", slug="plain-post_2"),
        BlogPostPageFactory(parent=tree["blog"], title="Japanese slug", slug="港の艦船"),
        BlogPostPageFactory(parent=tree["blog"], title="Mixed", slug="ships-港"),
        BlogPostPageFactory(parent=tree["blog"], title="Draft", slug="draft", live=False),
        BlogPostPageFactory(parent=tree["ja_blog"], title="日本語だけ", slug="nihongo-dake"),
    ]
    for post in posts[:3]:
        translate_page(post, tree["ja"])
    BlogPostPageFactory(parent=tree["category"], title="Deeper", slug="deeper")
    return tree


def every_page() -> list[Page]:
    return list(Page.objects.order_by("path").specific())


def assert_wagtails_addresses(rf, host: str = "testserver") -> None:
    request = rf.get("/", HTTP_HOST=host)
    site = Site.find_for_request(request)
    addresses = PageAddresses(Site.get_site_root_paths(), site.pk if site else None)
    checked = 0
    for page in every_page():
        url_path = page.url_path
        assert addresses.parts(url_path) == page.get_url_parts(request), url_path
        assert addresses.full_url(url_path) == page.get_full_url(request), url_path
        assert addresses.url(url_path) == page.get_url(request), url_path
        checked += 1
    assert checked > 15


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_page_has_wagtails_address(rf, site, language):
    with translation.override(language):
        assert_wagtails_addresses(rf)


def test_without_a_trailing_slash(rf, site, settings, monkeypatch):
    # Wagtail reads the setting once, when its page model is imported.
    settings.WAGTAIL_APPEND_SLASH = False
    monkeypatch.setattr("wagtail.models.pages.WAGTAIL_APPEND_SLASH", False)

    assert_wagtails_addresses(rf)


@override_settings(ROOT_URLCONF=__name__)
def test_with_the_default_language_prefixed_too(rf, site):
    assert_wagtails_addresses(rf)
    assert PageAddresses(Site.get_site_root_paths()).full_url(site["blog"].url_path) == (
        "http://testserver/en/blog/"
    )


def test_pages_of_two_sites_follow_the_requests_site(rf, site):
    """A second site rooted at the blog: its pages belong to both, the request's site wins."""
    Site.objects.create(hostname="other.test", port=80, root_page=site["blog"])

    assert_wagtails_addresses(rf)
    assert_wagtails_addresses(rf, host="other.test")


def test_no_page_type_of_the_project_makes_its_own_addresses():
    """Not required (such pages are asked themselves), but then every page is made quickly."""
    for model in (Page, BlogPostPage):
        assert not makes_own_addresses(model)


class TestSitemapAddresses:
    """Every address, lastmod and alternate of the sitemap against Wagtail's, page by page."""

    def sitemap(self, client) -> dict:
        index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
        found = {}
        for section in index.findall(f"{SITEMAP}sitemap"):
            response = client.get(section.findtext(f"{SITEMAP}loc"))
            assert response.status_code == 200
            for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):  # noqa: S314
                location = url.findtext(f"{SITEMAP}loc")
                assert location not in found, location
                found[location] = (
                    url.findtext(f"{SITEMAP}lastmod"),
                    sorted(
                        (link.get("hreflang"), link.get("href"))
                        for link in url.findall(f"{XHTML}link")
                    ),
                )
        return found

    def expected(self, rf) -> dict:
        request = rf.get("/")
        expected = {}
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            [info] = page.get_sitemap_urls(request)
            versions = sorted(
                (version.locale.language_code, version.get_full_url(request))
                for version in page.get_translations(inclusive=True).live().specific()
            )
            alternates = (
                versions + [("x-default", dict(versions)["en"])] if len(versions) > 1 else []
            )
            lastmod = info["lastmod"] and timezone.localtime(info["lastmod"]).date().isoformat()
            expected[info["location"]] = (lastmod, sorted(alternates))
        return expected

    @pytest.mark.parametrize("limit", [1000, 3, 2])
    def test_every_address_and_alternate_is_wagtails(self, client, rf, site, monkeypatch, limit):
        """Small pages cut translation groups at their edges: their alternates still match."""
        monkeypatch.setattr(BilingualSitemap, "limit", limit)
        make_posts(site["blog"], 3)

        assert self.sitemap(client) == self.expected(rf)

    def test_a_page_type_with_addresses_of_its_own_is_asked(self, client, site, monkeypatch):
        def get_sitemap_urls(self, request=None):
            location = f"https://elsewhere.test/{self.locale.language_code}/{self.slug}/"
            return [{"location": location, "lastmod": None}]

        monkeypatch.setattr(BlogPostPage, "get_sitemap_urls", get_sitemap_urls)

        found = self.sitemap(client)

        assert "https://elsewhere.test/en/plain-post_2/" in found
        assert "http://testserver/blog/plain-post_2/" not in found
        assert "http://testserver/blog/" in found

    def test_a_page_type_with_its_own_url_parts_is_asked(self, client, site, monkeypatch):
        move_post_addresses(monkeypatch)

        found = self.sitemap(client)

        assert "http://testserver/moved/blog/plain-post_2/" in found
        assert (
            "http://testserver/moved/ja/blog/plain-post_2/"
            in dict(found["http://testserver/moved/blog/plain-post_2/"][1]).values()
        )
