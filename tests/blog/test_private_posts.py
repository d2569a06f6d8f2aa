"""Restricted posts (password, login, groups) stay out of every shared list of posts.

A post in a private section shows its own page only to the readers it admits; its title,
excerpt, date and tags must appear nowhere else: not on the blog, the home page, the tag,
year, month, author or category archives, the archive sidebar, the feeds, a neighbour's
previous/next links or related posts, search results or JSON-LD.
"""

import re

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import AuthorFactory, BlogPostPageFactory, TagFactory
from tests.reading import paragraph, when

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Secret protocol"
SECRET_TEXT = "classified annex"


def restrict(page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="opensesame" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Insiders")[0])


@pytest.fixture(
    params=[
        PageViewRestriction.PASSWORD,
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
    ]
)
def blog(request, site_tree):
    tag = TagFactory(name="Treaties", slug="treaties")
    author = AuthorFactory(name="Ada Writer", slug="ada-writer")
    shared = {"author": author, "categories": [site_tree["category"]], "tags": [tag]}
    site_tree["tag"] = tag
    site_tree["older"] = BlogPostPageFactory(
        parent=site_tree["blog"],
        title="Open letter",
        slug="open-letter",
        date=when(2024, 6, 1),
        body=paragraph("<p>A public letter on the alliance.</p>"),
        **shared,
    )
    site_tree["secret"] = BlogPostPageFactory(
        parent=site_tree["blog"],
        title=SECRET_TITLE,
        slug="secret-protocol",
        date=when(2024, 6, 2),
        body=paragraph(f"<p>The {SECRET_TEXT} of the treaty.</p>"),
        **shared,
    )
    site_tree["newer"] = BlogPostPageFactory(
        parent=site_tree["blog"],
        title="Open reply",
        slug="open-reply",
        date=when(2024, 6, 3),
        body=paragraph("<p>A public reply on the alliance.</p>"),
        **shared,
    )
    # The only post of its month and year: its archives must not exist for readers.
    site_tree["lonely_secret"] = BlogPostPageFactory(
        parent=site_tree["blog"],
        title="Secret memorandum",
        slug="secret-memorandum",
        date=when(2021, 3, 5),
        body=paragraph(f"<p>Another {SECRET_TEXT}.</p>"),
        **shared,
    )
    restrict(site_tree["secret"], request.param)
    restrict(site_tree["lonely_secret"], request.param)
    site_tree["kind"] = request.param
    return site_tree


def assert_no_secret(response, own_page: bool = False) -> str:
    url = response.wsgi_request.get_full_path()
    assert response.status_code == 200, (url, response.status_code)
    text = response.content.decode()
    # Only the restricted page's own form may name its address (to return to it).
    leaks = [SECRET_TITLE, "Secret memorandum", SECRET_TEXT] + ([] if own_page else ["secret-"])
    for leak in leaks:
        assert leak not in text, (url, leak)
    return text


LISTINGS = [
    "/",
    "/blog/",
    "/blog/tag/treaties/",
    "/blog/2024/",
    "/blog/2024/06/",
    "/blog/author/ada-writer/",
    "/blog/uncategorized/",
]
FEEDS = [
    "/blog/feed/",
    "/blog/feed/atom/",
    "/blog/tag/treaties/feed/",
    "/blog/tag/treaties/feed/atom/",
    "/blog/uncategorized/feed/",
    "/blog/uncategorized/feed/atom/",
]


def test_listings_leave_restricted_posts_out(client, blog):
    for url in LISTINGS:
        text = assert_no_secret(client.get(url))
        # The listing itself works: the public posts are there.
        assert "Open letter" in text, url


def test_feeds_leave_restricted_posts_out(client, blog):
    for url in FEEDS:
        text = assert_no_secret(client.get(url))
        assert "Open letter" in text, url


def test_archive_sidebar_counts_only_readable_posts(client, blog):
    text = assert_no_secret(client.get("/blog/"))

    # June 2024 has three posts, one restricted; March 2021 has only a restricted one.
    assert re.search(r'href="/blog/2024/06/">[^<]*</a> <span class="count">\(2 posts\)', text)
    assert "/blog/2021/03/" not in text
    assert "/blog/2021/" not in text


def test_archives_of_restricted_posts_only_do_not_exist(client, blog):
    for url in ("/blog/2021/", "/blog/2021/03/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET_TEXT not in response.content.decode()


def test_neighbours_and_related_posts_skip_restricted_posts(client, blog):
    text = assert_no_secret(client.get("/blog/open-letter/"))

    # Next of the older post jumps over the restricted one; the newer is its only relation.
    assert re.search(r'<a rel="next" href="/blog/open-reply/">', text)
    related = text.split('id="related-heading"', 1)[1]
    assert "Open reply" in related


def test_search_finds_no_restricted_post(client, blog):
    text = assert_no_secret(client.get(f"/search/?query={SECRET_TEXT.split()[0]}"))

    assert "Open letter" not in text
    assert "Open letter" in client.get("/search/?query=public").content.decode()


def test_restricted_page_itself_shows_no_title_text_or_json_ld(client, blog):
    response = client.get("/blog/secret-protocol/")

    if blog["kind"] == PageViewRestriction.PASSWORD:
        text = assert_no_secret(response, own_page=True)
        assert "application/ld+json" not in text
        assert 'name="password"' in text
    else:
        # Login and group restrictions send an anonymous reader to log in.
        assert response.status_code == 302
        assert SECRET_TITLE not in response.content.decode()


def test_json_ld_of_listings_names_no_restricted_post(client, blog):
    for url in ("/", "/blog/", "/blog/open-letter/"):
        text = client.get(url).content.decode()
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert SECRET_TITLE not in script
            assert SECRET_TEXT not in script


def test_lifting_the_restriction_brings_the_post_back(client, blog):
    assert SECRET_TITLE not in client.get("/blog/").content.decode()

    PageViewRestriction.objects.filter(page=blog["secret"]).delete()

    assert SECRET_TITLE in client.get("/blog/").content.decode()
    assert SECRET_TITLE in client.get("/blog/feed/").content.decode()
