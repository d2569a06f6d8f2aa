from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Email subscriptions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: core.form_guard and the form import models, which need the registry.
        from core import form_guard

        # Connects the receivers that mail subscribers when a post is published; the form.
        from . import signals  # noqa: F401

        # Likewise (the form's choices come from the subscriber model).
        from .forms import TIMESTAMP_SALT

        # The footer form's "shown at" time is re-signed on cached pages (core.middleware).
        form_guard.keep_fresh("subscribe-timestamp", TIMESTAMP_SALT)
