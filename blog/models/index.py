"""The blog's front page and its archives: by tag, year, month and author, with feeds."""

import datetime
from collections.abc import Sequence

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.archive_months import count_by_month
from blog.feeds import BlogAtomFeed, BlogRssFeed
from blog.models.category import CategoryPage
from blog.models.post import BlogPostPage, ListingPosts
from blog.models.routing import TypedChildRouting
from blog.models.taxonomy import Author, Tag
from blog.pagination import paginate
from core.cache.values import cached_for_generation
from core.restrictions import ViewRestrictionsFromMemory

# Months listed one by one in the sidebar; earlier posts are listed by year.
ARCHIVE_MONTHS = 12

ARCHIVE_TEMPLATE = "blog/blog_archive.html"


class BlogIndexPage(ViewRestrictionsFromMemory, RoutablePageMixin, TypedChildRouting, Page):
    """Lists the posts below it, newest first, a page at a time, with pinned posts on top."""

    introduction = RichTextField(
        gettext_lazy("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage", "blog.CategoryPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = gettext_lazy("blog index")
        verbose_name_plural = gettext_lazy("blog indexes")

    def routed_children(self) -> list[models.QuerySet]:
        # A post's page shows its author, language and comment count: read with the post.
        post = BlogPostPage.objects.select_related("author", "locale").with_listing_annotations()
        # A category with its language, which its feeds name.
        return [post, CategoryPage.objects.select_related("locale")]

    def get_posts(self) -> models.QuerySet:
        """Every live post a reader of this language sees, newest first."""
        return BlogPostPage.objects.for_listing().for_reader_locale(self.locale_id)

    def get_archive_menu(self, request: HttpRequest | None = None) -> dict:
        """The sidebar's archive links: the newest months one by one, then earlier years.

        A blog of many years would otherwise list hundreds of months on every page. Built
        from every post, so made once per generation.
        """
        return cached_for_generation(
            f"blog:archive-menu:{self.pk}", lambda: self.build_archive_menu(request)
        )

    def build_archive_menu(self, request: HttpRequest | None = None) -> dict:
        """The sidebar's months and years, and ``listed``: how many unpinned posts the index's
        pages list (counted in the same query, so that its paginator need not count them)."""
        months = self.count_posts_by_month()
        recent, earlier = months[:ARCHIVE_MONTHS], months[ARCHIVE_MONTHS:]
        years: dict[int, int] = {}
        for row in earlier:
            year = timezone.localtime(row["month"]).year
            years[year] = years.get(year, 0) + row["count"]
        # With the request, Wagtail reads the sites' root paths once for the whole page.
        base = self.get_url(request) or ""
        return {
            "listed": sum(row["part"] for row in months),
            "months": [
                {
                    "date": row["month"],
                    "count": row["count"],
                    "url": base
                    + self.reverse_subpage("month_archive", kwargs=month_kwargs(row["month"])),
                }
                for row in recent
            ],
            "years": [
                {
                    "year": year,
                    "count": count,
                    "url": base
                    + self.reverse_subpage("year_archive", kwargs={"year": f"{year:04d}"}),
                }
                for year, count in years.items()
            ],
        }

    def count_posts_by_month(self) -> list[dict]:
        return count_by_month(
            BlogPostPage.objects.readable().for_reader_locale(self.locale_id),
            part=models.Q(sticky=False),
        )

    def archive_url(self, name: str, request: HttpRequest | None = None, **kwargs) -> str:
        """The URL of one of this index's archives or feeds, e.g. ``archive_url("tag_archive", slug=…)``.

        Given the request, Wagtail reads the sites' root paths once for the whole page.
        """
        return (self.get_url(request) or "") + self.reverse_subpage(name, kwargs=kwargs)

    def get_context(self, request, *args, archive_menu: dict | None = None, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self
        context["archive_menu"] = archive_menu or self.get_archive_menu(request)
        context["feed_links"] = self.feed_links(request=request)
        return context

    def feed_links(self, tag=None, request: HttpRequest | None = None) -> list[dict]:
        """The RSS and Atom feeds a page of this blog advertises (the tag's own when given)."""
        links = []
        # The index's address once for its four feeds (each a get_url_parts otherwise).
        base = self.get_url(request) or ""
        if tag is not None:
            name = tag.name
            links += [
                {
                    "type": "application/rss+xml",
                    "title": _("%(name)s (RSS)") % {"name": name},
                    "url": base + self.reverse_subpage("tag_feed", kwargs={"slug": tag.slug}),
                },
                {
                    "type": "application/atom+xml",
                    "title": _("%(name)s (Atom)") % {"name": name},
                    "url": base + self.reverse_subpage("tag_atom_feed", kwargs={"slug": tag.slug}),
                },
            ]
        links += [
            {
                "type": "application/rss+xml",
                "title": _("%(name)s (RSS)") % {"name": self.title},
                "url": base + self.reverse_subpage("feed"),
            },
            {
                "type": "application/atom+xml",
                "title": _("%(name)s (Atom)") % {"name": self.title},
                "url": base + self.reverse_subpage("atom_feed"),
            },
        ]
        return links

    def render_archive(self, request: HttpRequest, posts, **archive) -> HttpResponse:
        """One archive page: ``archive`` holds its heading and what the template needs."""
        page = paginate(request, posts)
        page.object_list = ListingPosts(page.object_list)
        overrides = {"posts": page, "archive": archive}
        if "feed_links" in archive:
            overrides["feed_links"] = archive.pop("feed_links")
        return self.render(request, template=ARCHIVE_TEMPLATE, context_overrides=overrides)

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        posts = self.get_posts()
        # The sidebar's month counts also count the posts listed: no count of their own.
        menu = self.get_archive_menu(request)
        page = paginate(request, posts.filter(sticky=False), count=menu["listed"])
        if page.number == 1:
            # The pinned posts and the first page in one query (and one of each prefetch).
            both = ListingPosts(
                posts.filter(models.Q(pk__in=pinned_keys()) | models.Q(pk__in=page.object_list))
            )
            page.object_list, pinned = PinnedOrNot(both, False), PinnedOrNot(both, True)
        else:
            page.object_list, pinned = ListingPosts(page.object_list), []
        return self.render(
            request,
            context_overrides={"posts": page, "pinned_posts": pinned},
            archive_menu=menu,
        )

    @path("tag/<str:slug>/")
    def tag_archive(self, request: HttpRequest, slug: str) -> HttpResponse:
        tag = self.find_tag(slug)
        if tag.slug != slug:
            return HttpResponsePermanentRedirect(
                self.archive_url("tag_archive", request, slug=tag.slug)
            )
        return self.render_archive(
            request,
            self.posts_tagged(tag),
            kind="tag",
            heading=_("Tag Archives: %(name)s") % {"name": tag.name},
            tag=tag,
            empty=_("No posts are tagged “%(name)s” yet.") % {"name": tag.name},
            feed_links=self.feed_links(tag=tag, request=request),
        )

    @path("author/<str:slug>/")
    def author_archive(self, request: HttpRequest, slug: str) -> HttpResponse:
        author = get_object_or_404(Author, slug=slug)
        return self.render_archive(
            request,
            self.get_posts().filter(author=author),
            kind="author",
            heading=_("Author Archives: %(name)s") % {"name": author.name},
            author=author,
            empty=_("%(name)s has not published any posts yet.") % {"name": author.name},
        )

    @re_path(r"^(?P<year>[0-9]{4})/$")
    def year_archive(self, request: HttpRequest, year: str) -> HttpResponse:
        # The route lets "0000" through, and there is no year 0 to filter on (a 500 otherwise).
        if int(year) < 1:
            raise Http404(_("That is not a year."))
        posts = self.get_posts().filter(date__year=int(year))
        if not posts.exists():
            raise Http404(_("There are no posts from %(year)s.") % {"year": year})
        return self.render_archive(
            request,
            posts,
            kind="year",
            heading=_("Yearly Archives: %(year)s") % {"year": year},
        )

    @re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$")
    def month_archive(self, request: HttpRequest, year: str, month: str) -> HttpResponse:
        if not 1 <= int(month) <= 12 or int(year) < 1:
            raise Http404(_("That is not a month."))
        posts = self.get_posts().filter(date__year=int(year), date__month=int(month))
        if not posts.exists():
            raise Http404(_("There are no posts from that month."))
        label = date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")
        return self.render_archive(
            request,
            posts,
            kind="month",
            heading=_("Monthly Archives: %(month)s") % {"month": label},
        )

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        return BlogRssFeed()(request, source=self)

    @path("feed/atom/")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return BlogAtomFeed()(request, source=self)

    @path("tag/<str:slug>/feed/")
    def tag_feed(self, request: HttpRequest, slug: str) -> HttpResponse:
        return BlogRssFeed()(request, source=self, tag=self.find_tag(slug))

    @path("tag/<str:slug>/feed/atom/")
    def tag_atom_feed(self, request: HttpRequest, slug: str) -> HttpResponse:
        return BlogAtomFeed()(request, source=self, tag=self.find_tag(slug))

    def find_tag(self, slug: str):
        """The tag named by ``slug`` in this blog's language, else its translation here.

        A Japanese-only post on the English blog links its Japanese tags, so a slug from
        the other language is accepted; when that tag has a version in this language,
        that version is returned (and the caller redirects to its slug).
        """
        tags = Tag.objects.select_related("locale")
        tag = tags.filter(locale_id=self.locale_id, slug=slug).first()
        if tag is not None:
            return tag
        other = tags.filter(slug=slug).order_by("pk").first()
        if other is None:
            raise Http404(_("There is no tag “%(slug)s”.") % {"slug": slug})
        return (
            tags.filter(translation_key=other.translation_key, locale_id=self.locale_id).first()
            or other
        )

    def posts_tagged(self, tag) -> models.QuerySet:
        """Posts carrying ``tag`` in any language's version, as a reader of this blog sees them."""
        return self.get_posts().tagged(tag)

    def posts_for_feed(self, tag=None) -> models.QuerySet:
        """This language's own posts (no fallbacks from the other language), for its feeds."""
        posts = BlogPostPage.objects.for_feed().in_locale(self.locale_id).descendant_of(self)
        if tag is not None:
            posts = posts.tagged(tag)
        return posts


def pinned_keys() -> models.QuerySet:
    """The pinned posts' keys, as ``BlogPostQuerySet.pinned()`` finds them (a small index)."""
    return BlogPostPage.objects.filter(sticky=True).values("pk")


class PinnedOrNot(Sequence):
    """The pinned posts, or the others, of a listing that holds both (read when first used)."""

    def __init__(self, posts: ListingPosts, pinned: bool) -> None:
        self.posts = posts
        self.pinned = pinned
        self.read: list | None = None

    def all(self) -> list:
        if self.read is None:
            self.read = [post for post in self.posts.all() if post.sticky == self.pinned]
        return self.read

    def __getitem__(self, index):
        return self.all()[index]

    def __len__(self) -> int:
        return len(self.all())


def month_kwargs(value: datetime.datetime | datetime.date) -> dict:
    """Route arguments for the month archive of ``value`` (in the site's time zone)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return {"year": f"{value.year:04d}", "month": f"{value.month:02d}"}
