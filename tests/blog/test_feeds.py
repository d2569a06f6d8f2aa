"""RSS 2.0 and Atom feeds: whole blog, category and tag, per language, parsed back as XML."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

from wagtail.models import Site

import pytest

from blog.models import BlogPostPage, BlogSettings, CategoryPage
from tests.factories import BlogPostPageFactory, CategoryPageFactory, translate_page
from tests.reading import (
    TagFactory,
    bilingual_blog,
    count_queries,
    make_posts,
    move_post_addresses,
    paragraph,
    when,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def rss_items(root: ET.Element) -> list[ET.Element]:
    return root.findall("./channel/item")


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    defence = TagFactory(name="Defence", slug="defence")
    blog["tag"] = defence
    blog["ja_tag"] = defence.copy_for_translation(blog["ja"])
    blog["ja_tag"].name, blog["ja_tag"].slug = "防衛", "bouei"
    blog["ja_tag"].save()
    blog["english"] = BlogPostPageFactory(
        parent=blog["blog"],
        title="Alliance notes",
        slug="alliance-notes",
        date=when(2024, 6, 10, 19),
        categories=[blog["category"]],
        tags=[defence],
        body=paragraph("<p>The first paragraph of the alliance notes.</p>"),
    )
    blog["english_only"] = BlogPostPageFactory(
        parent=blog["blog"], title="Untranslated", slug="untranslated", date=when(2024, 5, 1)
    )
    blog["japanese"] = translate_page(blog["english"], blog["ja"], title="同盟の覚え書き")
    blog["japanese_only"] = BlogPostPageFactory(
        parent=blog["ja_blog"], title="日本語だけ", slug="nihongo-dake", date=when(2024, 4, 1)
    )
    return blog


class TestRss:
    def test_blog_feed_lists_its_own_language_with_valid_fields(self, client, blog):
        root = parse(client.get("/blog/feed/"))
        channel = root.find("channel")

        assert root.tag == "rss" and root.get("version") == "2.0"
        assert channel.findtext("language") == "en"
        assert channel.findtext("link") == "http://testserver/blog/"
        items = rss_items(root)
        assert [item.findtext("title") for item in items] == ["Alliance notes", "Untranslated"]
        first = items[0]
        assert first.findtext("link") == "http://testserver/blog/alliance-notes/"
        assert first.findtext("guid") == "http://testserver/blog/alliance-notes/"
        published = email.utils.parsedate_to_datetime(first.findtext("pubDate"))
        assert published == when(2024, 6, 10, 19)
        assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
        assert [c.text for c in first.findall("category")] == ["Uncategorized", "Defence"]
        assert "The first paragraph" in first.findtext("description")

    def test_japanese_blog_feed_lists_japanese_posts(self, client, blog):
        root = parse(client.get("/ja/blog/feed/"))

        assert root.find("channel").findtext("language") == "ja"
        items = rss_items(root)
        assert [item.findtext("title") for item in items] == ["同盟の覚え書き", "日本語だけ"]
        assert items[0].findtext("link").startswith("http://testserver/ja/blog/")

    def test_category_feed_per_language(self, client, blog):
        english = parse(client.get("/blog/uncategorized/feed/"))
        japanese = parse(client.get("/ja/blog/uncategorized/feed/"))

        assert [i.findtext("title") for i in rss_items(english)] == ["Alliance notes"]
        assert [i.findtext("title") for i in rss_items(japanese)] == ["同盟の覚え書き"]
        assert japanese.find("channel").findtext("language") == "ja"
        assert "未分類" in japanese.find("channel").findtext("title")

    def test_tag_feed_per_language(self, client, blog):
        english = parse(client.get("/blog/tag/defence/feed/"))
        japanese = parse(client.get("/ja/blog/tag/bouei/feed/"))

        assert [i.findtext("title") for i in rss_items(english)] == ["Alliance notes"]
        assert [i.findtext("title") for i in rss_items(japanese)] == ["同盟の覚え書き"]
        assert "防衛" in japanese.find("channel").findtext("title")
        assert client.get("/blog/tag/nothing/feed/").status_code == 404


class TestAtom:
    def test_atom_feed_is_valid_and_in_the_page_language(self, client, blog):
        english = parse(client.get("/blog/feed/atom/"))
        japanese = parse(client.get("/ja/blog/feed/atom/"))

        assert english.tag == f"{ATOM}feed"
        assert english.get(XML_LANG) == "en"
        assert japanese.get(XML_LANG) == "ja"
        entries = japanese.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["同盟の覚え書き", "日本語だけ"]
        for entry in entries:
            # RFC 3339 timestamps and absolute links, an id and an updated date on every entry.
            assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")).tzinfo
            assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo
            assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/ja/blog/")
            assert entry.findtext(f"{ATOM}id")
        self_link = [link for link in english.findall(f"{ATOM}link") if link.get("rel") == "self"][
            0
        ]
        assert self_link.get("href") == "http://testserver/blog/feed/atom/"

    def test_category_and_tag_atom_feeds(self, client, blog):
        category = parse(client.get("/ja/blog/uncategorized/feed/atom/"))
        tag = parse(client.get("/blog/tag/defence/feed/atom/"))

        assert [e.findtext(f"{ATOM}title") for e in category.findall(f"{ATOM}entry")] == [
            "同盟の覚え書き"
        ]
        assert [e.findtext(f"{ATOM}title") for e in tag.findall(f"{ATOM}entry")] == [
            "Alliance notes"
        ]


class TestContentSetting:
    def test_excerpt_by_default(self, client, blog):
        rss = parse(client.get("/blog/feed/"))
        atom = parse(client.get("/blog/feed/atom/"))

        assert rss_items(rss)[0].find(CONTENT) is None
        assert atom.find(f"{ATOM}entry/{ATOM}content") is None
        assert atom.findtext(f"{ATOM}entry/{ATOM}summary")

    def test_full_posts_with_absolute_links_when_the_setting_is_on(self, client, blog):
        target = blog["english_only"]
        blog["english"].body = paragraph(
            f'<p>The whole post, with <a linktype="page" id="{target.pk}">a link</a>.</p>'
        )
        blog["english"].save()
        settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
        settings.feed_full_content = True
        settings.save()

        rss = parse(client.get("/blog/feed/"))
        atom = parse(client.get("/blog/feed/atom/"))

        content = rss_items(rss)[0].findtext(CONTENT)
        assert "The whole post" in content
        assert 'href="http://testserver/blog/untranslated/"' in content
        assert "The whole post" in atom.findtext(f"{ATOM}entry/{ATOM}content")

    def test_feed_length_follows_the_setting(self, client, blog):
        settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
        settings.feed_items = 1
        settings.save()

        assert len(rss_items(parse(client.get("/blog/feed/")))) == 1


class TestAutodiscovery:
    def test_pages_advertise_their_feeds(self, client, blog):
        index = client.get("/blog/").content.decode()
        category = client.get("/blog/uncategorized/").content.decode()
        tag = client.get("/blog/tag/defence/").content.decode()
        post = client.get("/ja/blog/alliance-notes/").content.decode()

        assert (
            '<link rel="alternate" type="application/rss+xml" title="Blog (RSS)" href="/blog/feed/">'
            in index
        )
        assert 'type="application/atom+xml" title="Blog (Atom)" href="/blog/feed/atom/"' in index
        assert 'href="/blog/uncategorized/feed/"' in category
        assert 'href="/blog/tag/defence/feed/"' in tag and 'href="/blog/feed/"' in tag
        assert 'href="/ja/blog/feed/"' in post


def test_feed_queries_do_not_grow_with_posts(client, site_tree):
    blog = bilingual_blog(site_tree)
    tag = TagFactory(name="Defence", slug="defence")
    common = {"tags": [tag], "categories": [blog["category"]]}
    urls = [
        "/blog/feed/",
        "/blog/feed/atom/",
        "/blog/uncategorized/feed/",
        "/blog/tag/defence/feed/atom/",
    ]
    settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    make_posts(blog["blog"], 5, **common)
    with_five = {url: count_queries(client, url) for url in urls}
    settings.feed_full_content = True
    settings.save()
    with_five_full = {url: count_queries(client, url) for url in urls}

    make_posts(blog["blog"], 45, start=5, **common)
    with_fifty_full = {url: count_queries(client, url) for url in urls}
    settings.feed_full_content = False
    settings.save()
    with_fifty = {url: count_queries(client, url) for url in urls}

    assert with_five == with_fifty
    assert with_five_full == with_fifty_full


class TestEntryAddressesAndTerms:
    """Entries' links and guids are made from their url_path (core/addresses.py) and their
    categories and tags read as names: each compared with what Wagtail and the post say."""

    @pytest.mark.parametrize("url", ["/blog/feed/", "/ja/blog/feed/", "/blog/uncategorized/feed/"])
    def test_links_guids_and_terms_are_the_posts_own(self, client, rf, blog, url):
        CategoryPageFactory(parent=blog["blog"], title="Trade", slug="trade", live=False)
        defence = CategoryPageFactory(parent=blog["blog"], title="Defence", slug="defence")
        draft = CategoryPage.objects.get(slug="trade")
        posts = make_posts(
            blog["blog"],
            3,
            categories=[defence, draft, blog["category"]],
            tags=[blog["tag"], TagFactory(name="Trade", slug="trade")],
        )
        # The order an editor gives (the factory leaves it unset, which databases order apart).
        for post in posts:
            for links in (post.category_links, post.tag_links):
                for order, link in enumerate(reversed(links.all())):
                    link.sort_order = order
                    link.save()
        request = rf.get("/")
        by_title = {post.title: post for post in BlogPostPage.objects.live()}

        items = rss_items(parse(client.get(url)))

        assert items
        for item in items:
            post = by_title[item.findtext("title")]
            assert item.findtext("link") == f"http://testserver{post.get_url(request)}"
            assert item.findtext("guid") == post.get_full_url(request)
            names = [category.title for category in post.categories] + [t.name for t in post.tags]
            assert [c.text for c in item.findall("category")] == names

    def test_a_post_type_with_addresses_of_its_own_is_asked(self, client, blog, monkeypatch):
        move_post_addresses(monkeypatch)

        first = rss_items(parse(client.get("/blog/feed/")))[0]

        assert first.findtext("link") == "http://testserver/moved/blog/alliance-notes/"
        assert first.findtext("guid") == "http://testserver/moved/blog/alliance-notes/"
