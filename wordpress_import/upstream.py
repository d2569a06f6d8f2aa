"""Every private name of treebeard, Wagtail and Django that the importer uses, and nothing else.

Each is a thin function over one private name; the other modules of the importer call these
and use no private upstream name themselves (tests/core/test_upstream.py checks both the
shape of each name and that fence). docs/upstream.md lists them with the versions checked,
pinned in pyproject.toml.
"""

from typing import TextIO

from django.core.management.base import OutputWrapper

from wagtail.models import Page


def children_path_range(parent: Page) -> tuple[str, str]:
    """The lowest and highest path a child of ``parent`` can have (treebeard's
    ``_get_children_path_interval``): a range the path index serves, where ``startswith``
    gives a LIKE that SQLite cannot serve from it."""
    return Page._get_children_path_interval(parent.path)


def child_path(parent: Page, last_child_path: str | None) -> str:
    """The path of a new last child of ``parent``, after ``last_child_path`` (None: the
    first), as treebeard's ``add_child`` makes it (``_inc_path``, ``_get_path``)."""
    if last_child_path:
        return Page(path=last_child_path)._inc_path()
    return Page._get_path(parent.path, parent.depth + 1, 1)


def prepare_child(page: Page, parent: Page) -> None:
    """What Wagtail's ``add_child`` does to a new page before saving it: keep its parent on it
    (treebeard's ``_cached_parent_obj``, read by ``get_parent()`` when the page makes its URL
    path) and fill the fields Wagtail derives (``_set_core_field_defaults``: draft title,
    locale, translation key)."""
    page._cached_parent_obj = parent
    page._set_core_field_defaults()


def fill_image_metadata(image) -> None:
    """Width, height, size and hash of a new image's file, as Wagtail's upload form fills them
    (``AbstractImage._set_image_file_metadata``)."""
    image._set_image_file_metadata()


def fill_document_metadata(document) -> None:
    """Size and hash of a new document's file, as Wagtail's upload form fills them
    (``AbstractDocument._set_document_file_metadata``)."""
    document._set_document_file_metadata()


def real_stream(wrapper: OutputWrapper) -> TextIO:
    """The stream a management command's ``stdout``/``stderr`` wraps (Django's
    ``OutputWrapper._out``): the progress bar asks it ``isatty()`` and redraws on it."""
    return wrapper._out
