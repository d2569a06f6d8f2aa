"""Authors, categories (with their hierarchy) and tags from the export."""

import hashlib

from django.utils.text import slugify
from django.utils.translation import gettext as _

from blog.models import Author, CategoryPage, Tag

from .content import strip_html
from .parser import WxrAuthor, WxrTerm
from .structure import Trees, publish_quietly


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


class Taxonomy:
    """Creates or finds authors, categories and tags, and answers lookups by WordPress slug."""

    def __init__(self, importer) -> None:
        self.importer = importer
        self.ledger = importer.ledger
        self.report = importer.report
        self.trees: Trees = importer.trees
        self.authors: dict[str, Author] = {}
        self.categories: dict[str, CategoryPage] = {}  # slug -> English category
        self.category_paths: dict[
            str, str
        ] = {}  # slug -> "parent/child" as WordPress built its URL
        self.tags: dict[str, Tag] = {}  # slug -> tag in the language it was first made in
        self.tag_names: dict[str, str] = {}

    # Authors
    def add_authors(self, authors: list[WxrAuthor]) -> None:
        for author in authors:
            self.author(author.login, author)

    def author(
        self, login: str, declared: WxrAuthor | None = None, item: str = ""
    ) -> Author | None:
        login = login.strip()
        if not login:
            return None
        if login in self.authors:
            return self.authors[login]
        name = ""
        if declared is not None:
            full_name = f"{declared.first_name} {declared.last_name}".strip()
            name = declared.display_name or full_name or login
        else:
            self.report.warn(
                item,
                _("Author “%(login)s” is not declared in the export; created from the login.")
                % {"login": login},
            )
            name = login
        # Exports sometimes carry stray markup in names (">Jane"): keep the readable part.
        name = strip_html(name).strip(" <>") or login
        author = self.ledger.resolve("author", login, Author)
        if author is None:
            author = Author.objects.filter(name=name).first()
            if author is None:
                author = Author.objects.create(name=name[:200])
                self.report.created["author"] += 1
            else:
                self.report.skipped["author"] += 1
            self.ledger.remember("author", login, author, digest(name))
        else:
            self.report.skipped["author"] += 1
        self.authors[login] = author
        return author

    # Categories
    def add_terms(self, terms: list[WxrTerm]) -> None:
        categories = [term for term in terms if term.taxonomy == "category"]
        by_slug = {term.slug: term for term in categories}
        done: set[str] = set()

        def place(term: WxrTerm, trail: tuple[str, ...] = ()) -> None:
            if term.slug in done or term.slug in trail:
                return
            parent = by_slug.get(term.parent_slug)
            if parent is not None:
                place(parent, (*trail, term.slug))
            self.category(term)
            done.add(term.slug)

        for term in categories:
            place(term)
        for term in terms:
            if term.taxonomy == "post_tag":
                self.tag_names[term.slug] = term.name
                self.tag(term.slug, "en", term=term)

    def category(self, term: WxrTerm) -> CategoryPage:
        parent = self.categories.get(term.parent_slug) if term.parent_slug else None
        self.category_paths[term.slug] = (
            f"{self.category_paths[term.parent_slug]}/{term.slug}"
            if parent is not None
            else term.slug
        )
        name = strip_html(term.name) or term.slug
        page = self.ledger.resolve("category", term.key, CategoryPage)
        if page is None:
            parent_page = parent or self.trees.blog("en")
            slug = term.slug or slugify(name, allow_unicode=True) or f"category-{term.key}"
            page = CategoryPage.objects.child_of(parent_page).filter(slug=slug).first()
            if page is None:
                description = (
                    f"<p>{strip_html(term.description)}</p>" if term.description.strip() else ""
                )
                page = CategoryPage(title=name[:255], slug=slug[:255], description=description)
                publish_quietly(page)
                parent_page.add_child(instance=page)
                self.report.created["category"] += 1
            else:
                self.report.skipped["category"] += 1
            self.ledger.remember("category", term.key, page, digest(name, term.description))
        else:
            self.report.skipped["category"] += 1
        self.categories[term.slug] = page
        return page

    def category_for(self, slug: str, name: str, code: str, item: str) -> CategoryPage:
        page = self.categories.get(slug)
        if page is None:
            self.report.warn(
                item,
                _("Category “%(name)s” is not declared in the export; created.")
                % {"name": name or slug},
            )
            page = self.category(WxrTerm("category", "", slug, name, "", "", 0))
        return self.trees.category_in(page, code)

    # Tags
    def tag(
        self, slug: str, code: str, term: WxrTerm | None = None, name: str = "", item: str = ""
    ) -> Tag:
        locale = self.trees.locale(code)
        cache_key = f"{code}:{slug}"
        if cache_key in self.tags:
            return self.tags[cache_key]
        name = strip_html(
            name or self.tag_names.get(slug, "") or (term.name if term else "") or slug
        )
        if term is None and slug not in self.tag_names:
            self.report.warn(
                item, _("Tag “%(name)s” is not declared in the export; created.") % {"name": name}
            )
            self.tag_names[slug] = name
        wordpress_id = term.key if term is not None else f"slug:{slug}"
        tag = None
        english = self.tags.get(f"en:{slug}")
        record = self.ledger.get("tag", wordpress_id)
        if record is not None:
            tag = Tag.objects.filter(pk=record.object_id).first()
            if tag is not None and tag.locale_id != locale.pk:
                english, tag = (
                    tag,
                    Tag.objects.filter(translation_key=tag.translation_key, locale=locale).first(),
                )
        if tag is None:
            tag = Tag.objects.filter(locale=locale, slug=slug[:100]).first()
        if tag is None:
            tag = Tag(name=name[:100], slug=slug[:100], locale=locale)
            if english is not None:
                tag.translation_key = english.translation_key
            tag.save()
            self.report.created["tag"] += 1
        else:
            self.report.skipped["tag"] += 1
        if record is None:
            self.ledger.remember("tag", wordpress_id, tag, digest(name))
        self.tags[cache_key] = tag
        return tag
