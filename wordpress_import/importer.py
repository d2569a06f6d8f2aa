"""The import from start to finish: read the file once to check it, then write it all in one transaction.

The first pass reads the whole export (so a malformed file fails before anything is
written) and keeps only what later items refer to: authors, terms and attachments. The
second pass writes. Any error, or ``--dry-run``, rolls the transaction back and removes
the media files it stored.
"""

from collections import Counter
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from .comments import CommentWriter, pingback_policy
from .indexing import deferred_indexing, reindex
from .ledger import Ledger
from .media import MediaLibrary
from .pages import IMPORTED_STATUSES, PageWriter
from .parser import WxrAuthor, WxrItem, WxrReader, WxrSite, WxrTerm
from .redirects import RedirectPlanner, path_of
from .report import ImportReport, Progress
from .site import build_site
from .structure import Trees
from .taxonomy import Taxonomy

# Item types that are WordPress machinery, not content: counted as skipped without a warning.
# Reusable blocks (wp_block) are content, but inlined where the posts use them.
MACHINERY = {"nav_menu_item", "revision", "customize_changeset", "custom_css", "oembed_cache",
             "wp_global_styles", "wp_navigation", "wp_template", "wp_template_part",
             "user_request", "wp_font_family", "wp_font_face", "wp_block"}  # fmt: skip


class DryRunRollback(Exception):
    pass


class WordPressImporter:
    def __init__(
        self,
        path: str | Path,
        *,
        media_dir: str | Path | None = None,
        media_url_map: list[tuple[str, str]] | None = None,
        language: str = "auto",
        update: bool = False,
        dry_run: bool = False,
        pingbacks: str | None = None,
        progress: TextIO | None = None,
        interactive: bool = False,
    ) -> None:
        self.path = Path(path)
        self.language = language
        self.update = update
        self.dry_run = dry_run
        self.report = ImportReport(dry_run=dry_run)
        self.media = MediaLibrary(Path(media_dir) if media_dir else None, media_url_map)
        self.pingbacks = pingbacks or pingback_policy()
        self.progress_stream = progress
        self.interactive = interactive
        self.site = WxrSite()
        self.authors: list[WxrAuthor] = []
        self.terms: list[WxrTerm] = []
        self.reusable: dict[str, str] = {}  # wp_block id -> content, inlined where posts use it
        self.item_count = 0

    # Pass one: check the whole file and keep what items refer to.
    def scan(self) -> None:
        reader = WxrReader(self.path)
        for record in reader.records():
            if isinstance(record, WxrAuthor):
                self.authors.append(record)
            elif isinstance(record, WxrTerm):
                self.terms.append(record)
            elif isinstance(record, WxrItem):
                self.item_count += 1
                if record.post_type == "attachment":
                    self.media.add(record)
                elif record.post_type == "wp_block":
                    self.reusable[record.post_id] = record.content
        self.site = reader.site

    @property
    def source(self) -> str:
        return (
            self.site.base_blog_url or self.site.base_site_url or self.site.link or self.path.name
        )[:255]

    def local_link(self, href: str) -> str:
        """Links to the old blog become site-relative, so the redirects carry them to the new pages.

        A link to an upload that was not imported goes where ``--media-url-map`` says it is
        served now.
        """
        moved = self.media.file_url(href)
        if moved != href and self.media.image(href) is None and self.media.document(href) is None:
            return moved
        for base in {self.site.base_blog_url, self.site.base_site_url, self.site.link} - {""}:
            bare = base.split("://", 1)[-1].rstrip("/")
            for scheme in ("http://", "https://"):
                if href.startswith(f"{scheme}{bare}/") or href == f"{scheme}{bare}":
                    return path_of(href)
        return href

    def run(self) -> ImportReport:
        self.scan()
        try:
            with transaction.atomic():
                with deferred_indexing() as touched:
                    self.write()
                reindex(touched)
                if self.dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.media.discard_stored_files()
        except BaseException:
            self.media.discard_stored_files()
            raise
        return self.report

    # Pass two: write everything.
    def write(self) -> None:
        self.trees = Trees()
        built = build_site(self.site, self.trees.locale("en"))
        blog = self.trees.blog("en")
        if built:
            # A new site gets both languages at once, each with its own blog index.
            japanese_blog = self.trees.blog("ja")
            self.trees.home("ja")
            copied = f"BlogIndexPage “{japanese_blog.title}” (ja)"
            with override("ja"):
                japanese_blog.title = _("Blog")
            japanese_blog.save_revision(log_action=False).publish(log_action=False)
            # The report names the index by the title readers see.
            self.trees.created = [
                f"BlogIndexPage “{japanese_blog.title}” (ja)" if entry == copied else entry
                for entry in self.trees.created
            ]
            for created in built:
                self.report.warn(
                    "", _("Created %(page)s to hold imported content.") % {"page": created}
                )
        self.ledger = Ledger(self.source)
        self.redirects = RedirectPlanner(
            self.report,
            base_path=path_of(self.site.base_blog_url or "/").rstrip("/")
            if self.site.base_blog_url
            else "",
        )
        self.comments = CommentWriter(self, self.pingbacks)
        self.taxonomy = Taxonomy(self)
        self.pages = PageWriter(self)
        progress = Progress(self.item_count, self.progress_stream, self.interactive)

        self.taxonomy.add_authors(self.authors)
        self.taxonomy.add_terms(self.terms)
        self.write_attachments()

        static_pages: list[WxrItem] = []
        skipped_types: Counter = Counter()
        for record in WxrReader(self.path).records():
            if not isinstance(record, WxrItem):
                continue
            progress.advance()
            if record.post_type == "attachment":
                continue
            if record.status not in IMPORTED_STATUSES:
                self.report.skipped[record.post_type] += 1
                if record.status not in {"auto-draft", "inherit"}:
                    self.report.warn(
                        record.label,
                        _("Status “%(status)s” is not imported.") % {"status": record.status},
                    )
                continue
            if record.post_type == "post":
                self.pages.write_post(record)
            elif record.post_type == "page":
                static_pages.append(record)
            else:
                skipped_types[record.post_type] += 1
                self.report.skipped[record.post_type] += 1
        progress.finish()
        for post_type, count in sorted(skipped_types.items()):
            if post_type not in MACHINERY:
                self.report.warn(
                    "",
                    _("%(count)s items of type “%(type)s” were not imported.")
                    % {"count": count, "type": post_type},
                )
        for record in self.parents_first(static_pages):
            self.pages.write_page(record)

        self.plan_archive_redirects(blog)
        self.pages.flush_history()
        self.ledger.flush()
        self.redirects.write(blog.get_site())
        for created in self.trees.created:
            self.report.warn(
                "", _("Created %(page)s to hold imported content.") % {"page": created}
            )

    def write_attachments(self) -> None:
        for attachment_id, attachment in self.media.attachments.items():
            record = self.ledger.get("attachment", attachment_id)
            found = record.content_object if record is not None else None
            if found is not None:
                self.media.objects[attachment_id] = found
                self.report.skipped["attachment"] += 1
            else:
                found, problem = self.media.create(attachment)
                if problem:
                    self.report.warn(attachment.label, problem)
                if found is not None:
                    self.media.objects[attachment_id] = found
                    self.ledger.remember("attachment", attachment_id, found)
                    self.report.created["attachment"] += 1
                else:
                    self.report.skipped["attachment"] += 1
            if found is not None:
                self.redirects.for_attachment(
                    attachment_id,
                    attachment.link,
                    attachment.url,
                    self.media.url_of(attachment_id),
                    attachment.label,
                )

    @staticmethod
    def parents_first(pages: list[WxrItem]) -> list[WxrItem]:
        by_id = {page.post_id: page for page in pages}
        ordered, placed = [], set()

        def place(page: WxrItem, trail: frozenset = frozenset()) -> None:
            if page.post_id in placed or page.post_id in trail:
                return
            parent = by_id.get(page.parent_id)
            if parent is not None:
                place(parent, trail | {page.post_id})
            placed.add(page.post_id)
            ordered.append(page)

        for page in sorted(
            pages,
            key=lambda page: (
                int(page.menu_order or 0) if (page.menu_order or "0").lstrip("-").isdigit() else 0
            ),
        ):
            place(page)
        return ordered

    def plan_archive_redirects(self, blog) -> None:
        for slug, category in self.taxonomy.categories.items():
            self.redirects.for_category(
                self.taxonomy.category_paths.get(slug, slug), slug, category
            )
        for slug in sorted(self.taxonomy.tag_names):
            tag = self.taxonomy.tags.get(f"en:{slug}")
            self.redirects.for_archive("tag", slug, tag.slug if tag else slug, blog)
        for login, author in self.taxonomy.authors.items():
            if author is not None:
                self.redirects.for_archive("author", login, author.slug, blog)
        self.redirects.for_feed(blog)
