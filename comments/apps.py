from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: the cache's rules import Wagtail's models, which need the app registry.
        from core.cache.signals import shown_to_readers

        comment_model = self.get_model("Comment")
        approved = comment_model.Status.APPROVED
        # Only approved comments are shown: pending ones (and spam) never touch the cache.
        shown_to_readers(comment_model, when=lambda comment: comment.status == approved)
