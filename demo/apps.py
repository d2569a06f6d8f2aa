from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo content command: builds the bilingual demo site on an empty database."""

    name = "demo"
    verbose_name = _("Demo content")
    default_auto_field = "django.db.models.BigAutoField"
