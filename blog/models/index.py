"""The blog's front page: every post of its language, newest first."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.pagination import paginate


class BlogIndexPage(RoutablePageMixin, Page):
    """Lists the posts below it, newest first, a page at a time."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage", "blog.CategoryPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("blog index")
        verbose_name_plural = _("blog indexes")

    def get_posts(self) -> models.QuerySet:
        from blog.models.post import BlogPostPage

        return BlogPostPage.objects.for_listing().for_reader_locale(self.locale)

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = paginate(request, self.get_posts())
        return context
