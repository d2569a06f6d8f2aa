"""Standalone pages such as "About" or "Contact", outside the blog's date order."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.blocks import PostBodyBlock
from blog.paging import PagedBodyMixin
from core.restrictions import ViewRestrictionsFromMemory


class ContentPage(PagedBodyMixin, ViewRestrictionsFromMemory, Page):
    """A plain page with a title and a body, such as a static page brought over from WordPress."""

    body = StreamField(PostBodyBlock(), verbose_name=_("body"), blank=True)
    # Like a post's: the comments app (above blog) serves any page with this field.
    comments_enabled = models.BooleanField(
        _("comments open"),
        default=False,
        help_text=_("Readers may comment on this page, as on a post."),
    )

    parent_page_types = ["home.HomePage", "blog.ContentPage"]
    subpage_types = ["blog.ContentPage"]
    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_enabled")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
