"""The subscriptions' settings, each with a default; override any of them in the settings module.

``SUBSCRIPTIONS_RATE_LIMIT``
    ``(subscriptions, seconds)``: most subscribe forms one address may send in that window.
``SUBSCRIPTIONS_MIN_SECONDS`` / ``SUBSCRIPTIONS_FORM_MAX_AGE``
    A form sent sooner than this after it was shown is refused; one older must be sent again.
``SUBSCRIPTIONS_CONFIRM_MAX_AGE``
    Seconds a confirmation link stays valid.
``SUBSCRIPTIONS_NOTIFY_MAX_AGE_DAYS``
    A post whose publication date is older than this when first published (an import, a
    back-dated post) is not mailed.
``SUBSCRIPTIONS_IP_HEADER``
    The request header holding the reader's address behind a proxy; ``None``: ``REMOTE_ADDR``.
"""

from django.conf import settings

DEFAULTS = {
    "RATE_LIMIT": (5, 60 * 60),
    "MIN_SECONDS": 2,
    "FORM_MAX_AGE": 2 * 24 * 60 * 60,
    "CONFIRM_MAX_AGE": 7 * 24 * 60 * 60,
    "NOTIFY_MAX_AGE_DAYS": 2,
    "IP_HEADER": None,
}


def get_setting(name: str):
    """The value of ``SUBSCRIPTIONS_<name>``, read at call time so tests can override it."""
    return getattr(settings, f"SUBSCRIPTIONS_{name}", DEFAULTS[name])
