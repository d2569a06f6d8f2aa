"""What makes cached pages stale: a change readers can see, and nothing else.

Wagtail saves a page's row on every draft, autosave, lock and unlock, and its edit view saves
a never-published page's row in full: a page save says nothing about what readers see. What
they see changes when Wagtail publishes, unpublishes, moves or deletes a live page, and it
sends its own signals for each (a live page is unpublished before it is deleted); a page
created already live (an alias, an import, a factory in tests) is the one case it sends none
for.

Other rows count when the app that owns them says readers see them (``shown_to_readers``):
authors and tags, approved comments. Settings, sites, locales and view restrictions always
count; images and documents while something uses them.

Never: revisions, drafts, locks, autosaves, editing sessions, workflow states, pending
comments, renditions, search query counts, log entries, sessions. They are written while
editors work and readers read; bumping for them would keep nothing cached, and ban the front
cache every few seconds.

Each rule below is guarded by a test of its own (tests/core/test_invalidation.py); which test
fails when which rule is broken is in docs/quality.md.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save, pre_delete

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import (
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.tasks import update_reference_index_task

from django_tasks.backends.immediate import ImmediateBackend

from core.cache.store import invalidate

# Models readers see, each with the test a row must pass to be shown (None: every row is).
_shown: dict[type[Model], Callable[[Model], bool] | None] = {}
# Where a row's "shown" answer is kept between loading it and saving it.
WAS_SHOWN = "_page_cache_was_shown"


def shown_to_readers(model: type[Model], when: Callable[[Model], bool] | None = None) -> None:
    """Declare that readers see rows of ``model``: saving or deleting one makes pages stale.

    Called from the owning app's ``ready()``, so this app never imports the apps above it.
    With ``when``, a row counts only if it holds before or after the change: approving a
    comment or taking an approval back changes pages, a pending comment never does.
    """
    _shown[model] = when
    if when is not None:
        post_init.connect(remember_shown, sender=model, dispatch_uid=f"page_cache_was_{model}")


def remember_shown(sender: type[Model], instance: Model, **kwargs) -> None:
    when = _shown.get(sender)
    if when is not None:
        setattr(instance, WAS_SHOWN, when(instance))


def _registered(model: type[Model]) -> tuple[bool, Callable[[Model], bool] | None]:
    for cls in model.__mro__:
        if cls in _shown:
            return True, _shown[cls]
    return issubclass(model, (BaseSiteSetting, BaseGenericSetting)), None


def is_shown(instance: Model) -> bool:
    """Whether readers see ``instance`` now or saw it when it was loaded."""
    registered, when = _registered(type(instance))
    if not registered:
        return False
    return when is None or when(instance) or getattr(instance, WAS_SHOWN, False)


def in_use(instance: Model) -> bool:
    """Whether a page, snippet or setting refers to this image or document.

    Wagtail's reference index answers; it is kept up to date by a task, so where tasks are
    queued for a worker (``TASKS_BACKEND=database``) it may not know of a use made a moment
    ago, and every existing file counts as used.
    """
    return not references_are_current() or ReferenceIndex.get_references_to(instance).exists()


def references_are_current() -> bool:
    return isinstance(update_reference_index_task.get_backend(), ImmediateBackend)


def _is_file(model: type[Model]) -> bool:
    return issubclass(model, (AbstractImage, AbstractDocument))


# The rules -----------------------------------------------------------------------------------


def on_page_published(sender: type[Page], instance: Page, **kwargs) -> None:
    # Publish, scheduled publish, a copy kept live, an alias following its original.
    invalidate(f"page {instance.pk} published")


def on_page_unpublished(sender: type[Page], instance: Page, **kwargs) -> None:
    # Unpublish and expiry, of one page or of each page of a subtree; and deletion: Wagtail
    # unpublishes each live page of a subtree before deleting it (its own pre_delete handler).
    invalidate(f"page {instance.pk} unpublished")


def on_page_moved(sender: type[Page], instance: Page, **kwargs) -> None:
    # A move rewrites the subtree's paths with queryset updates, which send no save signals.
    invalidate(f"page {instance.pk} moved")


def on_page_created_live(instance: Page, created: bool) -> None:
    if created and instance.live:
        invalidate(f"page {instance.pk} created live")


def on_shown_saved(instance: Model) -> None:
    if is_shown(instance):
        invalidate(f"{instance._meta.label} {instance.pk} saved")
    remember_shown(type(instance), instance)


def on_shown_deleted(sender: type[Model], instance: Model, **kwargs) -> None:
    if is_shown(instance):
        invalidate(f"{instance._meta.label} {instance.pk} deleted")


def on_file_saved(instance: Model, created: bool) -> None:
    # A file just uploaded cannot be used yet; its renditions are other rows.
    if not created and in_use(instance):
        invalidate(f"{instance._meta.label} {instance.pk} saved")


def on_file_deleted(sender: type[Model], instance: Model, **kwargs) -> None:
    # Before the delete: Wagtail drops the references to a deleted object afterwards.
    if _is_file(sender) and in_use(instance):
        invalidate(f"{instance._meta.label} {instance.pk} deleted")


def on_save(
    sender: type[Model], instance: Model, created: bool = False, raw: bool = False, **kwargs
) -> None:
    """The one ``post_save`` receiver (the WordPress importer pauses it by its id)."""
    if raw:
        return
    if isinstance(instance, Page):
        on_page_created_live(instance, created)
    elif _is_file(sender):
        on_file_saved(instance, created)
    else:
        on_shown_saved(instance)


def on_bulk_action(request, action_type: str, objects: Iterable[Model], action) -> None:
    # Bulk actions that change rows with a queryset update (comment moderation) send no save
    # signals. Page bulk actions run Wagtail's publish, unpublish, move and delete, which do.
    objects = [obj for obj in objects if not isinstance(obj, Page)]
    if not objects:
        return
    model = type(objects[0])
    changed = model._default_manager.filter(pk__in=[obj.pk for obj in objects])
    if any(is_shown(obj) for obj in [*objects, *changed]):
        invalidate(f"bulk action {action_type}")


def connect() -> None:
    """Wire the rules; each receiver has an id (the WordPress importer pauses ``on_save`` by
    its id), so wiring them again adds nothing."""
    for model in (Site, Locale, PageViewRestriction, CollectionViewRestriction):
        shown_to_readers(model)
    if apps.is_installed("wagtail.contrib.search_promotions"):
        shown_to_readers(apps.get_model("wagtailsearchpromotions", "SearchPromotion"))
    post_save.connect(on_save, dispatch_uid="page_cache_save")
    post_delete.connect(on_shown_deleted, dispatch_uid="page_cache_delete")
    pre_delete.connect(on_file_deleted, dispatch_uid="page_cache_file_deleted")
    page_published.connect(on_page_published, dispatch_uid="page_cache_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="page_cache_moved")
    # The bulk-action rule is a Wagtail hook: core/wagtail_hooks.py registers it.
