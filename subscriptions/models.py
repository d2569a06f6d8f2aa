"""Readers who follow the blog by email, and the posts mailed to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    EACH_POST = "post", _("A mail for each new post")
    DAILY = "daily", _("A daily digest")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> "SubscriberQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def following(self, language_code: str) -> "SubscriberQuerySet":
        """Subscribers who chose ``language_code`` (a regular expression over the stored list,
        which both SQLite and PostgreSQL answer)."""
        return self.filter(languages__regex=rf"(^|,){language_code}(,|$)")


class Subscriber(models.Model):
    """An email address that follows the blog: confirmed by a link, ended by another."""

    email = models.EmailField(_("email address"), unique=True)
    languages = models.CharField(
        _("languages followed"),
        max_length=50,
        help_text=_("Language codes separated by commas, e.g. “en,ja”."),
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.EACH_POST
    )
    language = models.CharField(
        _("language of the mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        help_text=_("The language the reader subscribed in; the mails' own words use it."),
    )
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Announcement(models.Model):
    """A post that has been (or is being) mailed to subscribers: each post is announced once,
    however often it is published again, and the daily digest lists the day's announcements."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    language_code = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("announced at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return str(self.page)
