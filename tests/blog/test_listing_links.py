"""A listing makes its summaries' addresses from its blog index's: they must be Wagtail's own."""

from django.test import RequestFactory
from django.utils import translation

import pytest

from blog.templatetags.blog_tags import ListingLinks
from tests.factories import BlogPostPageFactory, CategoryPageFactory, translate_page
from tests.reading import bilingual_blog

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(site_tree):
    blog = bilingual_blog(site_tree)
    blog["nested"] = CategoryPageFactory(parent=blog["category"], title="Nested", slug="nested")
    blog["posts"] = [
        BlogPostPageFactory(parent=blog["blog"], title="Plain", slug="plain"),
        BlogPostPageFactory(parent=blog["blog"], title="日英同盟", slug="日英同盟"),
        BlogPostPageFactory(parent=blog["blog"], title="Odd", slug="odd_slug-2"),
    ]
    blog["ja_post"] = translate_page(blog["posts"][0], blog["ja"], title="普通")
    return blog


@pytest.mark.parametrize("language", ["en", "ja"])
def test_addresses_are_those_wagtail_gives(blog, language):
    index = blog["ja_blog"] if language == "ja" else blog["blog"]
    pages = [
        *blog["posts"],
        blog["ja_post"],
        blog["category"],
        blog["ja_category"],
        blog["nested"],
        blog["home"],
    ]
    with translation.override(language):
        request = RequestFactory().get(index.url)
        links = ListingLinks(index, request)
        expected = [page.get_url(RequestFactory().get(index.url)) for page in pages]
        assert [links.page_url(page) for page in pages] == expected
        # Made from the index's address, not asked of Wagtail, for its own children.
        assert links.under_index(blog["ja_category"] if language == "ja" else blog["category"])
        assert not links.under_index(blog["nested"])


def test_the_comment_link_knows_the_site_of_the_index_children_only(blog):
    request = RequestFactory().get("/")
    links = ListingLinks(blog["blog"], request)
    assert links.page_site_id(blog["posts"][0]) == blog["posts"][0].get_url_parts(request)[0]
    assert links.page_site_id(blog["ja_post"]) is None


def test_without_a_blog_index_every_address_is_wagtails(blog):
    links = ListingLinks(None, RequestFactory().get("/"))
    assert links.page_url(blog["posts"][0]) == blog["posts"][0].get_url(None)
    assert links.author_url(None) == ""
