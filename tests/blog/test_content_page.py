"""The plain content page that WordPress static pages become."""

from wagtail.test.utils import WagtailPageTestCase

from blog.models import ContentPage
from home.models import HomePage
from tests.factories import build_site


class ContentPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.page = ContentPage(
            title="About this blog",
            slug="about",
            body=[{"type": "paragraph", "value": "<p>Written beside the harbour.</p>"}],
        )
        cls.site["home"].add_child(instance=cls.page)

    def test_parents_and_children(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_renders_its_title_and_body(self):
        response = self.client.get("/about/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>About this blog</h1>", html=True)
        self.assertContains(response, "Written beside the harbour.")
        self.assertPageIsRenderable(self.page)
