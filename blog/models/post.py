"""The blog post and the links that file it under categories and tags."""

import datetime
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Prefetch
from django.db.models.functions import JSONArray
from django.db.models.query import get_related_populators
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from blog.blocks import PostBodyBlock
from blog.blocks.media import IMAGE_RENDITIONS
from blog.forms import BlogPostForm
from blog.paging import PagedBodyMixin
from core.cache.blocks import read_images, renditions
from core.cache.values import any_view_restriction, public_pages
from core.restrictions import ViewRestrictionsFromMemory
from core.text import cjk_index_text

# Characters, not words: Japanese has no spaces to cut at.
EXCERPT_LENGTH = 280
RELATED_POSTS = 3
# A Wagtail hook whose functions return {name: expression} to annotate listed posts with.
LISTING_ANNOTATIONS_HOOK = "blog_listing_annotations"
# The renditions a listed post's feature image is shown in: the {% picture %} of
# includes/post_summary.html (400x225, 800x450) and of blog/includes/related_post.html (96x96,
# 192x192), each in three formats. A listing reads these only, not the image's every size
# (22 each on the bench: the post page's and the sharing card's as well).
LISTING_RENDITIONS = renditions("format-{avif,webp,jpeg}", "fill-{400x225,800x450,96x96,192x192}")
# The blocks whose words make an automatic excerpt: an image's alt text, caption and credit,
# an embed's caption and a quotation's attribution read as nonsense glued into a sentence.
EXCERPT_BLOCK_TYPES = frozenset({"paragraph", "heading", "quote", "list", "numbered_list"})
# Common reading speeds for running text on a screen: about 230 English words a minute,
# about 500 Japanese characters a minute.
WORDS_PER_MINUTE = 230
JAPANESE_CHARACTERS_PER_MINUTE = 500
# The renditions a post page shows of its feature image (blog_post_page.html, and the share
# image of blog/templatetags/seo_tags.py's SHARE_IMAGE) and of a related post's
# (includes/related_post.html): images are read with these renditions and no others.
FEATURE_RENDITIONS = renditions("format-{avif,webp,jpeg}", "width-{480,800,1200}") | {
    "fill-1200x630"
}
# What the post page shows of the previous, next and related posts: title, address, date,
# language and picture (blog_post_page.html, includes/related_post.html).
# BlogPostPage.routing_queryset's statement, built once per process (no rows).
_ROUTING_QUERYSETS: dict[type, "BlogPostQuerySet"] = {}
NEIGHBOUR_FIELDS = ("title", "url_path", "date", "feature_image", "locale__language_code")
RELATED_RENDITIONS = renditions("format-{avif,webp,jpeg}", "fill-{96x96,192x192}")


class JSONRows(models.Aggregate):
    """The grouped rows as one JSON array (SQLite's ``json_group_array``, PostgreSQL's
    ``jsonb_agg``), so that a post's few links come in the post's own row."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def block_text(block) -> str:
    """The reader-facing words of one text block of the body, as plain text."""
    if block.block_type == "quote":
        parts = block.block.child_blocks["text"].get_searchable_content(block.value["text"])
    else:
        parts = block.block.get_searchable_content(block.value)
    return " ".join(" ".join(strip_tags(str(part)).split()) for part in parts if part)


class BlogPostQuerySet(PageQuerySet):
    def readable(self) -> "BlogPostQuerySet":
        """Live posts outside every private section (password, login or group restriction).

        Listings, feeds, archives, neighbours and related posts are shared by every reader
        (and cached as such), so a restricted post is left out of them altogether rather
        than shown to some readers: see "Private posts" in docs/architecture.md.
        """
        return public_pages(self.live())

    def for_listing(self) -> "BlogPostQuerySet":
        """Readable posts, newest first, with everything a listing shows fetched in a fixed number of queries.

        Apps above blog add values a listing shows (the comments app: each post's approved
        comment count) through the ``blog_listing_annotations`` hook, so blog never imports them.
        """
        return (
            self.with_listing_annotations()
            .readable()
            # The picture joined to its post; its renditions in one query for the whole page.
            .select_related("author", "locale", "feature_image")
            # The categories' few shown columns in the post's own row (as the post page
            # reads them), not a query making a whole Page object for each link.
            .annotate(
                category_links_rows=BlogPostPage._link_rows(
                    "category_links", *LINKED["category_links"]
                )
            )
            .prefetch_related(
                Prefetch(
                    "feature_image__renditions",
                    queryset=get_image_model()
                    .get_rendition_model()
                    .objects.filter(filter_spec__in=LISTING_RENDITIONS),
                ),
            )
            .order_by("-date", "-pk")
        )

    def for_feed(self) -> "BlogPostQuerySet":
        """Readable posts, newest first, with their author: what a feed entry shows but
        its categories' and tags' names, which the feed reads as plain values
        (blog/feeds.py: ``entry_terms``) rather than as link and page objects.

        Not ``for_listing()``: a feed shows no picture, comment count or language label,
        and their queries and joins would be a third of a cold feed's time.
        """
        return self.readable().select_related("author").order_by("-date", "-pk")

    def with_listing_annotations(self) -> "BlogPostQuerySet":
        """The values apps above blog add to each post (``blog_listing_annotations``)."""
        annotations = {}
        for hook in hooks.get_hooks(LISTING_ANNOTATIONS_HOOK):
            annotations.update(hook())
        return self.annotate(**annotations)

    def in_locale(self, locale) -> "BlogPostQuerySet":
        """Posts written in ``locale`` only (feeds: no fallbacks from the other language).

        Compared through ``locale_id + 0`` on purpose: a plain equality lets SQLite start
        from the locale index and sort every post of the language by date, where walking
        the date index and stopping after a feed's twenty entries is a thousand times
        quicker at 100,000 posts (PostgreSQL plans either form well).
        """
        return self.alias(locale_unindexed=models.F("locale_id") + 0).filter(
            locale_unindexed=getattr(locale, "pk", locale)
        )

    def filed_under(self, category) -> "BlogPostQuerySet":
        """Posts filed under any language's version of ``category``.

        A correlated EXISTS, not a join: a join repeats a post per matching link and
        needs DISTINCT, which sorts every post of the category before the first page.
        """
        links = BlogPostCategory.objects.filter(
            page_id=models.OuterRef("pk"), category__translation_key=category.translation_key
        )
        return self.filter(models.Exists(links))

    def tagged(self, tag) -> "BlogPostQuerySet":
        """Posts carrying any language's version of ``tag`` (an EXISTS, as ``filed_under``)."""
        links = BlogPostTag.objects.filter(
            page_id=models.OuterRef("pk"), tag__translation_key=tag.translation_key
        )
        return self.filter(models.Exists(links))

    def pinned(self) -> "BlogPostQuerySet":
        """The pinned posts among these.

        Written as a subquery of pinned keys so that the database starts from the small
        partial index of pinned posts instead of reading every post in date order.
        """
        return self.filter(pk__in=BlogPostPage.objects.filter(sticky=True).values("pk"))

    def for_reader_locale(self, locale) -> "BlogPostQuerySet":
        """Posts in ``locale``, plus live posts that have no live translation in it.

        Japanese-only entries then appear on the English blog and vice versa, so no
        entry is hidden from either readership; a draft translation hides nothing.
        """
        # A correlated NOT EXISTS, answered by the (translation_key, locale) unique index for
        # the few posts in other languages; NOT IN would build a set of every post's key.
        translated = Page.objects.filter(
            live=True, locale=locale, translation_key=models.OuterRef("translation_key")
        )
        return self.filter(models.Q(locale=locale) | ~models.Exists(translated))


BlogPostPageManager = PageManager.from_queryset(BlogPostQuerySet)


class BlogPostPage(PagedBodyMixin, ViewRestrictionsFromMemory, Page):
    """A post: dated, credited, filed under categories and tags, with a StreamField body."""

    date = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("Shown on the post and used to order listings and archives."),
    )
    author = models.ForeignKey(
        "blog.Author",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    feature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("feature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_(
            "A short summary for listings and search engines. When empty, listings show the "
            "body up to the excerpt break, or its first lines."
        ),
    )
    body = StreamField(PostBodyBlock(), verbose_name=_("body"), blank=True)
    sticky = models.BooleanField(
        _("pinned to the top of the blog"),
        default=False,
        help_text=_("Pinned posts stay above newer ones on the blog's first page."),
    )
    comments_enabled = models.BooleanField(_("comments open"), default=True)

    objects = BlogPostPageManager()
    # A future publication date schedules the post (blog.forms).
    base_form_class = BlogPostForm

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("feature_image")],
            heading=_("Byline"),
        ),
        FieldPanel("excerpt"),
        FieldPanel("body"),
        # Form fields of BlogPostForm, saved as the category and tag link rows below.
        FieldPanel("categories"),
        FieldPanel("tag_names"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("sticky"),
        FieldPanel("comments_enabled"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("excerpt"),
        index.SearchField("body"),
        # Japanese runs cut into bigrams, so that 同盟 finds 新日英同盟 (see search/text.py).
        index.SearchField("cjk_search_text"),
        index.FilterField("date"),
        index.RelatedFields("author", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        indexes = [
            # The pinned posts above page one of every listing: a few rows, found without
            # reading every post.
            models.Index(
                models.F("date").desc(),
                name="blog_post_pinned_by_date",
                condition=models.Q(sticky=True),
            ),
        ]

    @cached_property
    def more_break_index(self) -> int | None:
        """Position of the editor's excerpt break in the body, if there is one."""
        # The stored block types, without making every block's value (its images read).
        for position, block in enumerate(self.body.raw_data):
            if block["type"] == "more":
                return position
        return None

    @property
    def excerpt_blocks(self) -> list:
        """The body up to the excerpt break (empty without a break)."""
        if self.more_break_index is None:
            return []
        # Block by block: only the types before the break are made (listing the whole body
        # would read the images of its every later picture).
        return [self.body[position] for position in range(self.more_break_index)]

    def body_image_ids(self) -> list[int]:
        """The images the body's image blocks show, from the stored data (no query)."""
        return [
            block["value"]["image"]
            for block in self.body.raw_data
            if block["type"] == "image" and isinstance(block.get("value", {}).get("image"), int)
        ]

    @classmethod
    def routing_queryset(cls) -> BlogPostQuerySet:
        """The post as core.routing reads it: with what its page shows joined in, its
        category and tag links too (``LINKED``), instead of a query for each.

        Resolving those subqueries took about a tenth of a cold post's CPU, for the same
        statement each time: it depends only on the models and on the hooks registered when
        the apps load, so it is built once per process (unevaluated: it holds no rows) and
        each request filters a copy of it.
        """
        if cls not in _ROUTING_QUERYSETS:
            links = {
                f"{name}_rows": cls._link_rows(name, related, fields)
                for name, (related, fields) in LINKED.items()
            }
            _ROUTING_QUERYSETS[cls] = (
                cls.objects.select_related("author", "locale")
                .with_listing_annotations()
                .annotate(**links)
            )
        return _ROUTING_QUERYSETS[cls].all()

    @staticmethod
    def _link_rows(name: str, related: str, fields: tuple[str, ...]) -> models.Subquery:
        link_model = BlogPostPage._meta.get_field(name).related_model
        columns = [*LINK_FIELDS, *(f"{related}__{field}" for field in fields)]
        rows = (
            link_model.objects.filter(page=models.OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(rows=JSONRows(JSONArray(*columns)))
            .values("rows")
        )
        return models.Subquery(rows, output_field=models.JSONField())

    def get_context(self, request, *args, **kwargs) -> dict:
        # Before the body is split into parts (PagedBodyMixin), which reads its images.
        self.read_images()
        return super().get_context(request, *args, **kwargs)

    def read_images(self) -> None:
        """The feature image and the body's images with their renditions, in one query.

        The body's image blocks take theirs from the same per-request store
        (``MemoImageChooserBlock``); read one by one they cost two queries each.
        """
        body_ids = self.body_image_ids()
        if not self.feature_image_id and not body_ids:
            return
        images = read_images(
            {FEATURE_RENDITIONS: [self.feature_image_id], IMAGE_RENDITIONS: body_ids}
        )[FEATURE_RENDITIONS]
        if self.feature_image_id in images:
            self.feature_image = images[self.feature_image_id]

    @cached_property
    def body_text(self) -> str:
        """The body as plain text, for excerpts, feeds and meta descriptions."""
        parts = self.body.stream_block.get_searchable_content(self.body)
        return " ".join(" ".join(strip_tags(str(part)).split()) for part in parts if part)

    def cjk_search_text(self) -> str:
        """The Japanese text of the title, excerpt and body as bigrams, for the search index."""
        return cjk_index_text(" ".join([self.title, self.excerpt, self.body_text]))

    def text_of(self, blocks) -> str:
        """The words of ``blocks``' paragraphs, headings, quotations and lists, as plain text."""
        texts = (block_text(block) for block in blocks if block.block_type in EXCERPT_BLOCK_TYPES)
        return " ".join(text for text in texts if text)

    @cached_property
    def excerpt_text(self) -> str:
        """The body's text up to the "more" break: what an automatic excerpt is cut from.

        Never alt text, captions or credits (they read as nonsense glued into a sentence).
        Only the text blocks are made: making a picture's block reads its image.
        """
        stored = self.body.raw_data
        if self.more_break_index is not None:
            stored = stored[: self.more_break_index]
        return self.text_of(
            self.body[position]
            for position, block in enumerate(stored)
            if block["type"] in EXCERPT_BLOCK_TYPES
        )

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes a reader takes over the post: Japanese counted in characters, other
        languages in words (Japanese has no spaces to count words by)."""
        text = " ".join([self.title, self.text_of(self.body)])
        if self.locale.language_code == "ja":
            amount, per_minute = len("".join(text.split())), JAPANESE_CHARACTERS_PER_MINUTE
        else:
            amount, per_minute = len(text.split()), WORDS_PER_MINUTE
        return max(1, round(amount / per_minute))

    def plain_excerpt(self, length: int = EXCERPT_LENGTH) -> str:
        """The excerpt as text: the editor's own, else the body's text up to the "more"
        break, else the body's text cut to ``length`` characters (listings and feeds alike)."""
        if self.excerpt:
            return self.excerpt
        if self.more_break_index is not None:
            return self.excerpt_text
        return Truncator(self.excerpt_text).chars(length)

    def summary_line(self, length: int = 120) -> str:
        """One line of the excerpt, for compact entries (other-language posts, related posts)."""
        return Truncator(" ".join(self.plain_excerpt().split())).chars(length)

    @property
    def has_more(self) -> bool:
        """True when a listing shows less than the whole post."""
        if self.excerpt or self.more_break_index is not None:
            return True
        return (
            len(self.body_text) > len(self.excerpt_text) or len(self.excerpt_text) > EXCERPT_LENGTH
        )

    def _links(self, name: str, related: str) -> list:
        # Read once per instance, with the linked rows joined in: the post page shows its
        # categories and tags in several places. Listings have them prefetched already, the
        # post page in its own row (routing_queryset).
        if hasattr(self, f"{name}_rows"):
            return self._links_from_rows(name, related, getattr(self, f"{name}_rows") or [])
        links = getattr(self, name).all()
        if name not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related(related)
        return list(links)

    def _links_from_rows(self, name: str, related: str, rows: list) -> list:
        link_model = self._meta.get_field(name).related_model
        target_model = link_model._meta.get_field(related).related_model
        fields = LINKED[name][1]
        links = []
        for row in sorted(rows, key=lambda row: (row[1], row[0])):  # sort_order, id
            target = _from_row(target_model, fields, row[len(LINK_FIELDS) :])
            link = _from_row(
                link_model,
                (*LINK_FIELDS, "page", related),
                (*row[: len(LINK_FIELDS)], self.pk, target.pk),
            )
            setattr(link, related, target)
            links.append(link)
        return links

    @cached_property
    def category_link_list(self) -> list["BlogPostCategory"]:
        return self._links("category_links", "category")

    @cached_property
    def tag_link_list(self) -> list["BlogPostTag"]:
        return self._links("tag_links", "tag")

    @property
    def categories(self) -> list[Page]:
        # Translating a post creates its categories' translations as drafts; until one is
        # published it is left out rather than linked to a page readers cannot open.
        return [link.category for link in self.category_link_list if link.category.live]

    @property
    def tags(self) -> list:
        return [link.tag for link in self.tag_link_list]

    def get_sibling_posts(self) -> BlogPostQuerySet:
        """The posts a reader of this post's language browses: the same list as its blog index."""
        return (
            BlogPostPage.objects.readable()
            .for_reader_locale(self.locale_id)
            .select_related("locale")
        )

    # Previous and next in (date, pk) order: see the module's _before and _after.

    def _before(self, siblings: BlogPostQuerySet) -> BlogPostQuerySet:
        return _before(siblings, self.date, self.pk)

    def _after(self, siblings: BlogPostQuerySet) -> BlogPostQuerySet:
        return _after(siblings, self.date, self.pk)

    def _related_keys(self) -> tuple[list, list]:
        """The translation keys of this post's categories and of its tags, each once."""
        category_keys = [link.category.translation_key for link in self.category_link_list]
        tag_keys = [link.tag.translation_key for link in self.tag_link_list]
        return list(dict.fromkeys(category_keys)), list(dict.fromkeys(tag_keys))

    def _related_filter(self) -> models.Q | None:
        return _related_filter(*self._related_keys(), self.translation_key)

    def get_related_posts(self, limit: int = RELATED_POSTS) -> BlogPostQuerySet:
        """Other posts sharing a category or tag with this one (in any language's version), newest first."""
        related = self._related_filter()
        if related is None:
            return BlogPostPage.objects.none()
        return (
            BlogPostPage.objects.for_listing()
            .for_reader_locale(self.locale_id)
            .filter(related)[:limit]
        )

    def neighbour_values(self) -> dict:
        """What ``neighbour_rows`` (and ``NeighbourStatement``) select this post's neighbours by."""
        category_keys, tag_keys = self._related_keys()
        return {
            "locale": self.locale_id,
            "date": self.date,
            "pk": self.pk,
            "translation_key": self.translation_key,
            "category_keys": category_keys,
            "tag_keys": tag_keys,
        }

    @cached_property
    def neighbours(self) -> dict:
        """The previous and next posts and the related posts, in one query.

        The rows are the siblings (``get_sibling_posts``) that are the previous or the next
        post or among the newest related ones: three subqueries of one statement instead of
        three statements (``neighbour_rows``). The previous post is the latest row before
        this one (any related row before it is older still), the next the earliest after
        it, and the related posts the newest rows flagged as related. A post page shows only
        their titles, dates, languages and pictures: no listing annotations or category
        links are read.
        """
        values = self.neighbour_values()
        if any_view_restriction():
            # Wagtail's public() writes the restricted sections into the statement itself:
            # it cannot be compiled once, so the ORM builds it for this post.
            rows = list(neighbour_rows(**values))
        else:
            rows = NeighbourStatement.for_shape(
                len(values["category_keys"]), len(values["tag_keys"])
            ).rows(values)
        rows.sort(key=lambda post: (post.date, post.pk))
        here = (self.date, self.pk)
        before = [post for post in rows if (post.date, post.pk) < here]
        after = [post for post in rows if (post.date, post.pk) > here]
        related_rows = [post for post in reversed(rows) if getattr(post, "is_related", False)]
        related_rows = related_rows[:RELATED_POSTS]
        # Their pictures, with renditions, in one query (the page's own were read before).
        ids = [post.feature_image_id for post in related_rows if post.feature_image_id]
        images = read_images({RELATED_RENDITIONS: ids})[RELATED_RENDITIONS] if ids else {}
        for post in related_rows:
            if post.feature_image_id in images:
                post.feature_image = images[post.feature_image_id]
        return {
            "previous": before[-1] if before else None,
            "next": after[0] if after else None,
            "related": related_rows,
        }

    @property
    def previous_post(self) -> "BlogPostPage | None":
        return self.neighbours["previous"]

    @property
    def next_post(self) -> "BlogPostPage | None":
        return self.neighbours["next"]

    @property
    def related_posts(self) -> list["BlogPostPage"]:
        return self.neighbours["related"]


# Previous and next in (date, pk) order. Written as one date range minus the posts of the
# same date on the wrong side, not as "date < d OR (date = d AND pk < p)": an OR makes
# databases collect every earlier post before sorting, a range walks the date index.


def _before(siblings: BlogPostQuerySet, date, pk) -> BlogPostQuerySet:
    return siblings.filter(date__lte=date).exclude(date=date, pk__gte=pk).order_by("-date", "-pk")


def _after(siblings: BlogPostQuerySet, date, pk) -> BlogPostQuerySet:
    return siblings.filter(date__gte=date).exclude(date=date, pk__lte=pk).order_by("date", "pk")


def _related_filter(category_keys: list, tag_keys: list, translation_key) -> models.Q | None:
    if not category_keys and not tag_keys:
        return None
    # Correlated EXISTS, so that the newest posts are checked one by one until enough
    # match; a join over both link tables would first list every post sharing anything.
    shares_category = models.Exists(
        BlogPostCategory.objects.filter(
            page_id=models.OuterRef("pk"), category__translation_key__in=category_keys
        )
    )
    shares_tag = models.Exists(
        BlogPostTag.objects.filter(page_id=models.OuterRef("pk"), tag__translation_key__in=tag_keys)
    )
    return (shares_category | shares_tag) & ~models.Q(translation_key=translation_key)


def neighbour_rows(
    locale, date, pk, translation_key, category_keys: list, tag_keys: list
) -> BlogPostQuerySet:
    """The rows ``BlogPostPage.neighbours`` reads: the previous, the next and the newest related
    posts among the siblings of a post in ``locale`` (see ``get_sibling_posts``)."""
    related = _related_filter(category_keys, tag_keys, translation_key)
    siblings = (
        BlogPostPage.objects.readable().for_reader_locale(locale).select_related("locale")
    )  # built once: the parts below start from it
    wanted = models.Q(pk=models.Subquery(_before(siblings, date, pk).values("pk")[:1])) | models.Q(
        pk=models.Subquery(_after(siblings, date, pk).values("pk")[:1])
    )
    # The subqueries pick siblings only: the outer statement need not filter them again.
    rows = BlogPostPage.objects.select_related("locale").only(*NEIGHBOUR_FIELDS)
    if related is not None:
        newest_related = siblings.filter(related).order_by("-date", "-pk").values("pk")
        wanted |= models.Q(pk__in=models.Subquery(newest_related[:RELATED_POSTS]))
        rows = rows.annotate(
            is_related=models.ExpressionWrapper(related, output_field=models.BooleanField())
        )
    return rows.filter(wanted)


class NeighbourStatement:
    """``neighbour_rows`` compiled once per process and database for each number of category
    and tag keys, run with each post's values as parameters.

    Building that statement through the ORM (four subqueries, two EXISTS) took about a fifth
    of a cold post's CPU, for the same SQL every time. It is compiled from stand-in values
    that nothing else in it can equal; each parameter holding one is then filled from the
    post. This holds no data, only the statement: its rows are read afresh each time.
    Not used while any page has a view restriction (see ``BlogPostPage.neighbours``).
    """

    _compiled: dict[tuple, "NeighbourStatement"] = {}

    def __init__(self, category_count: int, tag_count: int, using: str) -> None:
        connection = connections[using]
        stand_ins = {
            "locale": -917_001,
            "date": datetime.datetime(1901, 2, 3, 4, 5, 6, 917_004, tzinfo=datetime.UTC),
            "pk": -917_002,
            "translation_key": uuid.UUID(int=917_003),
            "category_keys": [uuid.UUID(int=917_100 + i) for i in range(category_count)],
            "tag_keys": [uuid.UUID(int=917_200 + i) for i in range(tag_count)],
        }
        date_field = BlogPostPage._meta.get_field("date")
        key_field = Page._meta.get_field("translation_key")
        prepared = {
            stand_ins["locale"]: ("locale", None),
            stand_ins["pk"]: ("pk", None),
            date_field.get_db_prep_value(stand_ins["date"], connection): ("date", None),
            key_field.get_db_prep_value(stand_ins["translation_key"], connection): (
                "translation_key",
                None,
            ),
        }
        for name in ("category_keys", "tag_keys"):
            for i, key in enumerate(stand_ins[name]):
                prepared[key_field.get_db_prep_value(key, connection)] = (name, i)
        compiler = neighbour_rows(**stand_ins).query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.slots = [prepared.get(param) if _hashable(param) else None for param in params]
        self.constants = list(params)
        expected = set(prepared.values())
        if not category_count and not tag_count:
            expected.discard(("translation_key", None))  # no related posts to read
        if {slot for slot in self.slots if slot} != expected:
            raise RuntimeError("neighbour statement: a stand-in value is missing from its SQL")
        self.using = using
        self.date_field = date_field
        self.key_field = key_field
        # What the ORM's ModelIterable works out per statement, once.
        self.select = compiler.select
        self.converters = compiler.get_converters(
            [s[0] for s in compiler.select[: compiler.col_count]]
        )
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model_slice = slice(start, end)
        self.init_list = [column[0].target.attname for column in compiler.select[start:end]]
        self.populators = get_related_populators(klass_info, compiler.select, using)
        self.annotations = list(compiler.annotation_col_map.items())

    @classmethod
    def for_shape(cls, category_count: int, tag_count: int) -> "NeighbourStatement":
        using = router.db_for_read(BlogPostPage)
        key = (using, connections[using].vendor, category_count, tag_count)
        statement = cls._compiled.get(key)
        if statement is None:
            statement = cls._compiled[key] = cls(category_count, tag_count, using)
        return statement

    def params(self, values: dict) -> list:
        connection = connections[self.using]
        prepared = {
            "locale": values["locale"],
            "pk": values["pk"],
            "date": self.date_field.get_db_prep_value(values["date"], connection),
            "translation_key": self.key_field.get_db_prep_value(
                values["translation_key"], connection
            ),
        }
        params = []
        for slot, constant in zip(self.slots, self.constants, strict=True):
            if slot is None:
                params.append(constant)
            elif slot[1] is None:
                params.append(prepared[slot[0]])
            else:
                params.append(
                    self.key_field.get_db_prep_value(values[slot[0]][slot[1]], connection)
                )
        return params

    def rows(self, values: dict) -> list["BlogPostPage"]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params(values))
            results = cursor.fetchall()
        if self.converters:
            results = self.compiler.apply_converters(results, self.converters)
        posts = []
        for row in results:
            post = self.model.from_db(self.using, self.init_list, row[self.model_slice])
            for populator in self.populators:
                populator.populate(row, post)
            for name, position in self.annotations:
                setattr(post, name, row[position])
            posts.append(post)
        return posts


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# The link rows a post page reads in the post's own row (routing_queryset), and the fields of
# the linked category or tag it shows: the categories' titles, addresses and translation keys
# (related posts), the tags' names and slugs. Any other field is read when first used.
LINK_FIELDS = ("id", "sort_order", "translation_key", "locale")
LINKED = {
    "category_links": (
        "category",
        ("id", "title", "slug", "url_path", "live", "translation_key", "locale", "depth", "path"),
    ),
    "tag_links": ("tag", ("id", "name", "slug", "translation_key", "locale")),
}


def _from_row(model, names: Sequence[str], values: Sequence) -> models.Model:
    """An instance of ``model`` with the fields ``names`` from a JSON row (the rest deferred)."""
    by_attname = {}
    for name, value in zip(names, values, strict=True):
        field = model._meta.get_field(name)
        # From JSON: a key's UUID is text, a flag may be 0 or 1.
        by_attname[field.attname] = field.to_python(value)
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in by_attname]
    return model.from_db(None, attnames, [by_attname[attname] for attname in attnames])


def read_excerpt_images(posts: list[BlogPostPage], whole_body: bool = False) -> None:
    """The images the listed posts' excerpts (or whole bodies) show, all in two queries.

    An image block takes its image from the per-request store (``image_memo``); without
    this each post with a new picture would cost two queries.
    """
    ids = set()
    for post in posts:
        if whole_body:
            blocks = post.body.raw_data
        elif post.excerpt or post.more_break_index is None:
            continue
        else:
            blocks = post.body.raw_data[: post.more_break_index]
        ids.update(
            block["value"]["image"]
            for block in blocks
            if block["type"] == "image" and isinstance(block["value"].get("image"), int)
        )
    if ids:
        read_images({IMAGE_RENDITIONS: sorted(ids)})


class ListingPosts(Sequence):
    """A page of a listing, read when first used, with its excerpts' images read together.

    Left unread until a template iterates it, so a listing served from its fragment reads
    nothing.
    """

    def __init__(self, posts) -> None:
        self.posts = posts
        self.read: list | None = None

    def all(self) -> list:
        if self.read is None:
            self.read = list(self.posts)
            read_excerpt_images(self.read)
        return self.read

    def __getitem__(self, index):
        return self.all()[index]

    def __len__(self) -> int:
        return len(self.all())


class BlogPostCategory(TranslatableMixin, Orderable):
    """Files a post under a category.

    The link is itself translatable and points at ``wagtailcore.Page`` so that
    wagtail-localize re-points it at the Japanese category when the post is
    translated (a plain M2M or a foreign key to CategoryPage keeps the English one).
    """

    page = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="blog_post_links",
    )

    panels = [PageChooserPanel("category", "blog.CategoryPage")]
    translatable_fields = [TranslatableField("category")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("category link")

    def clean(self) -> None:
        super().clean()
        if self.category_id is None:
            return
        # By label: blog.models.category lists posts, so it imports this module, not the reverse.
        if self.category.specific_class._meta.label_lower != "blog.categorypage":
            raise ValidationError({"category": _("Choose a category page.")})


class BlogPostTag(TranslatableMixin, Orderable):
    """Tags a post; the tag is translatable, so the Japanese post links Japanese tags."""

    page = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(
        "blog.Tag", verbose_name=_("tag"), on_delete=models.CASCADE, related_name="post_links"
    )

    panels = [FieldPanel("tag")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tag link")
