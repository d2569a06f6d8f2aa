from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "translation"
    label = "translation"
    verbose_name = _("Translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's app loading: these modules use models, which exist only once apps are ready.
        from translation import signals, slugs

        slugs.keep_unicode_slugs()
        signals.connect()
