"""Categories: each is a page with a description and the archive of posts filed under it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.pagination import paginate


class CategoryPage(Page):
    """A category: its name is the title, and its page is the category's archive."""

    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["blog.BlogIndexPage", "blog.CategoryPage"]
    subpage_types = ["blog.CategoryPage"]
    content_panels = [*Page.content_panels, FieldPanel("description")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_posts(self) -> models.QuerySet:
        from blog.models.post import BlogPostPage

        # Any language's version of this category, so that untranslated posts filed under
        # the English category still show in the Japanese archive.
        return (
            BlogPostPage.objects.for_listing()
            .for_reader_locale(self.locale)
            .filter(category_links__category__translation_key=self.translation_key)
            .distinct()
        )

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = paginate(request, self.get_posts())
        return context
