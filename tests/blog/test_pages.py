"""Page types: where they may live, that they render and preview, and that editors can create them."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from blog.models import BlogIndexPage, BlogPostPage, CategoryPage
from blog.models.content import ContentPage
from home.models import HomePage
from tests.factories import BlogPostPageFactory, TagFactory, build_site


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_lives_at_the_root_and_holds_blog_indexes_and_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, ContentPage})

    def test_blog_index_lives_under_a_home_and_holds_posts_and_categories(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage, CategoryPage})

    def test_posts_live_in_a_blog_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())

    def test_categories_nest_for_a_hierarchy(self):
        self.assertAllowedParentPageTypes(CategoryPage, {BlogIndexPage, CategoryPage})
        self.assertAllowedSubpageTypes(CategoryPage, {CategoryPage})


class RenderAndPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.post = BlogPostPageFactory(parent=cls.tree["blog"], categories=[cls.tree["category"]])

    def setUp(self):
        self.login()

    def test_every_page_type_renders(self):
        for page in (self.tree["home"], self.tree["blog"], self.tree["category"], self.post):
            self.assertPageIsRenderable(page)

    def test_every_page_type_previews(self):
        for page in (self.tree["home"], self.tree["blog"], self.tree["category"]):
            self.assertPageIsPreviewable(page)
        # Wagtail cannot derive StreamField form data from a page, so the post's is spelled out.
        post_data = nested_form_data(
            {
                "title": self.post.title,
                "slug": self.post.slug,
                "date": "2018-01-22 10:15",
                "excerpt": "",
                "body": streamfield(
                    [("paragraph", rich_text("<p>Previewed text.</p>")), ("more", "")]
                ),
                "categories": self.tree["category"].pk,
                "tag_names": "",
            }
        )
        self.assertPageIsPreviewable(self.post, post_data=post_data)


class EditorCreatesPostTests(WagtailPageTestCase):
    """A post with every block, created through the admin form as an editor would."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.image = Image.objects.create(title="Map", file=get_test_image_file())
        cls.tag = TagFactory(name="Alliances", locale=cls.tree["en"])

    def setUp(self):
        self.user = self.login()

    def form_data(self, **overrides):
        data = {
            "title": "A post with every block",
            "slug": "every-block",
            "date": "2018-01-22 10:15",
            "excerpt": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>An opening paragraph.</p>")),
                    ("heading", {"text": "A heading", "level": "h3"}),
                    (
                        "quote",
                        {
                            "text": rich_text("<p>Quoted words.</p>"),
                            "attribution": "Someone",
                            "source_title": "A book",
                            "source_url": "https://example.org/",
                        },
                    ),
                    (
                        "list",
                        streamfield(
                            [
                                (
                                    "item",
                                    {
                                        "text": rich_text("<p>First point</p>"),
                                        "sublist": streamfield([]),
                                        "numbered": "",
                                    },
                                ),
                                (
                                    "item",
                                    {
                                        "text": rich_text("<p>Second point</p>"),
                                        "sublist": streamfield(
                                            [
                                                (
                                                    "item",
                                                    {
                                                        "text": rich_text("<p>A nested point</p>"),
                                                        "sublist": streamfield([]),
                                                        "numbered": "",
                                                    },
                                                )
                                            ]
                                        ),
                                        "numbered": "on",
                                    },
                                ),
                            ]
                        ),
                    ),
                    (
                        "numbered_list",
                        streamfield(
                            [
                                (
                                    "item",
                                    {
                                        "text": rich_text("<p>Step one</p>"),
                                        "sublist": streamfield([]),
                                        "numbered": "",
                                    },
                                )
                            ]
                        ),
                    ),
                    ("embed", {"embed": "https://video.example.test/v/1", "caption": "A video"}),
                    (
                        "image",
                        {
                            "image": self.image.pk,
                            "alt_text": "A map",
                            "caption": "Map",
                            "credit": "Me",
                        },
                    ),
                    ("more", ""),
                    ("paragraph", rich_text("<p>After the break.</p>")),
                ]
            ),
            "categories": self.tree["category"].pk,
            "tag_names": "Alliances",
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_editor_creates_a_post_with_every_block(self):
        self.assertCanCreate(self.tree["blog"], BlogPostPage, self.form_data())
        post = BlogPostPage.objects.get(slug="every-block")
        assert [block.block_type for block in post.body] == [
            "paragraph",
            "heading",
            "quote",
            "list",
            "numbered_list",
            "embed",
            "image",
            "more",
            "paragraph",
        ]
        assert post.categories == [self.tree["category"].page_ptr]
        assert [tag.name for tag in post.tags] == ["Alliances"]

    def test_a_non_category_page_is_refused_as_a_category(self):
        data = self.form_data(categories=self.tree["blog"].pk)
        response = self.client.post(
            f"/admin/pages/add/blog/blogpostpage/{self.tree['blog'].pk}/", data
        )
        assert response.status_code == 200
        assert "is not one of the available choices" in response.content.decode()
        assert not BlogPostPage.objects.filter(slug="every-block").exists()

    def test_every_page_type_can_be_created_through_the_admin(self):
        self.assertCanCreate(
            self.tree["blog"],
            CategoryPage,
            nested_form_data(
                {
                    "title": "Diplomacy",
                    "slug": "diplomacy",
                    "description": rich_text("<p>Talks.</p>"),
                }
            ),
        )
        self.assertCanCreate(
            self.tree["home"],
            BlogIndexPage,
            nested_form_data({"title": "News", "slug": "news", "introduction": rich_text("")}),
        )
        root = Page.get_first_root_node()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Second site",
                    "slug": "second",
                    "tagline": "",
                    "introduction": rich_text(""),
                }
            ),
        )

    def test_editor_publishes_a_post_and_readers_see_it(self):
        data = self.form_data()
        data["action-publish"] = "action-publish"
        response = self.client.post(
            f"/admin/pages/add/blog/blogpostpage/{self.tree['blog'].pk}/", data
        )
        assert response.status_code == 302
        post = BlogPostPage.objects.get(slug="every-block")
        assert post.live
        page = self.client.get(post.url)
        assert page.status_code == 200
        html = page.content.decode()
        for fragment in (
            "<blockquote",
            "<ul>",
            "<ol>",
            "<figure",
            "<h3>A heading</h3>",
            "<picture",
        ):
            assert fragment in html

    def test_editor_schedules_a_post(self):
        data = self.form_data()
        data["go_live_at"] = (timezone.now() + datetime.timedelta(days=2)).strftime(
            "%Y-%m-%d %H:%M"
        )
        data["action-publish"] = "action-publish"
        self.client.post(f"/admin/pages/add/blog/blogpostpage/{self.tree['blog'].pk}/", data)
        post = BlogPostPage.objects.get(slug="every-block")
        assert not post.live
        assert post.go_live_at is not None


@pytest.mark.django_db
def test_pages_admin_is_for_staff_only(client, site_tree):
    response = client.get(f"/admin/pages/add/blog/blogpostpage/{site_tree['blog'].pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    get_user_model().objects.create_user("reader", password="pw-for-tests")
