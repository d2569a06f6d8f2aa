"""Where imported pages go: each language's home and blog, and the category tree in it."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from blog.models import BlogIndexPage, CategoryPage
from home.models import HomePage

from . import upstream


class SiteStructureMissing(Exception):
    pass


def publish_quietly(page: Page, when=None) -> None:
    """Marks a page as live without a revision, as a freshly imported page that nobody edited yet."""
    when = when or timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.first_published_at or when
    page.last_published_at = when


def append_child(parent: Page, page: Page) -> Page:
    """Adds ``page`` as the last child of ``parent``, as treebeard's ``add_child`` does, minus validation.

    ``add_child`` runs Django's full model validation (a query per foreign key and unique
    field) on every page; the importer has already made the slug unique among its
    siblings and filled every field, so that work is skipped.
    """
    depth = parent.depth + 1
    last_path = (
        # A path range, not ``startswith``: SQLite cannot use the path index for LIKE.
        Page.objects.filter(path__range=upstream.children_path_range(parent), depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    page.depth = depth
    page.path = upstream.child_path(parent, last_path)
    upstream.prepare_child(page, parent)
    # The history entry ("created") is written in bulk by the importer, not one by one.
    page.save(clean=False, log_action=None)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild += 1
    return page


class Trees:
    """Finds (or, for Japanese, creates by translation) each language's home, blog and categories."""

    def __init__(self) -> None:
        self.locales = {
            code: Locale.objects.filter(language_code=code).first() for code in ("en", "ja")
        }
        if self.locales["en"] is None:
            self.locales["en"] = Locale.get_default()
        self._blogs: dict[str, BlogIndexPage] = {}
        self._homes: dict[str, HomePage] = {}
        self._translated: dict[tuple[int, str], Page] = {}
        self.created: list[str] = []

    def locale(self, code: str) -> Locale:
        locale = self.locales.get(code)
        if locale is None:
            locale = self.locales[code] = Locale.objects.create(language_code=code)
        return locale

    def blog(self, code: str) -> BlogIndexPage:
        if code not in self._blogs:
            english = (
                BlogIndexPage.objects.filter(locale=self.locales["en"]).order_by("path").first()
            )
            if english is None:
                raise SiteStructureMissing(
                    _(
                        "The site has no English blog index page. Create the home page and the blog first."
                    )
                )
            self._blogs["en"] = english
            if code != "en":
                self._blogs[code] = self.translation(english, code)
        return self._blogs[code]

    def home(self, code: str) -> HomePage:
        if code not in self._homes:
            english_blog = self.blog("en")
            english_home = english_blog.get_parent().specific
            self._homes["en"] = english_home
            if code != "en":
                self._homes[code] = self.translation(english_home, code)
        return self._homes[code]

    def translation(self, page: Page, code: str) -> Page:
        """``page`` in language ``code``, copied (and published) with its parents when missing."""
        key = (page.pk, code)
        if key in self._translated:
            return self._translated[key]
        locale = self.locale(code)
        if page.locale_id == locale.pk:
            return page
        found = page.get_translation_or_none(locale)
        if found is None:
            parent = page.get_parent()
            if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
                self.translation(parent.specific, code)
            found = page.copy_for_translation(locale)
            found.save_revision().publish()
            self.created.append(f"{found.specific_class.__name__} “{found.title}” ({code})")
        found = found.specific
        self._translated[key] = found
        return found

    def category_in(self, category: CategoryPage, code: str) -> CategoryPage:
        if category.locale_id == self.locale(code).pk:
            return category
        self.blog(code)  # the translated blog must exist before its categories
        return self.translation(category, code)
