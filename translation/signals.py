"""Signal handlers that keep content translatable and roles in place as the page tree grows."""

from functools import cache

from django.apps import apps as global_apps
from django.db import models
from django.db.models.signals import post_save, pre_save

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Page

from translation.roles import apply_home_roles


@cache
def stream_field_names(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        field.name for field in model._meta.concrete_fields if isinstance(field, StreamField)
    )


def normalise_stream_fields(sender, instance, raw: bool = False, **kwargs) -> None:
    """Store every StreamField in Wagtail's current block format before saving.

    A list written as plain values (as code such as the demo builder and importers do) is kept
    in that older format until its blocks are read; wagtail-localize then skips the list's
    items and they can never be translated. Reading each block makes Wagtail save the list
    items as blocks with ids, which wagtail-localize turns into one segment per item.
    """
    if raw:
        return
    for name in stream_field_names(type(instance)):
        value = getattr(instance, name, None)
        raw_items = value.raw_data if isinstance(value, StreamValue) else []
        for index, item in enumerate(raw_items):
            # Reading a block binds it (and the blocks of its type); only lists need it, so
            # image and embed blocks are not fetched on every save.
            if isinstance(item, dict) and holds_plain_list(item.get("value")):
                value[index]


def holds_plain_list(value) -> bool:
    """True when ``value`` holds a list whose items are bare values rather than blocks."""
    if isinstance(value, list):
        if any(
            not (isinstance(item, dict) and "type" in item and "value" in item) for item in value
        ):
            return True
        return any(holds_plain_list(item.get("value")) for item in value)
    if isinstance(value, dict):
        return any(holds_plain_list(item) for item in value.values())
    return False


def on_page_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    # The home pages are the only pages at depth 2 (the root is depth 1); translating the
    # English home creates the Japanese one there.
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        apply_home_roles(global_apps, instance)


def connect() -> None:
    pre_save.connect(normalise_stream_fields, dispatch_uid="translation_normalise_streams")
    post_save.connect(on_page_saved, dispatch_uid="translation_home_roles")
