from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: page cache, routing, middleware, uploads, backups, base templates."""

    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal handlers connect once the app registry is ready (they reference models).
        from core.cache import signals

        signals.connect()
