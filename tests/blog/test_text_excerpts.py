"""Automatic excerpts are made of text only; feeds use the listing's excerpt; related posts are compact."""

import xml.etree.ElementTree as ET

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from tests.factories import BlogPostPageFactory
from tests.reading import TagFactory

pytestmark = pytest.mark.django_db

ALT = "Diagram of a missile's outline over the flags' colours"
CAPTION = "An illustration made for this demo site"
CREDIT = "Demo content"


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


@pytest.fixture
def picture() -> Image:
    return Image.objects.create(title="Diagram", file=get_test_image_file(size=(800, 450)))


def body_with_image(picture: Image, *, more: bool = False) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Seekers", "level": "h2"}},
        paragraph("The two countries build a new seeker technology."),
        {
            "type": "image",
            "value": {"image": picture.pk, "alt_text": ALT, "caption": CAPTION, "credit": CREDIT},
        },
        {
            "type": "quote",
            "value": {
                "text": "<p>A partnership of equals.</p>",
                "attribution": "A. Minister",
                "source_title": "The Review",
                "source_url": "https://example.com/review",
            },
        },
        {"type": "list", "value": ["<p>Trade</p>", "<p>Defence</p>"]},
        *([{"type": "more", "value": None}] if more else []),
        paragraph("It is on the agenda of the next summit."),
    ]


def rss_description(client, url: str, title: str) -> str:
    root = ET.fromstring(client.get(url).content)  # noqa: S314 - our own output
    for item in root.findall("./channel/item"):
        if item.findtext("title") == title:
            return item.findtext("description")
    raise AssertionError(f"{title} is not in {url}")


class TestExcerptText:
    def test_excerpt_takes_headings_paragraphs_quotes_and_lists_only(self, site_tree, picture):
        post = BlogPostPageFactory(parent=site_tree["blog"], body=body_with_image(picture))
        excerpt = post.plain_excerpt()
        assert excerpt.startswith("Seekers The two countries build a new seeker technology.")
        assert "A partnership of equals." in excerpt
        assert "Trade Defence" in excerpt
        assert "It is on the agenda" in excerpt
        for words in (ALT, CAPTION, CREDIT, "A. Minister", "The Review", "example.com"):
            assert words not in excerpt
        # The picture is not shown on a listing, so the reader is offered the whole post.
        assert post.has_more

    def test_listing_and_meta_description_carry_no_caption(self, client, site_tree, picture):
        post = BlogPostPageFactory(parent=site_tree["blog"], body=body_with_image(picture))
        listing = client.get("/blog/").content.decode()
        assert "seeker technology." in listing
        for words in (CAPTION, CREDIT, "flags&#x27; colours"):
            assert words not in listing
        page = client.get(post.url).content.decode()
        head = page.split("</head>")[0]
        assert "seeker technology." in head
        assert CAPTION not in head and CREDIT not in head

    def test_feed_description_stops_at_the_more_break(self, client, site_tree, picture):
        BlogPostPageFactory(
            parent=site_tree["blog"], title="Seekers", body=body_with_image(picture, more=True)
        )
        description = rss_description(client, "/blog/feed/", "Seekers")
        assert "seeker technology." in description
        assert "A partnership of equals." in description
        assert "next summit" not in description
        assert CAPTION not in description and ALT not in description

    def test_feed_description_is_the_listing_excerpt(self, client, site_tree):
        post = BlogPostPageFactory(
            parent=site_tree["blog"], title="Long", body=[paragraph("Slowly built. " * 60)]
        )
        description = rss_description(client, "/blog/feed/", "Long")
        assert description == post.plain_excerpt()
        assert description in client.get("/blog/").content.decode()


class TestRelatedPosts:
    def test_related_posts_are_a_compact_list(self, client, site_tree, picture):
        tag = TagFactory(name="Defence", slug="defence")
        with_image = BlogPostPageFactory(
            parent=site_tree["blog"],
            title="Pictured neighbour",
            feature_image=picture,
            tags=[tag],
            body=[paragraph("Neighbour text that stays off the post page. " * 10)],
        )
        plain = BlogPostPageFactory(parent=site_tree["blog"], title="Plain neighbour", tags=[tag])
        post = BlogPostPageFactory(parent=site_tree["blog"], title="Subject", tags=[tag])

        html = client.get(post.url).content.decode()
        related = html.split('class="related-posts"')[1].split("</section>")[0]
        assert '<ul class="related-list">' in related
        assert related.count('<li class="related-post">') == 2
        assert f'href="{with_image.url}"' in related and f'href="{plain.url}"' in related
        assert "<time" in related
        # A thumbnail for the post with a feature image, and no excerpt, heading or list.
        assert related.count("<img") == 1
        assert "Neighbour text" not in related
        assert "<h3" not in related and "Continue reading" not in related
