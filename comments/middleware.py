"""Keeps the comment form's timestamp fresh on pages served from the whole-page cache."""

import re
from collections.abc import Callable

from django.core import signing
from django.http import HttpRequest, HttpResponse

from .spam import TIMESTAMP_SALT, sign_timestamp

TIMESTAMP_INPUT = re.compile(rb'(<input type="hidden" name="timestamp" value=")([^"]+)(")')
MARKER = b'name="timestamp"'


def restamp(match: re.Match) -> bytes:
    try:
        post_id = int(signing.loads(match.group(2).decode(), salt=TIMESTAMP_SALT)["post"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return match.group(0)
    return match.group(1) + sign_timestamp(post_id).encode() + match.group(3)


class FreshFormTimestampMiddleware:
    """Re-signs the form's "shown at" time on every response, cached or not.

    A cached post would otherwise carry the time its copy was made, and the minimum-time
    check would let a bot through. Place it before ``core.cache.middleware.PageCacheMiddleware``
    so that it sees cache hits too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or MARKER not in response.content
        ):
            return response
        response.content = TIMESTAMP_INPUT.sub(restamp, response.content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
