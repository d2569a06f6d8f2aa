"""A caching proxy for tests: it answers every PURGE and BAN it is sent and notes them."""

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextlib.contextmanager
def recording_proxy(settings, with_host: bool = False) -> Iterator[list[tuple[str, ...]]]:
    """Serves the proxy on a free port, points Wagtail's front cache at it and yields what it
    receives: (method, path), or (method, Host header, path) with ``with_host``."""
    received: list[tuple[str, ...]] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_PURGE(self):
            self.record()

        def do_BAN(self):
            self.record()

        def record(self):
            host = (self.headers.get("Host", ""),) if with_host else ()
            received.append((self.command, *host, self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.cache.frontend.BanningHTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    try:
        yield received
    finally:
        server.shutdown()
        server.server_close()
