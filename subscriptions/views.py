"""Subscribe, confirm and unsubscribe: pages in the reader's language, never cached.

The subscribe form sits in every page's footer, on pages that a front cache may share, so it
carries no per-reader forgery token and the view is exempt: a forged subscription could only
make us send one confirmation mail, which a direct POST could do as well, and the rate limit
and double opt-in bound both.
"""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import form_guard

from .conf import get_setting
from .forms import SubscribeForm
from .models import Subscriber
from .tasks import enqueue_after_commit, send_confirmation
from .tokens import subscriber_to_confirm, subscriber_to_unsubscribe


def rate_limit() -> form_guard.RateLimit:
    limit, window = get_setting("RATE_LIMIT")
    return form_guard.RateLimit("subscriptions", limit, window)


def page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"robots": "noindex, nofollow", **context}
    return render(request, f"subscriptions/{template}.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The form on its own page; a form sent with errors comes back here, nothing lost."""
    language = get_language()
    if request.method == "GET":
        form = SubscribeForm(language=language)
        return page(request, "subscribe", {"form": form.prepare_for_render()})
    form = SubscribeForm(request.POST, language=language)
    ip = form_guard.client_ip(request, get_setting("IP_HEADER"))
    if rate_limit().exceeded(ip):
        form.is_valid()
        form.add_error(
            None,
            _("Too many subscriptions were sent from your address. Please try again in an hour."),
        )
        return page(request, "subscribe", {"form": form.prepare_for_render()}, status=429)
    if not form.is_valid():
        return page(request, "subscribe", {"form": form.prepare_for_render()}, status=400)
    rate_limit().record(ip)
    save_subscription(form.cleaned_data, language, request.build_absolute_uri("/").rstrip("/"))
    return redirect("subscriptions:sent")


def save_subscription(data: dict, language: str, root: str) -> None:
    """Record the choice and send the confirmation mail, unless the address is confirmed already.

    A confirmed address is left as it is and told nothing here: the page says the same
    whatever the address, so it cannot be used to learn who subscribes.
    """
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=data["email"],
            defaults={
                "languages": ",".join(data["languages"]),
                "frequency": data["frequency"],
                "language": language,
            },
        )
        if subscriber.is_confirmed:
            return
        subscriber.languages = ",".join(data["languages"])
        subscriber.frequency = data["frequency"]
        subscriber.language = language
        subscriber.save()
        enqueue_after_commit(send_confirmation, subscriber.pk, root)


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    return page(request, "sent", {})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    subscriber = subscriber_to_confirm(token)
    if subscriber is None:
        return page(request, "link_invalid", {}, status=404)
    if request.method == "POST" and not subscriber.is_confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        return page(request, "confirmed", {"subscriber": subscriber})
    if subscriber.is_confirmed:
        return page(request, "confirmed", {"subscriber": subscriber})
    return page(request, "confirm", {"subscriber": subscriber})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST unsubscribes at once. Mail programs send RFC 8058's one-click POST
    (``List-Unsubscribe=One-Click``) from no page and with no cookie, hence exempt: the
    signed token is the authority."""
    subscriber = subscriber_to_unsubscribe(token)
    if request.method == "POST":
        if subscriber is not None:
            subscriber.delete()
        return page(request, "unsubscribed", {})
    if subscriber is None:  # unsubscribed already (or a mangled link): nothing more is sent
        return page(request, "unsubscribed", {})
    return page(request, "unsubscribe", {"subscriber": subscriber})
