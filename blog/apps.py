from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: the cache's rules import Wagtail's models, which need the app registry.
        from core.cache.signals import shown_to_readers

        # Authors and tags show on every post and listing that names them. The category and
        # tag links are part of their post: its publish covers them, and drafts never do.
        shown_to_readers(self.get_model("Author"))
        shown_to_readers(self.get_model("Tag"))
