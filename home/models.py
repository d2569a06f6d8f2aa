"""The root page of each language: an introduction and the latest posts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPostPage
from blog.models.post import ListingPosts
from blog.models.routing import TypedChildRouting
from blog.navigation import blog_navigation
from core.cache.memo import site_memo
from core.restrictions import ViewRestrictionsFromMemory

LATEST_POSTS = 5


class HomePage(ViewRestrictionsFromMemory, TypedChildRouting, Page):
    """The front page of one language's site: the tagline, an introduction and recent posts."""

    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the site title on every page of this language."),
    )
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "blog.ContentPage"]
    content_panels = [*Page.content_panels, FieldPanel("tagline"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def routed_children(self) -> list[models.QuerySet]:
        # With its language: the feeds name it (RSS <language>, Atom xml:lang).
        return [BlogIndexPage.objects.select_related("locale")]

    def get_latest_posts(self) -> models.QuerySet:
        return BlogPostPage.objects.for_listing().for_reader_locale(self.locale_id)[:LATEST_POSTS]

    def get_blog_index(self) -> Page | None:
        # Read with its categories, which every page's footer lists (blog.navigation).
        return blog_navigation(self)[0]

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["latest_posts"] = ListingPosts(self.get_latest_posts())
        context["blog_index"] = self.remembered_blog_index()
        return context

    def remembered_blog_index(self) -> Page | None:
        """``get_blog_index()``, kept per process until content changes (every page's header)."""
        return site_memo.get(("blog_index", self.pk), self.get_blog_index)
