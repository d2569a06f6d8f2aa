"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here runs with the live server (so with ``transaction=True`` database access) and
skips, all with one message, when Chromium is not installed: ``make browsers`` installs it.
"""

import os
import threading
from collections.abc import Iterable, Iterator

from wagtail.models import Site

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, missing_browser_tools

# Playwright's sync API keeps an asyncio loop in the test thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session", autouse=True)
def browser_tools() -> None:
    """Skips every browser test, with one message and before any database work, without Chromium."""
    reason = missing_browser_tools()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium per test module, closed (with Playwright's loop) at its end."""
    from django.db import connections

    from playwright.sync_api import sync_playwright

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        # Playwright's event loop leaves this thread in a new context, where Django opens new
        # connection objects. They need the migrated rows that pytest-django serialised, or the
        # database stays empty after a transactional test's flush (for these and later tests).
        for alias, contents in serialized.items():
            if contents is not None and not hasattr(
                connections[alias], "_test_serialized_contents"
            ):
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OneRequestAtATime:
    """Wraps the live server's WSGI app so that it serves one request at a time.

    On SQLite the test database lives in memory and the server's threads share the test's one
    connection: the admin's overlapping requests (autosave, preview, choosers) would interleave
    their transactions on it and fail with "database table is locked".
    """

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        with self.lock:
            # Read and close the whole response inside the lock: both may query the database.
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()

    def drain(self) -> None:
        """Returns once no request is being served."""
        with self.lock:
            pass


@pytest.fixture(scope="session")
def serial_live_server(live_server):
    """pytest-django's live server, answering one request at a time (see OneRequestAtATime)."""
    httpd = live_server.thread.httpd
    if not isinstance(httpd.get_app(), OneRequestAtATime):
        httpd.set_app(OneRequestAtATime(httpd.get_app()))
    return live_server


@pytest.fixture
def new_page(browser, serial_live_server) -> Iterator:
    """Opens a fresh browser context at a viewport: ``new_page(PHONE)``; JS errors fail the test."""
    contexts = []
    errors: list[str] = []

    def open_page(viewport: dict | None = None, **options):
        context = browser.new_context(
            viewport=viewport or DESKTOP, base_url=serial_live_server.url, **options
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    # A request still in flight must finish before the database is flushed under it.
    serial_live_server.thread.httpd.get_app().drain()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def serve_site_at(live_server) -> Site:
    """Points the default Wagtail site at the live server, so absolute URLs (feeds, hreflang) work."""
    host, port = live_server.url.removeprefix("http://").rsplit(":", 1)
    site = Site.objects.get(is_default_site=True)
    site.hostname = host
    site.port = int(port)
    site.save()
    return site
