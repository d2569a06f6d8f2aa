"""Security headers that depend on where a request goes."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from csp.middleware import CSPMiddleware, PolicyParts

# The Wagtail admin's date pickers and inline panels still start with inline <script>s, and its
# widgets set inline styles: the admin (and previews inside it) need these, public pages do not.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, relaxed for inline scripts and styles only under the admin."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_POLICY_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
