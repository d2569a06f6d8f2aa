"""Keeps a translator's Japanese slug.

wagtail-localize cleans a translated page's slug with Django's ``slugify()`` without
``allow_unicode`` (``TranslationSource.create_or_update_translation``), which empties a Japanese
slug; Wagtail then rebuilds one from the title and the translator's slug is lost. Wagtail itself
keeps Unicode slugs unless ``WAGTAIL_ALLOW_UNICODE_SLUGS`` is False, so the translation path is
made to follow the same setting. The name is looked up in that module at call time, which is why
replacing it there is enough.
"""

from django.conf import settings
from django.utils.text import slugify

import wagtail_localize.models


def wagtail_slugify(value: str) -> str:
    """Django's slugify, keeping non-ASCII letters as Wagtail's own slug handling does."""
    return slugify(value, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))


def keep_unicode_slugs() -> None:
    wagtail_localize.models.slugify = wagtail_slugify
