"""The mails subscribers get: the confirmation, one per new post, and the daily digest.

Every mail but the confirmation carries RFC 8058's one-click unsubscribe: a
``List-Unsubscribe`` URL that accepts a POST, and ``List-Unsubscribe-Post``. Mails go through
Django's ``EMAIL_BACKEND`` (SMTP from the settings; no outside service).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from .models import Subscriber
from .tokens import confirm_token, unsubscribe_token


def site_root(site: Site | None = None) -> str:
    """The site's own address, for the links in a mail (no request to take it from)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def site_name(site: Site | None = None) -> str:
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.site_name if site is not None and site.site_name else ""


def absolute(root: str, name: str, token: str) -> str:
    return root + reverse(name, args=[token])


def build(
    subscriber: Subscriber, template: str, context: dict, *, unsubscribe: bool = True
) -> EmailMultiAlternatives:
    """A mail to ``subscriber`` from ``subscriptions/email/<template>_{subject,body}.txt``,
    its words in the language the reader subscribed in."""
    root = context.get("root") or site_root()
    with translation.override(subscriber.language):
        context = {
            **context,
            "subscriber": subscriber,
            "root": root,
            "site_name": context.get("site_name") or site_name(),
        }
        headers = {}
        if unsubscribe:
            url = absolute(root, "subscriptions:unsubscribe", unsubscribe_token(subscriber))
            context["unsubscribe_url"] = url
            headers["List-Unsubscribe"] = f"<{url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        subject = render_to_string(f"subscriptions/email/{template}_subject.txt", context)
        body = render_to_string(f"subscriptions/email/{template}_body.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[subscriber.email],
        headers=headers,
    )


def confirmation(subscriber: Subscriber, root: str) -> EmailMultiAlternatives:
    url = absolute(root, "subscriptions:confirm", confirm_token(subscriber))
    return build(subscriber, "confirm", {"confirm_url": url, "root": root}, unsubscribe=False)


def new_post(subscriber: Subscriber, post, root: str) -> EmailMultiAlternatives:
    return build(subscriber, "post", {"post": post, "post_url": post.get_full_url(), "root": root})


def digest(subscriber: Subscriber, posts: list, root: str) -> EmailMultiAlternatives:
    entries = [{"post": post, "url": post.get_full_url()} for post in posts]
    return build(subscriber, "digest", {"entries": entries, "root": root})
