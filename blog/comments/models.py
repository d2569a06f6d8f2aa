"""The Comment model: one reader comment, reply, pingback or trackback on a blog post."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment on a post, shown once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    class Type(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")

    post = models.ForeignKey(
        "blog.BlogPostPage",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author_name = models.CharField(_("name"), max_length=100)
    # Never shown publicly; used for notifications, auto-approval and erasure.
    author_email = models.EmailField(_("email"), max_length=254, blank=True)
    author_url = models.URLField(_("website"), max_length=500, blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    comment_type = models.CharField(
        _("type"), max_length=10, choices=Type.choices, default=Type.COMMENT
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_comments",
    )
    # The comment's id in a WordPress export, so that re-running an import updates, not duplicates.
    wordpress_id = models.PositiveBigIntegerField(_("WordPress ID"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "wordpress_id"],
                condition=models.Q(wordpress_id__isnull=False),
                name="comments_unique_wordpress_id_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {Truncator(self.body).chars(60)}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED
