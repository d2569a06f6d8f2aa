"""Takes a reader who chose Japanese back to the Japanese home when they open the front page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from translation.views import remembered_language_redirect


class RememberedLanguageMiddleware:
    """Redirects ``/`` to the home of the language in Django's language cookie.

    It sits before the page cache, which would otherwise serve the cached English front page
    to everyone; only requests for ``/`` that carry the cookie do any work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return remembered_language_redirect(request) or self.get_response(request)
