"""Publishing a post mails its subscribers: the blog sends Wagtail's ``page_published`` and
knows nothing of this app (subscriptions sits above blog and listens). After migrating,
editors are given the subscribers listing."""

import datetime

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import page_published

from blog.models import BlogPostPage

from .conf import get_setting
from .models import Announcement
from .tasks import announce_post, enqueue_after_commit


@receiver(page_published, dispatch_uid="subscriptions.announce_post")
def announce_new_post(sender, instance, **kwargs) -> None:
    """Announce a post the first time it is published, unless it is dated in the past
    (an import or a back-dated post is not news)."""
    if not isinstance(instance, BlogPostPage):
        return
    oldest = timezone.now() - datetime.timedelta(days=get_setting("NOTIFY_MAX_AGE_DAYS"))
    if instance.date < oldest:
        return
    _announcement, created = Announcement.objects.get_or_create(
        page_id=instance.pk, defaults={"language_code": instance.locale.language_code}
    )
    if created:
        enqueue_after_commit(announce_post, instance.pk)


# The groups that see the subscribers listing (created by the translation app's roles
# migration; named here, not imported, so that neither app depends on the other).
EDITOR_GROUPS = ("Editors", "Moderators")
EDITOR_PERMISSIONS = ("view_subscriber", "change_subscriber", "delete_subscriber")


@receiver(post_migrate, dispatch_uid="subscriptions.grant_editors")
def grant_editors(sender, **kwargs) -> None:
    """Let editors and moderators list, export and remove subscribers (idempotent)."""
    if sender.name != "subscriptions":
        return
    # This app is listed before django.contrib.auth, whose own post_migrate receiver would
    # only create these permissions after this one has run.
    create_permissions(sender, verbosity=0, using=kwargs.get("using", DEFAULT_DB_ALIAS))
    permissions = Permission.objects.filter(
        content_type__app_label="subscriptions", codename__in=EDITOR_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.add(*permissions)
