"""The signed links in subscription mails: nothing to store, nothing to guess.

A confirmation link expires (``SUBSCRIPTIONS_CONFIRM_MAX_AGE``); an unsubscribe link works as
long as the address is subscribed, as RFC 8058 expects of a one-click link.
"""

from django.core import signing

from .conf import get_setting
from .models import Subscriber

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def _subscriber(data: dict) -> Subscriber | None:
    # The address is part of the token, so a row reused for another address never matches.
    return Subscriber.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def subscriber_to_confirm(token: str) -> Subscriber | None:
    """The subscriber a confirmation token names, or None when it is forged, expired or gone."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=get_setting("CONFIRM_MAX_AGE"))
    except signing.BadSignature:
        return None
    return _subscriber(data)


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe token names, or None when it is forged or already gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return _subscriber(data)
