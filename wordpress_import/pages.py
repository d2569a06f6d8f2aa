"""Posts and static pages: their fields, state (published, draft, scheduled, private) and body."""

import uuid

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Page, PageLogEntry, PageViewRestriction

from blog.models import BlogPostCategory, BlogPostPage, BlogPostTag, ContentPage

from .content import MediaLookup, convert, strip_html
from .language import detect_language
from .parser import WxrItem
from .structure import append_child, publish_quietly
from .taxonomy import digest

IMPORTED_STATUSES = {"publish", "draft", "future", "pending", "private"}


def item_digest(item: WxrItem) -> str:
    return digest(
        item.title, item.content, item.excerpt, item.status, item.date, item.slug, item.creator,
        sorted(item.terms), item.is_sticky, item.comment_status, item.password,
        item.meta.get("_thumbnail_id", ""), item.parent_id,
    )  # fmt: skip


class PageWriter:
    """Creates or updates the page for one post or static page, and what hangs off it."""

    def __init__(self, importer) -> None:
        self.importer = importer
        self.report = importer.report
        self.ledger = importer.ledger
        self.taxonomy = importer.taxonomy
        self.media = importer.media
        self.trees = importer.trees
        self.redirects = importer.redirects
        self.comments = importer.comments
        self._child_slugs: dict[int, set[str]] = {}
        self._history: list[PageLogEntry] = []
        self._history_uuid = uuid.uuid4()  # one action: the page history groups the import

    # Shared by posts and pages
    def language(self, item: WxrItem) -> str:
        choice = self.importer.language
        if choice != "auto":
            return choice
        channel = self.importer.site.language.lower()
        return detect_language(
            item.title, item.content, default="ja" if channel.startswith("ja") else "en"
        )

    def title(self, item: WxrItem, body_text: str = "") -> str:
        title = strip_html(item.title)
        if not title:
            title = body_text[:60].strip() or _("Untitled (WordPress %(type)s %(id)s)") % {
                "type": item.post_type,
                "id": item.post_id,
            }
            self.report.warn(
                item.label, _("The title was empty; it is now “%(title)s”.") % {"title": title}
            )
        return title[:255]

    def free_slug(self, parent: Page, wanted: str, current: Page | None, item: WxrItem) -> str:
        taken = self._child_slugs.get(parent.pk)
        if taken is None:
            taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
            self._child_slugs[parent.pk] = taken
        if current is not None and current.slug == wanted:
            return wanted
        slug, counter = wanted, 2
        while slug in taken:
            slug = f"{wanted[:240]}-{counter}"
            counter += 1
        if slug != wanted:
            self.report.warn(
                item.label,
                _(
                    "The address “%(wanted)s” was taken; the page is at “%(slug)s”; the old address redirects to it."
                )
                % {"wanted": wanted, "slug": slug},
            )
        taken.add(slug)
        return slug

    def wanted_slug(self, item: WxrItem, title: str) -> str:
        slug = slugify(item.slug, allow_unicode=True) if item.slug else ""
        return (slug or slugify(title, allow_unicode=True) or f"{item.post_type}-{item.post_id}")[
            :255
        ]

    def lookup(self) -> MediaLookup:
        return MediaLookup(
            image=self.media.image,
            gallery=self.media.gallery,
            document=self.media.document,
            file_url=self.media.file_url,
            link=self.importer.local_link,
        )

    def body(self, item: WxrItem) -> list[dict]:
        lookup = self.lookup()
        lookup.gallery = lambda ids: self.media.gallery(ids, item.post_id)
        conversion = convert(item.content, lookup, self.importer.reusable)
        for note in conversion.notes:
            self.report.warn(item.label, note)
        return conversion.blocks

    def existing(self, kind: str, item: WxrItem, model) -> tuple[Page | None, bool]:
        """The page an earlier import made, and whether to leave it alone this time."""
        record = self.ledger.get(kind, item.post_id)
        if record is None:
            return None, False
        page = model.objects.filter(pk=record.object_id).first()
        if page is None:
            return None, False
        if record.source_hash == item_digest(item) and not self.importer.update:
            self.report.skipped[kind] += 1
            return page, True
        if page.latest_revision_id != record.revision_id and not self.importer.update:
            self.report.skipped[kind] += 1
            self.report.warn(
                item.label,
                _(
                    "Changed here since the last import, so left as it is (use --update to overwrite)."
                ),
            )
            return page, True
        return page, False

    def apply_state(self, page: Page, item: WxrItem) -> None:
        status = item.status
        when = item.date or timezone.now()
        page.go_live_at = None
        if status == "publish":
            publish_quietly(page, when)
            page.first_published_at = when
        else:
            page.live = False
            page.has_unpublished_changes = True
        if status == "future":
            page.go_live_at = when

    def after_save(self, page: Page, item: WxrItem, new: bool) -> int | None:
        """Scheduling, privacy and review state; returns the revision the import left, if any."""
        revision_id = None
        if not new:
            PageViewRestriction.objects.filter(page=page).delete()
        if item.status == "private":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        elif item.password:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=item.password
            )
        # A page that has revisions opens in the editor from its latest one, so an update
        # must add a revision too, or the editor would still show the old text.
        if item.status in ("future", "pending") or (not new and page.latest_revision_id):
            revision = page.save_revision(log_action=False)
            revision_id = revision.pk
            if item.status in ("future", "publish"):
                revision.publish(log_action=False)
        if item.status == "future" and page.go_live_at and page.go_live_at <= timezone.now():
            self.report.warn(item.label, _("Scheduled for a date now past, so published."))
        elif item.status == "pending":
            self.report.warn(item.label, _("Was pending review in WordPress; imported as a draft."))
        elif item.status == "private":
            self.report.warn(
                item.label,
                _(
                    "Private in WordPress; imported as an unpublished draft visible only to signed-in users."
                ),
            )
        return revision_id

    # Posts
    def write_post(self, item: WxrItem) -> None:
        page, leave = self.existing("post", item, BlogPostPage)
        if leave:
            self.comments.write(page, item.comments, False, item.label)
            self.plan_post_redirects(item, page)
            return
        code = page.locale.language_code if page is not None else self.language(item)
        blocks = self.body(item)
        new = page is None
        parent = self.trees.blog(code)
        if new:
            page = BlogPostPage(locale=self.trees.locale(code))
        page.title = self.title(item, strip_html(item.content))
        page.slug = self.free_slug(
            page.get_parent() if not new else parent,
            self.wanted_slug(item, page.title),
            None if new else page,
            item,
        )
        page.date = item.date or timezone.now()
        page.excerpt = strip_html(item.excerpt)
        page.body = blocks
        page.sticky = item.is_sticky
        page.comments_enabled = item.comment_status != "closed"
        page.author = self.taxonomy.author(item.creator, item=item.label) if item.creator else None
        page.feature_image = self.feature_image(item)
        categories = [
            self.taxonomy.category_for(slug, name, code, item.label)
            for _domain, slug, name in self.unique_terms(item, "category")
        ]
        tags = [
            self.taxonomy.tag(slug, code, name=name, item=item.label)
            for _domain, slug, name in self.unique_terms(item, "post_tag")
        ]
        self.apply_state(page, item)
        if new:
            append_child(parent, page)
            self.record_creation(page)
        else:
            page.save()
        self.link_terms(page, categories, tags, new)
        revision_id = self.after_save(page, item, new)
        self.ledger.remember("post", item.post_id, page, item_digest(item), revision_id)
        (self.report.created if new else self.report.updated)["post"] += 1
        self.comments.write(page, item.comments, new, item.label)
        self.plan_post_redirects(item, page)

    def link_terms(self, page: BlogPostPage, categories: list, tags: list, new: bool) -> None:
        # Inserted in bulk: saving each link through the page would re-index the page each time.
        if not new:
            BlogPostCategory.objects.filter(page=page).delete()
            BlogPostTag.objects.filter(page=page).delete()
        BlogPostCategory.objects.bulk_create(
            BlogPostCategory(
                page=page, category=category, locale_id=page.locale_id, sort_order=order
            )
            for order, category in enumerate(categories)
        )
        BlogPostTag.objects.bulk_create(
            BlogPostTag(page=page, tag=tag, locale_id=page.locale_id, sort_order=order)
            for order, tag in enumerate(tags)
        )

    def record_creation(self, page: Page) -> None:
        self._history.append(
            PageLogEntry(
                page_id=page.pk,
                content_type_id=page.content_type_id,
                label=page.title,
                action="wagtail.create",
                timestamp=timezone.now(),
                uuid=self._history_uuid,
                content_changed=True,
                data={},
            )
        )
        if len(self._history) >= 500:
            self.flush_history()

    def flush_history(self) -> None:
        PageLogEntry.objects.bulk_create(self._history)
        self._history = []

    def unique_terms(self, item: WxrItem, domain: str) -> list[tuple[str, str, str]]:
        seen, terms = set(), []
        for term in item.terms:
            if term[0] == domain and term[1] not in seen:
                seen.add(term[1])
                terms.append(term)
        return terms

    def feature_image(self, item: WxrItem):
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return None
        image = self.media.image("", thumbnail)
        if image is None:
            self.report.warn(
                item.label,
                _("The featured image (attachment %(id)s) could not be imported.")
                % {"id": thumbnail},
            )
        return image

    def plan_post_redirects(self, item: WxrItem, page: Page) -> None:
        self.redirects.for_date_archive(item.post_date, self.trees.blog("en"))
        self.redirects.for_post(
            item.post_id, item.slug, item.raw_slug, item.post_date, item.link, page, item.label
        )

    # Static pages
    def write_page(self, item: WxrItem) -> None:
        page, leave = self.existing("page", item, ContentPage)
        if leave:
            self.comments.write(page, item.comments, False, item.label)
            self.redirects.for_page(item.post_id, item.link, page, item.label)
            return
        code = page.locale.language_code if page is not None else self.language(item)
        new = page is None
        parent = self.page_parent(item, code)
        if new:
            page = ContentPage(locale=self.trees.locale(code))
        page.title = self.title(item, strip_html(item.content))
        page.slug = self.free_slug(
            parent if new else page.get_parent(),
            self.wanted_slug(item, page.title),
            None if new else page,
            item,
        )
        page.body = self.body(item)
        page.comments_enabled = item.comment_status == "open"
        self.apply_state(page, item)
        if new:
            append_child(parent, page)
            self.record_creation(page)
        else:
            page.save()
        revision_id = self.after_save(page, item, new)
        self.ledger.remember("page", item.post_id, page, item_digest(item), revision_id)
        (self.report.created if new else self.report.updated)["page"] += 1
        self.comments.write(page, item.comments, new, item.label)
        self.redirects.for_page(item.post_id, item.link, page, item.label)

    def page_parent(self, item: WxrItem, code: str) -> Page:
        if item.parent_id and item.parent_id != "0":
            parent = self.ledger.resolve("page", item.parent_id, ContentPage)
            if parent is not None and parent.locale_id == self.trees.locale(code).pk:
                return parent
        return self.trees.home(code)
