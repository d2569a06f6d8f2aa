"""Mails sent in the background through django-tasks (the project's TASKS backend: at once by
default, or queued in the database for a worker with ``TASKS_BACKEND=database``)."""

import logging

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from blog.models import BlogPostPage

from . import mail
from .models import Announcement, Frequency, Subscriber

logger = logging.getLogger(__name__)


@task()
def send_confirmation(subscriber_id: int, root: str) -> None:
    """The mail whose link confirms a new subscription."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_confirmed:
        return
    mail.confirmation(subscriber, root).send()


@task()
def announce_post(page_id: int) -> int:
    """Mail a newly published post to everyone who follows its language post by post.

    Returns:
        How many mails were sent.
    """
    post = BlogPostPage.objects.live().select_related("locale").filter(pk=page_id).first()
    if post is None:  # unpublished again before the task ran
        return 0
    site = post.get_site()
    root = mail.site_root(site)
    subscribers = (
        Subscriber.objects.confirmed()
        .following(post.locale.language_code)
        .filter(frequency=Frequency.EACH_POST)
    )
    messages = [mail.new_post(subscriber, post, root) for subscriber in subscribers.iterator()]
    if messages:
        # One connection for the whole batch: an SMTP server would refuse a login per mail.
        get_connection().send_messages(messages)
    logger.info("Post %s mailed to %d subscribers", page_id, len(messages))
    return len(messages)


@task()
def send_daily_digests() -> int:
    """One mail per digest subscriber listing the posts announced since their last digest.

    Returns:
        How many digests were sent.
    """
    now = timezone.now()
    sent = 0
    connection = get_connection()
    for subscriber in Subscriber.objects.confirmed().filter(frequency=Frequency.DAILY).iterator():
        since = subscriber.last_digest_at or subscriber.confirmed_at
        announced = Announcement.objects.filter(
            created_at__gt=since,
            created_at__lte=now,
            language_code__in=subscriber.language_list,
        ).values("page_id")
        posts = list(BlogPostPage.objects.live().filter(pk__in=announced).order_by("-date", "-pk"))
        if posts:
            connection.send_messages([mail.digest(subscriber, posts, mail.site_root())])
            sent += 1
        Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
    return sent


def enqueue_after_commit(task_, *args) -> None:
    """Queue ``task_`` once the current transaction commits (a rolled-back publish sends nothing)."""
    transaction.on_commit(lambda: task_.enqueue(*args))
