"""A DeepL-like translation endpoint on 127.0.0.1, so machine-translation tests use real HTTP.

It answers ``POST /v2/translate`` as DeepL does, with each text marked ``[ja] …`` so a test can
tell machine output from a person's; ``status`` makes it fail instead.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class DeepLHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        server: DeepLServer = self.server.owner  # type: ignore[attr-defined]
        server.received.append({"form": form, "auth": self.headers.get("Authorization")})
        target = form.get("target_lang", [""])[0].lower()
        payload = {
            "translations": [{"text": f"[{target}] {text}"} for text in form.get("text", [])]
        }
        data = json.dumps(payload).encode() if server.status == 200 else b"quota exceeded"
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


class DeepLServer:
    """``with DeepLServer() as deepl:`` serves until the block ends; ``deepl.url`` is the endpoint."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200

    def __enter__(self) -> "DeepLServer":
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), DeepLHandler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v2/translate"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def translator_setting(self) -> dict:
        """WAGTAILLOCALIZE_MACHINE_TRANSLATOR pointing at this server."""
        return {
            "CLASS": "translation.machine.DeepLMachineTranslator",
            "OPTIONS": {"AUTH_KEY": "test-key:fx", "API_URL": self.url, "TIMEOUT": 5},
        }
