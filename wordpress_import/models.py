"""What an import brought in: each WordPress object and the object it became here."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """Remembers that a WordPress author, term, post, page or attachment became one object here.

    A second import finds its objects here and updates them instead of creating duplicates.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        ATTACHMENT = "attachment", _("Attachment")

    # The blog's address in the export, so that two blogs imported into one site stay apart.
    source = models.CharField(_("source blog"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Authors are keyed by login, everything else by its numeric id (as text).
    wordpress_id = models.CharField(_("WordPress ID"), max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    # A digest of what the export said, to tell an unchanged item from one edited in WordPress.
    source_hash = models.CharField(_("source digest"), max_length=64, blank=True)
    # The page revision the import left; a newer one means an editor changed the page here.
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wordpress_id"], name="wordpress_import_unique_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.wordpress_id} ({self.source})"
