"""Security headers that depend on where a request goes."""

import re
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts

from core import form_guard

FRAME_NONE = re.compile(r"frame-ancestors\s+'none'")

# The Wagtail admin's date pickers and inline panels still start with inline <script>s, and its
# widgets set inline styles: the admin (and previews inside it) need these, public pages do not.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, relaxed for inline scripts and styles only under the admin.

    Framing has one meaning in both headers: nothing may frame a page (``X-Frame-Options:
    DENY`` and ``frame-ancestors 'none'``), except the responses Wagtail itself marks
    ``SAMEORIGIN`` (the editor's live preview and block previews, framed by the admin),
    which get ``frame-ancestors 'self'`` to match. Browsers that know CSP ignore
    X-Frame-Options, so the two must never disagree.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            # Wagtail renders a preview through the whole middleware chain for a dummy
            # request (which gets 'none'), then marks the outer response SAMEORIGIN; django-csp
            # keeps a policy a response already has, so the directive is corrected here.
            for header in (HEADER, HEADER_REPORT_ONLY):
                if header in response:
                    response[header] = FRAME_NONE.sub("frame-ancestors 'self'", response[header])
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        if request.path_info.startswith(ADMIN_PREFIXES):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_POLICY_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is over ``MAX_REQUEST_BODY_SIZE`` with 413.

    Django limits form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams any size of file
    upload to disk; this stops a huge body before it is read. Load balancers should cap it too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit = getattr(settings, "MAX_REQUEST_BODY_SIZE", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("The request's length is not a number."))
        if limit is not None and length > limit:
            return HttpResponse(
                _("This request is too large. Uploads can be at most %(size)s.")
                % {"size": filesizeformat(limit)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class AtomicWritesMiddleware:
    """Runs each view that may write (any method but GET, HEAD, OPTIONS, TRACE) in one transaction.

    Django's ``ATOMIC_REQUESTS``, for writes only. Wagtail's publish is not one transaction by
    itself (the revision, the page row, the log entry and every ``page_published`` receiver
    commit separately), so a publish that fails halfway must be rolled back as a whole: see
    tests/production/test_faults.py. Reads stay out of it because SQLite takes its write lock
    when a transaction begins (``transaction_mode`` IMMEDIATE, so that writers wait for each
    other instead of failing with "database is locked"): with ``ATOMIC_REQUESTS`` every page a
    reader opens would hold that lock and readers would queue one behind the other.

    Last in ``MIDDLEWARE`` (its ``process_view`` calls the view, so later ones would be
    skipped). Like ``ATOMIC_REQUESTS`` it wraps the view alone: an exception leaves the block,
    rolling it back, before Django renders the error page; a template response is rendered
    after the commit. Views marked ``transaction.non_atomic_requests`` are left alone.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            return view_func(request, *view_args, **view_kwargs)


class FreshFormTimestampMiddleware:
    """Re-signs the public forms' "shown at" times on every HTML response, cached or not.

    A page served from the whole-page cache would otherwise carry the time its copy was made:
    the minimum-time check would let a bot through, and the form would look older than it
    is. The forms are registered by their apps (``core.form_guard.keep_fresh``): the comment
    form and the subscribe form in every footer. Place it before
    ``core.cache.middleware.PageCacheMiddleware`` so that it sees cache hits too.
    """

    MARKER = b'type="hidden"'

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or self.MARKER not in response.content
        ):
            return response
        response.content = form_guard.restamp(response.content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
