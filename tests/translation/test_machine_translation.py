"""Machine translation comes from the environment: DeepL with a key, offline without."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

import pytest

from translation.machine import DeepLMachineTranslator, OfflineMachineTranslator


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


def test_offline_without_a_key_and_deepl_with_one():
    assert configured_translator({})["CLASS"] == "translation.machine.OfflineMachineTranslator"
    with_key = configured_translator({"DEEPL_AUTH_KEY": "abc:fx"})
    assert with_key["CLASS"] == "translation.machine.DeepLMachineTranslator"
    assert with_key["OPTIONS"]["AUTH_KEY"] == "abc:fx"


def test_the_tests_use_the_offline_translator():
    assert isinstance(get_machine_translator(), OfflineMachineTranslator)


class FakeDeepL(BaseHTTPRequestHandler):
    """Answers like DeepL's /v2/translate, or fails as told by the class attribute."""

    status = 200
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length).decode()
        from urllib.parse import parse_qs

        form = parse_qs(body)
        FakeDeepL.received.append({"form": form, "auth": self.headers.get("Authorization")})
        payload = {"translations": [{"text": f"訳：{text}"} for text in form.get("text", [])]}
        data = json.dumps(payload).encode() if self.status == 200 else b"quota exceeded"
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def fake_deepl():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDeepL)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeDeepL.received = []
    FakeDeepL.status = 200
    yield f"http://127.0.0.1:{server.server_address[1]}/v2/translate"
    server.shutdown()
    server.server_close()


def deepl(url: str) -> DeepLMachineTranslator:
    return DeepLMachineTranslator({"AUTH_KEY": "secret:fx", "API_URL": url, "TIMEOUT": 5})


@pytest.mark.django_db
def test_deepl_translates_english_to_japanese(fake_deepl):
    en, ja = (
        Locale.objects.get_or_create(language_code="en")[0],
        Locale.objects.get_or_create(language_code="ja")[0],
    )
    strings = [StringValue("The alliance"), StringValue("Defence")]
    result = deepl(fake_deepl).translate(en, ja, strings)
    assert {key.data: value.data for key, value in result.items()} == {
        "The alliance": "訳：The alliance",
        "Defence": "訳：Defence",
    }
    request = FakeDeepL.received[0]
    assert request["auth"] == "DeepL-Auth-Key secret:fx"
    assert request["form"]["source_lang"] == ["EN"] and request["form"]["target_lang"] == ["JA"]


@pytest.mark.django_db
@pytest.mark.parametrize("failure", ["server error", "unreachable"])
def test_deepl_failing_leaves_the_strings_for_the_translator(fake_deepl, failure):
    en, ja = (
        Locale.objects.get_or_create(language_code="en")[0],
        Locale.objects.get_or_create(language_code="ja")[0],
    )
    url = fake_deepl
    if failure == "server error":
        FakeDeepL.status = 456
    else:
        url = "http://127.0.0.1:9/v2/translate"  # the discard port: connection refused
    assert deepl(url).translate(en, ja, [StringValue("The alliance")]) == {}


def test_both_say_they_are_machines():
    assert "machine translation" in str(DeepLMachineTranslator.display_name)
    assert "machine translation" in str(OfflineMachineTranslator.display_name)
