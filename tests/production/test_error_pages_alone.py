"""The 500 and 503 pages render with no database, no cache and no static manifest.

The requests go through the whole middleware stack to views that fail, with the project's own
``handler500``. "No database" is a database that refuses every connection, as one that is down
does; "no cache" is Redis on a closed port, configured as in production; "no manifest" is the
production static storage over a folder where collectstatic never ran.
"""

import json
from pathlib import Path

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory, override_settings
from django.urls import path

import pytest

from core.views import server_error
from settings import services
from tests.production.servers import free_port

handler500 = "core.views.server_error"


def broken_view(request):
    raise RuntimeError("a bug in a view")


def database_gone_view(request):
    raise OperationalError("unable to open database file")


urlpatterns = [
    path("bug/", broken_view),
    path("outage/", database_gone_view),
]

NO_CACHE = services.caches(
    {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0", "REDIS_TIMEOUT": "0.2"}
)


@pytest.fixture
def no_database(monkeypatch):
    """Every connection attempt fails as it does when the database server is down."""

    def refuse(self):
        raise OperationalError("unable to open database file (the server is down)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.fixture
def site_is_up(site_tree):
    """The normal case for the cache and manifest tests: the database answers."""
    return site_tree


@pytest.fixture
def no_manifest(settings, tmp_path):
    """The production static storage over a STATIC_ROOT where collectstatic never ran."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


def get(path: str):
    with override_settings(ROOT_URLCONF=__name__, PAGE_CACHE_ENABLED=True):
        return Client(raise_request_exception=False).get(path)


def assert_500_page(response) -> None:
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong</title>" in html
    assert "Please try again in a moment." in html
    assert "a bug in a view" not in html


def assert_503_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "<title>Back shortly</title>" in html
    assert "unable to open database file" not in html


def page_for_a_bug() -> object:
    """handler500's answer to an exception raised in a view, called as Django calls it."""
    try:
        raise RuntimeError("a bug in a view")
    except RuntimeError:
        return server_error(RequestFactory().get("/bug/"))


def test_no_database(no_database):
    assert_500_page(page_for_a_bug())
    # With the database down even finding the site fails, before any view: the outage page.
    assert_503_page(get("/outage/"))
    assert_503_page(get("/bug/"))


@override_settings(CACHES=NO_CACHE)
def test_no_cache(site_is_up):
    assert_500_page(get("/bug/"))
    assert_503_page(get("/outage/"))


def test_no_static_manifest(site_is_up, no_manifest):
    for response in (get("/bug/"), get("/outage/")):
        # The stylesheet keeps its plain address: an unstyled page beats a failing one.
        assert '<link rel="stylesheet" href="/static/css/site.css">' in response.content.decode()
    assert_500_page(get("/bug/"))
    assert_503_page(get("/outage/"))


@override_settings(CACHES=NO_CACHE)
def test_nothing_at_all(no_database, no_manifest):
    assert_500_page(page_for_a_bug())
    assert_503_page(get("/outage/"))
    assert_503_page(get("/bug/"))


def test_the_manifest_is_used_when_it_exists(site_is_up, no_manifest, settings):
    # The fallback is only a fallback: with collectstatic's manifest the hashed name is used.
    static_root = Path(settings.STATIC_ROOT)
    static_root.mkdir()
    manifest = {"version": "1.1", "paths": {"css/site.css": "css/site.0123abcd.css"}}
    (static_root / "staticfiles.json").write_text(json.dumps(manifest))
    response = get("/bug/")
    assert (
        '<link rel="stylesheet" href="/static/css/site.0123abcd.css">' in response.content.decode()
    )
    assert_500_page(response)
