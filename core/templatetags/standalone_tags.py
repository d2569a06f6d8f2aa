"""Tags for the pages that must render when everything else is down (standalone_base.html)."""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def static_or_plain(path: str) -> str:
    """The static file's hashed URL, or its plain URL when the manifest cannot give one.

    ``{% static %}`` raises when collectstatic has not run (no manifest) or missed the file:
    an error page must still render then, if unstyled.
    """
    try:
        return static(path)
    except ValueError:
        return f"{settings.STATIC_URL.rstrip('/')}/{path}"
