"""Machine translation for the translation editor, and the guard on its unchecked output.

With ``DEEPL_AUTH_KEY`` set the editor offers DeepL; without it the setting is ``None`` and
wagtail-localize shows no machine-translate button (docs/translating.md says what to set).
No offline engine is configured in its place: none that installs from the package registries
ships an English-Japanese model, and a stand-in would write text nobody wrote.

A string the machine filled in stays marked as machine output (wagtail-localize's
``translation_type``) until a person edits it in the translation editor. While a page's
translation holds such strings, publishing it and approving it in review ask for an explicit
confirmation that lists them (``translation.views.confirm_machine_output``).
"""

import logging

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue

import requests

logger = logging.getLogger(__name__)


class DeepLMachineTranslator(DeepLTranslator):
    """DeepL, which leaves the strings untranslated instead of failing when DeepL cannot be reached."""

    display_name = _("DeepL machine translation")

    def get_api_endpoint(self) -> str:
        # A proxy or a local stand-in for DeepL may be configured; otherwise DeepL's own address.
        return self.options.get("API_URL") or super().get_api_endpoint()

    def translate(self, source_locale, target_locale, strings) -> dict:
        strings = list(strings)
        try:
            response = requests.post(
                self.get_api_endpoint(),
                self.get_parameters(source_locale, target_locale, strings),
                timeout=int(self.options.get("TIMEOUT", 30)),
                headers=self.get_headers(),
            )
            response.raise_for_status()
            translations = response.json()["translations"]
            texts = [item["text"] for item in translations]
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            # The editor then reports that nothing was translated; the translator can retry.
            logger.warning("DeepL machine translation failed: %s", error)
            return {}
        if len(texts) != len(strings):
            logger.warning(
                "DeepL returned %d translations for %d strings", len(texts), len(strings)
            )
            return {}
        return {string: StringValue(text) for string, text in zip(strings, texts, strict=True)}


def translation_of_page(page: Page) -> Translation | None:
    """The synced translation whose target is ``page``, if the page is one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def unreviewed_machine_strings(translation: Translation) -> QuerySet[StringTranslation]:
    """The strings of ``translation`` that a machine wrote and no person has edited since.

    Only strings of the source as it is now: a machine translation of a sentence the source
    no longer holds is never shown to readers.
    """
    in_source = StringSegment.objects.filter(
        source_id=translation.source_id,
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    return (
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        .filter(Exists(in_source))
        .select_related("translation_of__locale", "locale")
        .order_by("pk")
    )
