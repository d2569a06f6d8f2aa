from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    label = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: form_guard imports its rate-limit model, which needs the app registry.
        from core import form_guard

        # Likewise: the cache's rules import Wagtail's models.
        from core.cache.signals import shown_to_readers

        # Imported here: the spam rules import the comment model.
        from .spam import TIMESTAMP_SALT

        comment_model = self.get_model("Comment")
        approved = comment_model.Status.APPROVED
        # Only approved comments are shown: pending ones (and spam) never touch the cache.
        shown_to_readers(comment_model, when=lambda comment: comment.status == approved)
        # The form's "shown at" time is re-signed on cached pages (core.middleware).
        form_guard.keep_fresh("timestamp", TIMESTAMP_SALT, key="post")
