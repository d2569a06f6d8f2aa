"""Machine translators for the translation editor, chosen in settings from the environment.

With ``DEEPL_AUTH_KEY`` set the editor offers DeepL; without it, an offline translator that
needs no network, so development and tests never call out. Both name themselves as machine
output, and wagtail-localize records that name beside every string they fill in
("Translated with … on …").
"""

import logging

from django.utils.translation import gettext_lazy as _

from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.dummy import DummyTranslator
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


class OfflineMachineTranslator(DummyTranslator):
    """wagtail-localize's offline stand-in (it reverses word order): placeholder text to replace."""

    display_name = _("offline machine translation (placeholder text)")
