"""The comments' settings, each with a default; override any of them in the settings module.

``BLOG_COMMENTS_CLOSE_AFTER_DAYS``
    Close comments this many days after a post's publication date (``None``: never). Only the
    starting value of a new site's "close comments after" setting: editors change it in the
    admin (Settings → Blog settings → Discussion).
``BLOG_COMMENTS_MAX_DEPTH``
    Levels of threading: 1 allows no replies, 3 allows replies to replies.
``BLOG_COMMENTS_AUTO_APPROVE_RETURNING``
    Publish at once a comment whose email address already has an approved comment. Likewise
    only the starting value of the admin's "approve returning commenters" setting.
``BLOG_COMMENTS_MIN_SECONDS``
    A form sent sooner than this after it was shown is refused (bots fill forms at once).
``BLOG_COMMENTS_FORM_MAX_AGE``
    A form older than this many seconds must be sent again (its timestamp has expired).
``BLOG_COMMENTS_RATE_LIMIT``
    ``(comments, seconds)``: most comments one IP address may send in that window.
``BLOG_COMMENTS_MAX_LINKS``
    Most links a comment may contain.
``BLOG_COMMENTS_MAX_LENGTH``
    Most characters in a comment.
``BLOG_COMMENTS_MODERATOR_EMAILS``
    Who is told of new comments; empty means every active user who may moderate comments.
``BLOG_COMMENTS_IP_HEADER``
    The request header holding the reader's address behind a proxy (``"HTTP_X_REAL_IP"``);
    ``None`` uses ``REMOTE_ADDR``. Only set it when the proxy overwrites that header.
"""

from django.conf import settings

DEFAULTS = {
    "MAX_DEPTH": 3,
    "MIN_SECONDS": 3,
    "FORM_MAX_AGE": 2 * 24 * 60 * 60,
    "RATE_LIMIT": (5, 10 * 60),
    "MAX_LINKS": 2,
    "MAX_LENGTH": 5000,
    "MODERATOR_EMAILS": [],
    "IP_HEADER": None,
}


def get_setting(name: str):
    """The value of ``BLOG_COMMENTS_<name>``, read at call time so tests can override it."""
    return getattr(settings, f"BLOG_COMMENTS_{name}", DEFAULTS[name])
