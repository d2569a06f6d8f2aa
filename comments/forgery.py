"""Cross-site forgery defence for comments that lets post pages be shared by caches.

Django's usual defence puts a per-reader token in the form, which makes every post page
private: no front cache (Varnish, a CDN) could hold it. Anonymous readers' forms therefore
carry no token, and a comment is accepted only when the browser says it was sent from this
site: every current browser sends ``Origin`` (and ``Sec-Fetch-Site``) with a form POST, and a
page on another site cannot forge either. Signed-in readers never see a shared page, so their
forms keep the token and Django's full check. A browser that sends neither header gets the form
back, text kept, with a token in it, and that second sending passes Django's check.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware

TOKEN_FIELD = "csrfmiddlewaretoken"  # noqa: S105 (a form field name)


def _django_check_passes(request: HttpRequest) -> bool:
    # Django's own middleware decides, as if the view were not exempt.
    rejection = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
    return rejection is None


def _own_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def sent_from_this_site(request: HttpRequest) -> bool:
    """True when the browser's fetch headers say the form was sent from one of our pages."""
    # Read from META by their exact names, as Django's CsrfViewMiddleware reads Origin.
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    # No Origin, or an opaque one ("null": a sandboxed frame, a file), is neither ours nor a
    # trusted one (Django's checks make every trusted origin start with a scheme).
    origin = request.META.get("HTTP_ORIGIN")
    return origin == _own_origin(request) or origin in settings.CSRF_TRUSTED_ORIGINS


def is_forged(request: HttpRequest) -> bool:
    """True when a comment POST may have been sent by another site in the reader's name."""
    if getattr(request, "_dont_enforce_csrf_checks", False):  # Django's test client
        return False
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if signed_in or TOKEN_FIELD in request.POST:
        return not _django_check_passes(request)
    return not sent_from_this_site(request)


def needs_token(request: HttpRequest | None, form_is_bound: bool) -> bool:
    """Whether the form must carry Django's token: for signed-in readers, and on a form sent
    back (never cached), so that a browser without fetch headers can send it again."""
    if request is None:
        return False
    user = getattr(request, "user", None)
    return form_is_bound or (user is not None and user.is_authenticated)
