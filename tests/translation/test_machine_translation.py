"""Machine translation comes from the environment: DeepL with a key, none without."""

import json
import subprocess
import sys

from django.conf import settings

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

import pytest

from translation.machine import DeepLMachineTranslator


def configured_translator(environment: dict) -> dict:
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as settings.base computes it in a fresh process."""
    code = (
        "import json, settings.base as s; print(json.dumps(s.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_no_machine_without_a_key_and_deepl_with_one():
    assert configured_translator({}) is None
    with_key = configured_translator({"DEEPL_AUTH_KEY": "abc:fx"})
    assert with_key["CLASS"] == "translation.machine.DeepLMachineTranslator"
    assert with_key["OPTIONS"]["AUTH_KEY"] == "abc:fx"


def test_the_tests_have_no_machine_unless_they_ask_for_one():
    assert get_machine_translator() is None


def deepl_at(url: str) -> DeepLMachineTranslator:
    return DeepLMachineTranslator({"AUTH_KEY": "secret:fx", "API_URL": url, "TIMEOUT": 5})


@pytest.mark.django_db
def test_deepl_translates_english_to_japanese(deepl):
    en, ja = (
        Locale.objects.get_or_create(language_code="en")[0],
        Locale.objects.get_or_create(language_code="ja")[0],
    )
    strings = [StringValue("The alliance"), StringValue("Defence")]
    result = deepl_at(deepl.url).translate(en, ja, strings)
    assert {key.data: value.data for key, value in result.items()} == {
        "The alliance": "[ja] The alliance",
        "Defence": "[ja] Defence",
    }
    request = deepl.received[0]
    assert request["auth"] == "DeepL-Auth-Key secret:fx"
    assert request["form"]["source_lang"] == ["EN"] and request["form"]["target_lang"] == ["JA"]


@pytest.mark.django_db
@pytest.mark.parametrize("failure", ["server error", "unreachable"])
def test_deepl_failing_leaves_the_strings_for_the_translator(deepl, failure):
    en, ja = (
        Locale.objects.get_or_create(language_code="en")[0],
        Locale.objects.get_or_create(language_code="ja")[0],
    )
    url = deepl.url
    if failure == "server error":
        deepl.status = 456
    else:
        url = "http://127.0.0.1:9/v2/translate"  # the discard port: connection refused
    assert deepl_at(url).translate(en, ja, [StringValue("The alliance")]) == {}


def test_deepl_says_it_is_a_machine():
    assert "machine translation" in str(DeepLMachineTranslator.display_name)
