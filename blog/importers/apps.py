from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressImportConfig(AppConfig):
    name = "blog.importers"
    label = "wordpress_import"
    verbose_name = _("WordPress import")
    default_auto_field = "django.db.models.BigAutoField"
