"""Query strings and the caches: one reader's parameters never reach another, tracking
parameters are dropped, a page is kept under the parameters it reads, and unique URLs
cannot push the rest of the site out of the cache."""

from django.core.cache import caches

import pytest

from comments.models import Comment
from core.cache import invalidate
from tests.comments.factories import CommentFactory
from tests.reading import make_posts, without_form_timestamps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    invalidate("test start")


@pytest.fixture
def blog(site_tree):
    # Twelve posts: two pages of the listing, so that it has a "next" link.
    site_tree["posts"] = make_posts(site_tree["blog"], 12)
    return site_tree


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def stored_keys() -> set:
    return set(caches["default"]._cache)


@pytest.mark.parametrize("page_cache", [True, False])
def test_listing_links_never_carry_the_first_readers_query(client, blog, settings, page_cache):
    # With the page cache off, the listing is still a fragment shared by every reader.
    settings.PAGE_CACHE_ENABLED = page_cache
    first = client.get("/blog/?page=1&utm_source=newsletter&ref=abc").content.decode()
    later = client.get("/blog/").content.decode()

    for html in (first, later):
        assert 'rel="next" href="?page=2"' in html
        assert "utm_source" not in html
        assert "ref=abc" not in html


def test_tracking_parameters_are_dropped_and_share_the_plain_entry(client, blog):
    plain = client.get("/blog/")
    tracked = client.get("/blog/?utm_source=x&utm_medium=mail&fbclid=1&gclid=2")

    assert cache_state(plain) == "miss"
    assert cache_state(tracked) == "hit"
    assert without_form_timestamps(tracked.content) == without_form_timestamps(plain.content)


def test_tracking_parameters_alone_make_a_page_that_can_be_kept(client, blog):
    first = client.get("/blog/?utm_campaign=spring")
    assert cache_state(first) == "miss"

    assert cache_state(client.get("/blog/")) == "hit"
    assert b"utm_campaign" not in client.get("/blog/").content


def test_parameters_the_page_never_reads_get_the_plain_entry(client, blog):
    client.get("/blog/")
    before = stored_keys()

    for number in range(30):
        response = client.get(f"/blog/?nonce={number}")
        assert cache_state(response) == "hit"

    assert stored_keys() == before


def test_an_unread_parameter_is_not_kept_before_the_plain_page_is(client, blog):
    first = client.get("/blog/?nonce=1")

    # Made for this reader (it may link to its own address), not kept for others.
    assert cache_state(first) is None
    assert cache_state(client.get("/blog/?nonce=1")) is None
    assert cache_state(client.get("/blog/")) == "miss"


def test_parameters_the_page_reads_have_entries_of_their_own(client, blog):
    page_one = client.get("/blog/")
    page_two = client.get("/blog/?page=2")

    assert cache_state(page_two) == "miss"
    assert cache_state(client.get("/blog/?page=2")) == "hit"
    assert page_two.content != page_one.content
    assert b"Dispatch 11" in page_two.content
    # An unread parameter beside a read one: the reader still gets page two.
    mixed = client.get("/blog/?page=2&nonce=7")
    assert b"Dispatch 11" in mixed.content


def test_a_reply_link_is_never_answered_by_the_plain_page(client, blog):
    post = blog["posts"][0]
    comment = CommentFactory(post=post, author_name="Ada", status=Comment.Status.APPROVED)
    client.get(post.url)
    assert cache_state(client.get(post.url)) == "hit"

    reply = client.get(f"{post.url}?replyto={comment.pk}")

    # The post page asks for ?replyto=: the reply form has an entry of its own.
    assert cache_state(reply) == "miss"
    assert "Reply to Ada" in reply.content.decode()


def test_unique_addresses_cannot_push_other_pages_out(client, blog, settings):
    settings.PAGE_CACHE_VARIANTS_PER_PATH = 3
    client.get("/blog/")
    client.get("/")
    before = stored_keys()

    for number in range(20):
        assert client.get(f"/search/?query=dispatch+{number}").status_code == 200

    # Three searches kept as pages; the rest made for their reader only. Their counts (a
    # handful of matches each) are not kept either.
    added = stored_keys() - before
    assert len([key for key in added if "pagecache:page:" in key]) == 3
    assert not [key for key in added if "pagecache:value:count:" in key]
    assert cache_state(client.get("/blog/")) == "hit"
    assert cache_state(client.get("/")) == "hit"


def test_the_search_box_does_not_repeat_a_query_outside_search(client, blog):
    html = client.get("/blog/?query=%3Cb%3Eunique-words").content.decode()
    assert "unique-words" not in html

    # Listings do not read ?query=, so the plain page answers it.
    client.get("/blog/")
    assert cache_state(client.get("/blog/?query=other")) == "hit"
