"""Share links to the services readers use, as plain links: no script, pixel or request until clicked.

Each service's own "share" address takes the post's URL (and title where it has a field for
it); the reader's browser goes there only when the link is followed. Japanese readers share
on LINE and Hatena Bookmark as much as British readers do on X and Facebook, so Japanese
pages list those first.
"""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SERVICES = {
    "x": ("X", "https://x.com/intent/post?{}", lambda url, title: {"url": url, "text": title}),
    "facebook": (
        "Facebook",
        "https://www.facebook.com/sharer/sharer.php?{}",
        lambda url, title: {"u": url},
    ),
    "linkedin": (
        "LinkedIn",
        "https://www.linkedin.com/sharing/share-offsite/?{}",
        lambda url, title: {"url": url},
    ),
    "line": (
        "LINE",
        "https://social-plugins.line.me/lineit/share?{}",
        lambda url, title: {"url": url},
    ),
    "hatena": (
        _("Hatena Bookmark"),
        "https://b.hatena.ne.jp/add?{}",
        lambda url, title: {"mode": "confirm", "url": url, "title": title},
    ),
}

ORDER = {
    "ja": ["line", "hatena", "x", "facebook", "linkedin"],
}
DEFAULT_ORDER = ["x", "facebook", "linkedin", "line", "hatena"]


def share_links(url: str, title: str, language: str) -> list[dict]:
    """The share links for a page at the absolute ``url``, in the order ``language``'s readers
    expect, ending with email.

    Returns:
        Dicts with ``service`` (a stable name), ``label`` and ``href``.
    """
    links = []
    for service in ORDER.get(language, DEFAULT_ORDER):
        label, pattern, params = SERVICES[service]
        links.append(
            {
                "service": service,
                "label": label,
                "href": pattern.format(urlencode(params(url, title), quote_via=quote)),
            }
        )
    mail = "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
    links.append(
        {"service": "email", "label": pgettext_lazy("share a post by", "Email"), "href": mail}
    )
    return links
