"""SEO and sharing: sitemap.xml with hreflang alternates, robots.txt, canonical URLs,
descriptions, Open Graph and Twitter tags, JSON-LD and titles."""

import datetime
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest
import wagtail_factories

from core.cache.store import bump_generation
from core.seo import BilingualSitemap
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import AuthorFactory, bilingual_blog, make_posts, paragraph, when

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class Head(HTMLParser):
    """The parts of a page's head that crawlers read."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[dict] = []
        self.title = ""
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "json":
            self.json_ld.append(json.loads(data))
        elif self._in == "title":
            self.title += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def canonical(self) -> str:
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) == 1
        return found[0]

    def ld(self, kind: str) -> dict:
        found = [item for item in self.json_ld if item["@type"] == kind]
        assert len(found) == 1, kind
        return found[0]


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    image = wagtail_factories.ImageFactory(title="Harbour", file__width=1600, file__height=1000)
    image.description = "Warships in a harbour"
    image.save()
    blog["post"] = publish(
        BlogPostPageFactory(
            parent=blog["blog"],
            title="Ships in harbour",
            slug="ships-in-harbour",
            date=when(2024, 6, 10, 19),
            author=AuthorFactory(name="Ann Writer"),
            feature_image=image,
            excerpt="A visit to the naval base.",
            categories=[blog["category"]],
            body=paragraph("<p>The body of the post.</p>"),
        )
    )
    blog["ja_post"] = translate_page(
        blog["post"], blog["ja"], title="港の艦船", excerpt="海軍基地を訪ねて。"
    )
    blog["ja_only"] = publish(
        BlogPostPageFactory(parent=blog["ja_blog"], title="日本語だけ", slug="nihongo-dake")
    )
    return blog


class TestSitemap:
    def sitemap(self, client) -> dict[str, ET.Element]:
        """Every <url> of every page the index lists, by address."""
        urls = {}
        for section in self.index(client):
            response = client.get(section.findtext(f"{SITEMAP}loc"))
            assert response.status_code == 200
            root = ET.fromstring(response.content)  # noqa: S314 - our own output
            urls.update(
                {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}
            )
        return urls

    def index(self, client) -> list[ET.Element]:
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
        root = ET.fromstring(response.content)  # noqa: S314 - our own output
        assert root.tag == f"{SITEMAP}sitemapindex"
        return root.findall(f"{SITEMAP}sitemap")

    def test_lists_every_live_page_of_both_languages(self, client, blog):
        draft = BlogPostPageFactory(parent=blog["blog"], title="Draft", slug="draft", live=False)

        urls = self.sitemap(client)

        for path in [
            "/",
            "/blog/",
            "/blog/ships-in-harbour/",
            "/ja/",
            "/ja/blog/",
            "/ja/blog/nihongo-dake/",
        ]:
            assert f"http://testserver{path}" in urls, path
        assert f"http://testserver{draft.url}" not in urls

    def test_post_and_translation_name_each_other_with_lastmod(self, client, blog):
        urls = self.sitemap(client)
        expected = {
            ("en", "http://testserver/blog/ships-in-harbour/"),
            ("ja", "http://testserver/ja/blog/ships-in-harbour/"),
            ("x-default", "http://testserver/blog/ships-in-harbour/"),
        }

        for loc in [
            "http://testserver/blog/ships-in-harbour/",
            "http://testserver/ja/blog/ships-in-harbour/",
        ]:
            entry = urls[loc]
            alternates = {
                (link.get("hreflang"), link.get("href")) for link in entry.findall(f"{XHTML}link")
            }
            assert alternates == expected
            assert datetime.date.fromisoformat(entry.findtext(f"{SITEMAP}lastmod"))

    def test_untranslated_page_has_no_alternates(self, client, blog):
        entry = self.sitemap(client)["http://testserver/ja/blog/nihongo-dake/"]

        assert entry.findall(f"{XHTML}link") == []

    @staticmethod
    def queries_made_afresh(client, url: str) -> int:
        """Queries of ``url`` after content changed: the totals kept per generation are made again."""
        assert client.get(url).status_code == 200
        bump_generation()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) > 0, url
        return len(queries)

    def test_queries_do_not_grow_with_pages(self, client, blog):
        urls = ("/sitemap.xml", "/sitemap-pages.xml")
        make_posts(blog["blog"], 5)
        with_five = [self.queries_made_afresh(client, url) for url in urls]
        make_posts(blog["blog"], 45, start=5)
        with_fifty = [self.queries_made_afresh(client, url) for url in urls]

        assert with_five == with_fifty
        assert len(self.sitemap(client)) > 50

    def test_a_large_site_is_split_into_pages_listed_by_the_index(self, client, blog, monkeypatch):
        monkeypatch.setattr(BilingualSitemap, "limit", 4)
        make_posts(blog["blog"], 6)
        live = Page.objects.live().public().filter(depth__gt=1).count()

        sections = self.index(client)
        locations = [section.findtext(f"{SITEMAP}loc") for section in sections]
        assert locations[0] == "http://testserver/sitemap-pages.xml"
        assert locations[1:] == [
            f"http://testserver/sitemap-pages.xml?p={n}" for n in range(2, len(locations) + 1)
        ]
        assert len(locations) == -(-live // 4)  # ceiling: every page of four addresses
        changed = (
            page.last_published_at or page.latest_revision_created_at
            for page in Page.objects.live().filter(depth__gt=1)
        )
        newest = max(when for when in changed if when)
        lastmods = {
            datetime.datetime.fromisoformat(section.findtext(f"{SITEMAP}lastmod"))
            for section in sections
        }
        assert lastmods == {newest}
        # Each address on exactly one page, and every live page somewhere.
        assert len(self.sitemap(client)) == live

    def test_the_versions_of_a_page_are_listed_side_by_side(self, rf, blog):
        """So that a page's alternates are nearly always on its own sitemap page, their
        addresses made once (core/seo.py: ``all_items``)."""
        make_posts(blog["blog"], 3)
        keys = [row["translation_key"] for row in BilingualSitemap(rf.get("/")).items()]

        runs = [key for n, key in enumerate(keys) if n == 0 or keys[n - 1] != key]
        assert len(runs) == len(set(keys)) < len(keys)

    @pytest.mark.parametrize("query", ["?p=999", "?p=0", "?p=abc"])
    def test_a_page_that_does_not_exist_is_a_404(self, client, blog, query):
        assert client.get(f"/sitemap-pages.xml{query}").status_code == 404

    def test_an_unknown_section_is_a_404(self, client, blog):
        assert client.get("/sitemap-nothing.xml").status_code == 404

    def test_built_on_public_hooks_only(self):
        """Django's private ``_urls``/``_items`` stay Django's and Wagtail's own."""
        for name in ("_urls", "_items", "_location", "_get"):
            assert name not in vars(BilingualSitemap), name

    def test_the_sitemap_reads_narrow_rows_not_pages(self, client, blog):
        """Addresses are made from a few columns (core/addresses.py), not from page objects:
        no query of the sitemap page but the site's own reads a page's title or specific row."""
        make_posts(blog["blog"], 5)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-pages.xml").status_code == 200

        pages_read = [
            q["sql"]
            for q in queries
            if ('"wagtailcore_page"."title"' in q["sql"] or "blog_blogpostpage" in q["sql"])
            and "wagtailcore_site" not in q["sql"]
        ]
        assert pages_read == []


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


class TestPostHead:
    def test_canonical_description_and_title(self, client, blog):
        english = head(client, "/blog/ships-in-harbour/")
        japanese = head(client, "/ja/blog/ships-in-harbour/")

        assert english.canonical() == "http://testserver/blog/ships-in-harbour/"
        assert japanese.canonical() == "http://testserver/ja/blog/ships-in-harbour/"
        assert english.one("description") == "A visit to the naval base."
        assert japanese.one("description") == "海軍基地を訪ねて。"
        assert english.title == "Ships in harbour – Britain and Japan"

    def test_search_description_wins_over_the_excerpt(self, client, blog):
        blog["post"].search_description = "Written for search engines."
        publish(blog["post"])

        assert (
            head(client, "/blog/ships-in-harbour/").one("description")
            == "Written for search engines."
        )

    def test_open_graph_and_twitter(self, client, blog):
        english = head(client, "/blog/ships-in-harbour/")
        japanese = head(client, "/ja/blog/ships-in-harbour/")

        assert english.one("og:type") == "article"
        assert english.one("og:title") == "Ships in harbour"
        assert english.one("og:url") == "http://testserver/blog/ships-in-harbour/"
        assert english.one("og:locale") == "en_GB"
        assert english.meta["og:locale:alternate"] == ["ja_JP"]
        assert japanese.one("og:locale") == "ja_JP"
        assert japanese.meta["og:locale:alternate"] == ["en_GB"]
        assert english.one("og:image").startswith("http://testserver/media/images/")
        assert english.one("og:image:width") == "1200"
        assert english.one("og:image:alt") == "Warships in a harbour"
        assert english.one("og:site_name") == "Britain and Japan"
        assert english.one("twitter:card") == "summary_large_image"
        assert english.one("twitter:image") == english.one("og:image")
        assert english.one("article:published_time") == "2024-06-10T18:00:00+00:00"
        assert english.one("article:section") == "Uncategorized"

    def test_json_ld_blog_posting_and_breadcrumbs(self, client, blog):
        japanese = head(client, "/ja/blog/ships-in-harbour/")

        posting = japanese.ld("BlogPosting")
        assert posting["@context"] == "https://schema.org"
        assert posting["headline"] == "港の艦船"
        assert posting["inLanguage"] == "ja"
        assert datetime.datetime.fromisoformat(posting["datePublished"]) == when(2024, 6, 10, 19)
        assert datetime.datetime.fromisoformat(posting["dateModified"])
        assert posting["author"]["@type"] == "Person"
        assert posting["author"]["name"] == "Ann Writer"
        assert posting["author"]["url"] == "http://testserver/ja/blog/author/ann-writer/"
        assert posting["image"][0].startswith("http://testserver/media/images/")
        assert posting["mainEntityOfPage"]["@id"] == "http://testserver/ja/blog/ships-in-harbour/"
        crumbs = japanese.ld("BreadcrumbList")["itemListElement"]
        assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
            (1, "英国と日本", "http://testserver/ja/"),
            (2, "ブログ", "http://testserver/ja/blog/"),
            (3, "港の艦船", "http://testserver/ja/blog/ships-in-harbour/"),
        ]

    def test_json_ld_cannot_be_broken_out_of(self, client, blog):
        blog["post"].title = "</script><script>alert(1)</script>"
        publish(blog["post"])

        html = client.get("/blog/ships-in-harbour/").content.decode()

        assert "<script>alert(1)</script>" not in html
        posting = Head(html).ld("BlogPosting")
        assert posting["headline"] == "</script><script>alert(1)</script>"


class TestListingHeads:
    def test_archive_page_two_has_its_own_canonical_and_title(self, client, blog):
        make_posts(blog["blog"], 12)

        page_two = head(client, "/blog/2024/?page=2")

        assert page_two.canonical() == "http://testserver/blog/2024/?page=2"
        assert page_two.title == "Yearly Archives: 2024 – Page 2 – Britain and Japan"
        assert page_two.one("og:type") == "website"
        crumbs = page_two.ld("BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Britain and Japan", "Blog", "Yearly Archives: 2024"]

    def test_index_and_home_have_og_tags_but_no_blog_posting(self, client, blog):
        index = head(client, "/ja/blog/")

        assert index.one("og:locale") == "ja_JP"
        assert index.meta["og:locale:alternate"] == ["en_GB"]
        assert [item["@type"] for item in index.json_ld] == ["BreadcrumbList"]

    def test_home_title_does_not_repeat_the_site_name(self, client, blog):
        assert head(client, "/").title == "Britain and Japan – Notes on British-Japanese relations"

    def test_search_is_not_indexed(self, client, blog):
        assert head(client, "/search/?query=ships").one("robots") == "noindex, follow"
