"""The Comment model: one reader comment, reply, pingback or trackback on a post or page."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)


def approved_count_expression() -> Coalesce:
    """Each post's approved comments, as one subquery for annotating a list of posts."""
    counts = (
        Comment.objects.approved()
        .filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


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

    # Wagtail's reference index would record each comment's post and parent: nothing reads
    # those references ("usage" of a post is its pages, snippets and settings, not its
    # comments), and keeping them cost a task per comment saved, in the reader's request.
    wagtail_reference_index_ignore = True

    # Any page that has a ``comments_enabled`` field takes comments (posts, content pages):
    # the page types need not know this app, which sits above them.
    post = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        # Deleting a comment keeps its replies: a signal moves them up to its own parent.
        on_delete=models.SET_NULL,
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
        indexes = [
            models.Index(fields=["post", "status", "created_at"]),
            # The rate limit counts an address's recent comments (spam.is_rate_limited).
            models.Index(fields=["ip_address", "created_at"], name="comments_by_address"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "wordpress_id"],
                condition=models.Q(wordpress_id__isnull=False),
                name="comments_unique_wordpress_id_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {Truncator(self.body).chars(60)}"

    @admin.display(description=_("comment"))
    def excerpt(self) -> str:
        return Truncator(" ".join(self.body.split())).chars(80)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def public_url(self) -> str:
        """The commenter's website if it is a web address (imports may hold anything)."""
        return (
            self.author_url if self.author_url.lower().startswith(("http://", "https://")) else ""
        )


@receiver(pre_delete, sender=Comment)
def keep_replies_in_thread(sender, instance: Comment, **kwargs) -> None:
    """Move a deleted comment's replies up to its own parent, so a thread loses only that comment."""
    # Read the parent afresh: an earlier deletion in the same batch may have moved this comment.
    parent_id = Comment.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    Comment.objects.filter(parent_id=instance.pk).update(parent_id=parent_id)
