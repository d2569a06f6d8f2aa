"""The editors' desk: Posts and Categories listings, bulk filing under categories and tags, tag suggestions."""

from django import forms
from django.db import models, transaction
from django.db.models.functions import Cast
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale, Page, Revision

from django_filters import ChoiceFilter

from blog.forms import UNCATEGORISED_SLUG, PostTagField, PostTagWidget, set_links, tag_named
from blog.models import BlogPostPage, CategoryPage, Tag

TAG_SUGGESTIONS = 10


def tag_autocomplete(request: HttpRequest, language_code: str) -> JsonResponse:
    """Names of the tags of one language starting with ``?term=``, for the post editor's tag field."""
    locale = get_object_or_404(Locale, language_code=language_code)
    term = request.GET.get("term", "").strip()
    names = (
        Tag.objects.filter(locale=locale, name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        if term
        else []
    )
    return JsonResponse(list(names), safe=False)


def scheduled() -> models.Exists:
    """A page has a revision approved to go live at a future time."""
    return models.Exists(
        Revision.page_revisions.filter(
            approved_go_live_at__isnull=False,
            object_id=Cast(models.OuterRef("pk"), output_field=models.CharField()),
        )
    )


def missing_live_translation() -> models.Exists:
    """Some language of the site has no live version of the page."""
    live_versions = Page.objects.filter(
        live=True, translation_key=models.OuterRef(models.OuterRef("translation_key"))
    ).values("locale_id")
    return models.Exists(Locale.objects.exclude(pk__in=live_versions))


class PostStatusFilter(ChoiceFilter):
    """Draft, scheduled, live, or live without a live translation in every language."""

    def filter(self, queryset, value):
        if value == "draft":
            return queryset.filter(live=False).exclude(scheduled())
        if value == "scheduled":
            return queryset.filter(scheduled())
        if value == "live":
            return queryset.filter(live=True)
        if value == "needs_translation":
            return queryset.filter(live=True).filter(missing_live_translation())
        return queryset


class PostFilterSet(PageFilterSet):
    status = PostStatusFilter(
        label=_("Status"),
        empty_label=_("Any"),
        choices=[
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            ("needs_translation", _("Needs translation")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta(PageFilterSet.Meta):
        model = BlogPostPage


class PostListingViewSet(PageListingViewSet):
    """Every post of every language in one list, as WordPress's Posts screen."""

    model = BlogPostPage
    icon = "doc-full"
    menu_label = _("Posts")
    menu_order = 150
    add_to_admin_menu = True
    name = "posts"
    filterset_class = PostFilterSet


class CategoryListingViewSet(PageListingViewSet):
    """Every category of every language, with the parent each one nests under."""

    model = CategoryPage
    icon = "folder-inverse"
    menu_label = _("Categories")
    menu_order = 160
    add_to_admin_menu = True
    name = "categories"


class FileUnderForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Add to categories"),
        queryset=CategoryPage.objects.select_related("locale").order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each post is filed under the version of the category in its own language."),
    )
    tag_names = PostTagField(
        label=_("Add tags"),
        required=False,
        widget=PostTagWidget,
        help_text=_("Tags are made in each post's language when they do not exist yet."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].label_from_instance = lambda category: (
            f"{category.title} ({category.locale.get_display_name()})"
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("categories") and not cleaned.get("tag_names"):
            raise forms.ValidationError(_("Tick a category or type a tag to add."))
        return cleaned


class FileUnderBulkAction(PageBulkAction):
    """Adds categories and tags to many posts at once; a post with no pending draft is republished."""

    display_name = _("Add categories or tags")
    action_type = "file_under"
    aria_label = _("Add categories or tags to the selected posts")
    template_name = "blog/admin/confirm_bulk_file_under.html"
    action_priority = 40
    form_class = FileUnderForm

    def check_perm(self, page: Page) -> bool:
        return page.specific_class is BlogPostPage and (
            page.permissions_for_user(self.request.user).can_edit()
        )

    def get_execution_context(self) -> dict:
        return {
            **super().get_execution_context(),
            "categories": list(self.cleaned_form.cleaned_data["categories"]),
            "tag_names": self.cleaned_form.cleaned_data["tag_names"],
        }

    @classmethod
    def execute_action(
        cls, objects, categories=(), tag_names=(), user=None, **kwargs
    ) -> tuple[int, int]:
        changed = 0
        for page in objects:
            with transaction.atomic():
                if file_post(page.specific, categories, tag_names, user):
                    changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d post filed under the chosen categories and tags.",
            "%(count)d posts filed under the chosen categories and tags.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


def file_post(post: BlogPostPage, categories: list, tag_names: list[str], user) -> bool:
    """Adds ``categories`` (their versions in the post's language) and tags to ``post``.

    The change goes into a new revision of the latest draft; a post that was live with no
    pending changes is published again, so that readers see it at once, as in WordPress.

    Returns:
        Whether anything was added.
    """
    keys = [category.translation_key for category in categories]
    in_language = CategoryPage.objects.filter(translation_key__in=keys, locale_id=post.locale_id)
    draft = post.get_latest_revision_as_object()
    current_categories = [link.category for link in draft.category_links.all()]
    current_tags = [link.tag for link in draft.tag_links.all()]
    new_categories = [c for c in in_language if c.pk not in {x.pk for x in current_categories}]
    new_tags = [tag_named(name, post.locale) for name in tag_names]
    new_tags = [tag for tag in new_tags if tag.pk not in {x.pk for x in current_tags}]
    if not new_categories and not new_tags:
        return False
    if new_categories:  # a post filed somewhere is no longer "Uncategorised"
        current_categories = [c for c in current_categories if c.slug != UNCATEGORISED_SLUG]
    set_links(draft, "category_links", "category", current_categories + new_categories)
    set_links(draft, "tag_links", "tag", current_tags + new_tags)
    republish = post.live and not post.has_unpublished_changes
    revision = draft.save_revision(user=user, log_action=True)
    if republish:
        revision.publish(user=user)
    return True
