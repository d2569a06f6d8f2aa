"""Search index, reference index and page cache brought up to date once, at the end of an import.

Every page save normally re-indexes the page for search, rebuilds its references and
makes the page cache stale (twice: now and on commit). For thousands of posts that was
most of the import's time, so the import defers all three: each object is indexed once,
and the page cache is invalidated once.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_save

from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

from core.cache import invalidate
from core.cache.signals import on_save

BATCH = 200


class Touched:
    """The objects saved while indexing was deferred, by model."""

    def __init__(self) -> None:
        self.by_model: dict[type, set] = {}

    def record(self, sender, instance, raw: bool = False, **kwargs) -> None:
        if not raw and index.class_is_indexed(sender):
            self.by_model.setdefault(sender, set()).add(instance.pk)

    def add(self, instance) -> None:
        self.record(type(instance), instance)


@contextmanager
def deferred_indexing() -> Iterator[Touched]:
    touched = Touched()
    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    cache_paused = post_save.disconnect(dispatch_uid="page_cache_save")
    post_save.connect(touched.record, weak=False, dispatch_uid="wordpress-import-touched")
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        post_save.disconnect(dispatch_uid="wordpress-import-touched")
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
        if cache_paused:
            post_save.connect(on_save, dispatch_uid="page_cache_save")
            invalidate("WordPress import")


def reindex(touched: Touched) -> None:
    """Indexes each touched object once: search for all, references for pages."""
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in touched.by_model.items():
        ordered = sorted(pks)
        for start in range(0, len(ordered), BATCH):
            objects = list(model.objects.filter(pk__in=ordered[start : start + BATCH]))
            objects = [
                index.get_indexed_instance(obj, check_exists=False) or obj for obj in objects
            ]
            if not objects:
                continue
            for backend in backends:
                backend.add_bulk(type(objects[0]), objects)
            if issubclass(model, Page):
                for obj in objects:
                    ReferenceIndex.create_or_update_for_object(obj)
