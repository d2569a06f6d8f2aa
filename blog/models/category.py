"""Categories: each is a page with a description and the archive of posts filed under it."""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from blog.feeds import BlogAtomFeed, BlogRssFeed
from blog.models.post import BlogPostPage, ListingPosts
from blog.pagination import paginate
from core.restrictions import ViewRestrictionsFromMemory
from core.text import cjk_index_text


class CategoryPage(ViewRestrictionsFromMemory, RoutablePageMixin, Page):
    """A category: its name is the title, and its page is the category's archive and feeds."""

    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["blog.BlogIndexPage", "blog.CategoryPage"]
    subpage_types = ["blog.CategoryPage"]
    content_panels = [*Page.content_panels, FieldPanel("description")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("cjk_search_text"),
    ]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_posts(self) -> models.QuerySet:
        # Any language's version of this category, so that untranslated posts filed under
        # the English category still show in the Japanese archive.
        return (
            BlogPostPage.objects.for_listing().for_reader_locale(self.locale_id).filed_under(self)
        )

    def cjk_search_text(self) -> str:
        """The Japanese text of the name and description as bigrams, for the search index."""
        return cjk_index_text(f"{self.title} {self.description}")

    def posts_for_feed(self, tag=None) -> models.QuerySet:
        """This language's own posts filed under this category, for its feeds."""
        return BlogPostPage.objects.for_feed().in_locale(self.locale_id).filed_under(self)

    def feed_links(self, request: HttpRequest | None = None) -> list[dict]:
        """This category's RSS and Atom feeds, for autodiscovery."""
        base = self.get_url(request) or ""
        return [
            {
                "type": "application/rss+xml",
                "title": gettext("%(name)s (RSS)") % {"name": self.title},
                "url": base + self.reverse_subpage("feed"),
            },
            {
                "type": "application/atom+xml",
                "title": gettext("%(name)s (Atom)") % {"name": self.title},
                "url": base + self.reverse_subpage("atom_feed"),
            },
        ]

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        posts = paginate(request, self.get_posts(), count_key=f"category:{self.pk}")
        posts.object_list = ListingPosts(posts.object_list)
        context["posts"] = posts
        context["feed_links"] = self.feed_links(request)
        return context

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return BlogRssFeed()(request, source=self)

    @path("feed/atom/")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return BlogAtomFeed()(request, source=self)
