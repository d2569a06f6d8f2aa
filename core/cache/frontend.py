"""Purges for a caching proxy or CDN in front of the site (``FRONTEND_CACHE_URL``)."""

import logging
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.conf import settings

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)


class BanRequest(Request):
    def get_method(self) -> str:
        return "BAN"


class BanningHTTPBackend(HTTPBackend):
    """Wagtail's PURGE-per-URL backend for Varnish, plus a BAN of every cached page.

    Pages show each other (listings, archives, feeds, the sitemap, comment counts), so a
    change anywhere bans the proxy's cached pages, as the application's own cache does.
    """

    def __init__(self, params: dict) -> None:
        self.location = params["LOCATION"]
        super().__init__(params)

    def ban_all(self) -> None:
        try:
            urlopen(BanRequest(self.location), timeout=5)  # noqa: S310 - the location comes from settings
        except (URLError, OSError) as error:
            logger.error("Could not ban the front cache at %s: %s", self.location, error)


def ban_front_caches(reason: str = "") -> None:
    """Ban every cached page from each configured front cache that can ban."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    for backend in get_backends().values():
        if hasattr(backend, "ban_all"):
            backend.ban_all()
    logger.info("Front cache banned (%s)", reason or "content changed")
