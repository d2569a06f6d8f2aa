"""A real oEmbed provider on 127.0.0.1, so embed tests use HTTP without the internet."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

VIDEO_URL_PATTERN = r"^https?://video\.example\.test/.+$"


class OEmbedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        url = query.get("url", [""])[0]
        if not urlsplit(self.path).path.startswith("/oembed") or not url:
            self.send_error(404)
            return
        body = json.dumps(
            {
                "type": "video",
                "version": "1.0",
                "title": "A test video",
                "provider_name": "Local test provider",
                "width": 640,
                "height": 360,
                "html": f'<iframe title="A test video" src="{url}/player" width="640" height="360"></iframe>',
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # silence the test output
        pass


class OEmbedServer:
    """Starts on a free port; ``endpoint`` is the oEmbed URL to configure in Wagtail."""

    def __enter__(self) -> "OEmbedServer":
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), OEmbedHandler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/oembed"

    def finders_setting(self) -> list[dict]:
        return [
            {
                "class": "wagtail.embeds.finders.oembed",
                "providers": [{"endpoint": self.endpoint, "urls": [VIDEO_URL_PATTERN]}],
            }
        ]

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
