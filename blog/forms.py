"""The post editor's form: categories ticked in a tree, tags typed, the author preset, and a
publication date in the future that schedules the post.

A post files itself under categories and tags through translatable link rows
(``BlogPostCategory``, ``BlogPostTag``: see docs/architecture.md). Editing those rows one
chooser at a time is slow, so the editor gets plain fields instead and this form turns them into
link rows when it saves, keeping the rows (and their translation keys) of what stays chosen.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminTagWidget
from wagtail.models import Locale, Page

# The module, not the class: blog.models.post imports this form, and blog.models.category
# imports blog.models.post, so CategoryPage is read when a form is used, not at import.
import blog.models.category as category_models
from blog.models.taxonomy import Author, Tag

UNCATEGORISED_SLUG = "uncategorized"  # WordPress's slug, so imported links keep working


class CategoryCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes nested as the categories are in the page tree."""

    template_name = "blog/widgets/category_checkboxes.html"

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        options = [
            option for _group, group, _index in context["widget"]["optgroups"] for option in group
        ]
        context["widget"]["tree"] = nest_by_depth(options)
        return context


def nest_by_depth(options: list[dict]) -> list[dict]:
    """Turns options in tree order, each with its page's depth, into ``{option, children}`` nodes."""
    roots: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for option in options:
        depth = option["value"].instance.depth
        node = {"option": option, "children": []}
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else roots).append(node)
        stack.append((depth, node))
    return roots


class PostTagWidget(AdminTagWidget):
    """Wagtail's tag field (type a name, press Enter) offering the tags of the post's language."""

    def __init__(self, *args, locale: Locale | None = None, **kwargs) -> None:
        self.locale = locale
        super().__init__(*args, **kwargs)

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        code = self.locale.language_code if self.locale else translation.get_language()
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse(
            "blog_tag_autocomplete", args=[code]
        )
        return context


class PostTagField(forms.CharField):
    """Tag names, separated by commas (a name with spaces is quoted), as Wagtail's tag field sends them."""

    def clean(self, value) -> list[str]:
        value = super().clean(value)
        try:
            names = parse_tags(value)
        except ValueError as error:
            raise forms.ValidationError(_("Separate tags with commas.")) from error
        too_long = [name for name in names if len(name) > Tag._meta.get_field("name").max_length]
        if too_long:
            raise forms.ValidationError(
                _("A tag can be at most 100 characters long: %(tag)s") % {"tag": too_long[0]}
            )
        return names


class BlogPostForm(WagtailAdminPageForm):
    """The post editor: categories as checkboxes of the post's language, tags typed in.

    It also keeps a post from going live dated in the future. Publishing puts a page live at
    once unless its go-live time is in the future; the publication date alone would put a post
    at the top of the blog dated days ahead. A future date with no go-live time sets the
    go-live time to that date, so "Publish" schedules the post (Wagtail's message says so, and
    ``run_scheduler`` publishes it on time). A go-live time before the date is refused, naming
    both.
    """

    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Page.objects.none(),  # the post's language's categories: set in __init__
        required=False,
        widget=CategoryCheckboxes,
        help_text=_("When none is ticked, the post is filed under “Uncategorised”."),
    )
    tag_names = PostTagField(
        label=_("Tags"),
        required=False,
        help_text=_("Type a tag and press Enter or a comma; new tags are created on saving."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            # Said in the form, not the model, so that the model's field needs no migration.
            self.fields["date"].help_text = format_lazy(
                "{} {}",
                self.fields["date"].help_text,
                _("A date in the future schedules the post to go live then."),
            )
        page = self.instance
        self.locale = page.locale if page.locale_id else getattr(self.parent_page, "locale", None)
        self.blog_index = self.parent_page if page.pk is None else page.get_parent()
        categories = self.fields["categories"]
        categories.queryset = self.category_choices()
        categories.label_from_instance = lambda category: category.title
        self.fields["tag_names"].widget = PostTagWidget(locale=self.locale)
        if page.pk is not None:
            categories.initial = [link.category_id for link in page.category_links.all()]
            self.initial["tag_names"] = edit_string_for_tags(
                [link.tag for link in page.tag_links.all()]
            )
        elif "author" in self.fields and not self.initial.get("author"):
            # A new post is credited to the editor writing it (Author.user links the two).
            self.initial["author"] = Author.objects.filter(user=self.for_user).first()
            self.fields["author"].help_text = _(
                "Left empty, the post is credited to you (an author is made from your account)."
            )

    def clean(self):
        cleaned_data = super().clean()
        date = cleaned_data.get("date")
        if date is None or date <= timezone.now() or "go_live_at" not in self.fields:
            return cleaned_data
        go_live_at = cleaned_data.get("go_live_at")
        if go_live_at is None:
            cleaned_data["go_live_at"] = date
        elif go_live_at < date:
            self.add_error(
                "date",
                ValidationError(
                    _(
                        "The publication date (%(date)s) is after the go-live time "
                        "(%(go_live_at)s): the post would be live dated in the future. Empty "
                        "the go-live time in the Settings tab to schedule the post for its "
                        "publication date, or choose an earlier publication date."
                    ),
                    params={
                        "date": date_format(timezone.localtime(date), "DATETIME_FORMAT"),
                        "go_live_at": date_format(
                            timezone.localtime(go_live_at), "DATETIME_FORMAT"
                        ),
                    },
                ),
            )
        return cleaned_data

    def category_choices(self):
        """The post's language's categories below its blog index, in tree order."""
        CategoryPage = category_models.CategoryPage
        if self.blog_index is None:
            return CategoryPage.objects.none()
        return (
            CategoryPage.objects.descendant_of(self.blog_index)
            .filter(locale=self.locale)
            .order_by("path")
        )

    def save(self, commit: bool = True):
        page = self.instance
        with transaction.atomic():
            if not page.author_id and self.for_user is not None:
                page.author = author_for_user(self.for_user)
            chosen = list(self.cleaned_data.get("categories") or [])
            if not chosen and self.blog_index is not None:
                chosen = [uncategorised(self.blog_index)]
            set_links(page, "category_links", "category", chosen)
            names = self.cleaned_data.get("tag_names") or []
            set_links(page, "tag_links", "tag", [tag_named(name, self.locale) for name in names])
            return super().save(commit=commit)


def set_links(page: Page, relation: str, field: str, targets: list) -> None:
    """Points ``page``'s link rows at ``targets`` in order, keeping the rows that stay."""
    kept = {getattr(link, f"{field}_id"): link for link in getattr(page, relation).all()}
    links = []
    for order, target in enumerate(targets):
        link = kept.get(target.pk) or getattr(page, relation).model(**{field: target})
        link.sort_order = order
        link.locale_id = page.locale_id
        links.append(link)
    setattr(page, relation, links)


def tag_named(name: str, locale: Locale) -> Tag:
    """The tag of ``locale`` called ``name``, made when it does not exist yet."""
    tag = Tag.objects.filter(locale=locale, name__iexact=name).order_by("pk").first()
    return tag or Tag.objects.create(locale=locale, name=name)


def author_for_user(user) -> Author:
    """The author credited for ``user``, made from the account's name when there is none yet."""
    author = Author.objects.filter(user=user).first()
    if author is None:
        author = Author.objects.create(name=user.get_full_name() or user.get_username(), user=user)
    return author


def uncategorised(blog_index: Page) -> "category_models.CategoryPage":
    """The "Uncategorised" category of ``blog_index``'s language, made and published when missing.

    A Japanese one made here shares the English one's translation key, so the two are
    translations of each other as wagtail-localize would have made them.
    """
    CategoryPage = category_models.CategoryPage
    existing = CategoryPage.objects.child_of(blog_index).filter(slug=UNCATEGORISED_SLUG).first()
    if existing is not None:
        return existing
    other = CategoryPage.objects.filter(slug=UNCATEGORISED_SLUG).exclude(locale=blog_index.locale)
    with translation.override(blog_index.locale.language_code):
        category = CategoryPage(
            title=str(_("Uncategorised")), slug=UNCATEGORISED_SLUG, locale=blog_index.locale
        )
    if other.exists():
        category.translation_key = other.first().translation_key
    blog_index.add_child(instance=category)
    category.save_revision().publish()
    return category
