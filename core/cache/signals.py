"""What makes cached pages stale: every change a reader could see, and nothing else.

Writes that happen while pages are read (image renditions, search query hit counts, log
entries, sessions, revisions of drafts' history) must not bump the generation, or a busy
site would never keep a page cached; writes that readers see always do.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache.store import invalidate

# Apps whose every model is shown to readers (pages, settings, snippets, taxonomy).
CONTENT_APPS = {"home", "blog"}
# Models of other apps that readers see.
CONTENT_MODELS = {
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailsearchpromotions.searchpromotion",
    "taggit.tag",
    "taggit.taggeditem",
}
APPROVED = "approved"


def changes_what_readers_see(model: type[Model]) -> bool:
    label = model._meta.label_lower
    if label in set(getattr(settings, "PAGE_CACHE_IGNORED_MODELS", ())):
        return False
    if issubclass(model, Page):
        return True
    return model._meta.app_label in CONTENT_APPS or label in CONTENT_MODELS


def _is_comment(model: type[Model]) -> bool:
    return model._meta.label_lower == "comments.comment"


def remember_comment_status(sender: type[Model], instance: Model, **kwargs) -> None:
    if _is_comment(sender):
        instance._page_cache_status = getattr(instance, "status", None)


def comment_is_or_was_public(instance: Model) -> bool:
    """A pending or spam comment shows nowhere: only approvals and un-approvals matter."""
    return APPROVED in {
        getattr(instance, "status", None),
        getattr(instance, "_page_cache_status", None),
    }


def on_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    if _is_comment(sender):
        if comment_is_or_was_public(instance):
            invalidate(f"comment {instance.pk} saved")
        instance._page_cache_status = getattr(instance, "status", None)
    elif changes_what_readers_see(sender):
        invalidate(f"{sender._meta.label} {instance.pk} saved")


def on_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    if _is_comment(sender):
        if comment_is_or_was_public(instance):
            invalidate(f"comment {instance.pk} deleted")
    elif changes_what_readers_see(sender):
        invalidate(f"{sender._meta.label} {instance.pk} deleted")


def on_m2m_changed(sender: type[Model], instance: Model, action: str, **kwargs) -> None:
    if action.startswith("post_") and (
        changes_what_readers_see(type(instance)) or changes_what_readers_see(sender)
    ):
        invalidate(f"{type(instance)._meta.label} {instance.pk} relations changed")


def on_bulk_action(request, action_type: str, objects: list, action) -> None:
    # Bulk actions (comment moderation among them) may change rows with queryset updates,
    # which send no save signals.
    models = {type(obj) for obj in objects}
    if any(_is_comment(model) or changes_what_readers_see(model) for model in models):
        invalidate(f"bulk action {action_type}")


def on_page_event(sender: type[Model], instance: Page, **kwargs) -> None:
    # Moves rewrite tree paths with queryset updates, which send no save signals.
    invalidate(f"page {instance.pk} published, unpublished or moved")


def connect() -> None:
    if apps.is_installed("comments"):
        post_init.connect(
            remember_comment_status,
            sender=apps.get_model("comments", "Comment"),
            dispatch_uid="page_cache_comment_status",
        )
    post_save.connect(on_save, dispatch_uid="page_cache_save")
    post_delete.connect(on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="page_cache_m2m")
    hooks.register("after_bulk_action", on_bulk_action)
    page_published.connect(on_page_event, dispatch_uid="page_cache_published")
    page_unpublished.connect(on_page_event, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(on_page_event, dispatch_uid="page_cache_moved")
