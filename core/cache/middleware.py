"""Serves anonymous readers whole pages from the cache, and stores what is safe to share."""

import hashlib
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from core.cache.store import (
    current_generation,
    generation_for_request,
    generation_timestamp,
    page_cache,
)

logger = logging.getLogger(__name__)

# Django's {% csrf_token %} renders this input. Its value differs per reader, so a cached copy
# keeps a placeholder and each reader gets a token of their own when the page is served.
CSRF_INPUT = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")'
)
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
# The only Vary values a cached page may carry: the key already holds the language, and
# requests with cookies that matter never reach the cache.
HARMLESS_VARY = {"accept-language", "accept-encoding", "cookie"}
# Headers made afresh for each reader, never copied into a cached entry.
UNSTORED_HEADERS = {
    "cache-control",
    "content-length",
    "date",
    "etag",
    "expires",
    "last-modified",
    "set-cookie",
    "vary",
    "x-page-cache",
}


def _setting(name: str, default):
    return getattr(settings, f"PAGE_CACHE_{name}", default)


class PageCacheMiddleware:
    """Whole-page cache for anonymous GET requests.

    Place it after ``CsrfViewMiddleware`` (which then sets the cookie for the token given to
    each reader) and before ``AuthenticationMiddleware``: a hit skips everything after it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Fragments, memos and counts below all ask for the generation: read it once.
        with generation_for_request():
            return self.serve(request)

    def serve(self, request: HttpRequest) -> HttpResponse:
        if not _setting("ENABLED", True) or not self.is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = self.cache_key(request)
            generation = current_generation()
            entry = page_cache().get(key)
        except Exception:  # a cache that is down makes pages slower, never broken
            logger.exception("The page cache could not be read")
            return self.get_response(request)
        if entry is not None and entry["generation"] == generation:
            return self.serve_entry(request, entry)
        response = self.get_response(request)
        if not self.is_cacheable_response(request, response):
            return response
        entry = self.store(request, response, key, generation)
        if entry is None:
            return response
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )

    # Requests ---------------------------------------------------------------------------------

    def is_cacheable_request(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if any(request.path_info.startswith(prefix) for prefix in _setting("EXCLUDED_PATHS", ())):
            return False
        # Wagtail's previews and moderation views run pages through the middleware with a
        # dummy request (flagged is_dummy) that shows a draft at the live page's address.
        if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
            return False
        # A session (a signed-in editor, a reader who has posted a comment) or a pending
        # message means the page may say something meant for this reader alone.
        personal = {settings.SESSION_COOKIE_NAME, *_setting("BYPASS_COOKIES", ())}
        if personal & request.COOKIES.keys():
            return False
        return not request.headers.get("Authorization")

    def cache_key(self, request: HttpRequest) -> str:
        url = request.build_absolute_uri()
        digest = hashlib.sha256(f"{get_language()}\n{url}".encode()).hexdigest()
        return f"pagecache:page:{digest}"

    # Responses --------------------------------------------------------------------------------

    def is_cacheable_response(self, request: HttpRequest, response: HttpResponse) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {
            value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()
        }
        if vary - HARMLESS_VARY:
            return False
        if getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return False
        # Messages added, or shown, while this page was made are for this reader alone.
        if len(get_messages(request)):
            return False
        session = getattr(request, "session", None)
        return not (session is not None and session.modified)

    def store(
        self, request: HttpRequest, response: HttpResponse, key: str, generation: str
    ) -> dict | None:
        """Cache ``response`` and give it validators; None when it is not safe to share."""
        content = response.content
        private = False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            content, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
            if not found:
                # A token was rendered somewhere other than the form input: not safe to share.
                return None
            private = True
        etag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
        last_modified = int(generation_timestamp(generation))
        entry = {
            "generation": generation,
            "content": content,
            "headers": {
                name: value
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            },
            "etag": etag,
            "last_modified": last_modified,
            "private": private,
        }
        try:
            page_cache().set(key, entry, _setting("TIMEOUT", 600))
        except Exception:
            logger.exception("The page cache could not be written")
        self.add_validators(response, entry)
        return entry

    def add_validators(self, response: HttpResponse, entry: dict) -> None:
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        response["X-Page-Cache"] = "miss"
        self.add_cache_control(response, private=entry["private"])

    def add_cache_control(self, response: HttpResponse, private: bool) -> None:
        # Browsers check back every time (a cheap 304); shared caches keep the page until a
        # purge or s-maxage, except pages holding a reader's own form token.
        if private:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                must_revalidate=True,
                s_maxage=_setting("SHARED_MAX_AGE", 600),
            )

    def serve_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["private"]:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content if request.method == "GET" else b"")
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(content))
        self.add_validators(response, entry)
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
