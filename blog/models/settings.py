"""Site-wide blog settings an editor can change without a deploy: reading and discussion."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from core.cache.memo import site_memo
from core.cache.values import cached_for_generation
from core.sites import known_site

FEED_ITEMS = 20
POSTS_PER_PAGE = 10


# A new site's discussion settings start from the server's settings (docs/comments.md), so a
# deployment that set them keeps its behaviour; from then on the admin's values apply.
def default_close_after_days() -> int | None:
    return getattr(settings, "BLOG_COMMENTS_CLOSE_AFTER_DAYS", None)


def default_auto_approve_returning() -> bool:
    return getattr(settings, "BLOG_COMMENTS_AUTO_APPROVE_RETURNING", False)


@register_setting(icon="cog")
class BlogSettings(BaseSiteSetting):
    """Reading (listings and feeds) and discussion (when comments close, who skips moderation)."""

    posts_per_page = models.PositiveSmallIntegerField(
        _("posts per page"),
        default=POSTS_PER_PAGE,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many posts the blog, its archives and categories list a page (1 to 100)."),
    )
    feed_full_content = models.BooleanField(
        _("full posts in feeds"),
        default=False,
        help_text=_(
            "Feeds carry each post's whole text. When off, they carry the excerpt and a "
            "link to the post."
        ),
    )
    feed_items = models.PositiveSmallIntegerField(
        _("posts per feed"),
        default=FEED_ITEMS,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many of the newest posts each feed lists (1 to 100)."),
    )
    comments_close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        default=default_close_after_days,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Comments on a post close this many days after its publication date. Leave empty "
            "to keep them open."
        ),
    )
    comments_auto_approve_returning = models.BooleanField(
        _("approve returning commenters"),
        default=default_auto_approve_returning,
        help_text=_(
            "A comment from an email address that already has an approved comment is "
            "published at once."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("posts_per_page"),
                FieldPanel("feed_items"),
                FieldPanel("feed_full_content"),
            ],
            heading=_("Reading"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("comments_close_after_days"),
                FieldPanel("comments_auto_approve_returning"),
            ],
            heading=_("Discussion"),
        ),
    ]

    class Meta:
        verbose_name = _("blog settings")


def settings_for_site(site_id: int | None) -> BlogSettings:
    """The settings of the site ``site_id``, read once per content generation.

    Every post page asks whether comments are open and every listing how long a page is;
    saving the settings starts a new generation, so a change shows at once.
    """
    if site_id is None:
        return BlogSettings()
    # Read, never created here: a write while serving a page would start a new generation.
    # Kept in the process too: a listing asks once per post, and a cold cache would query each time.
    return site_memo.get(
        ("blog_settings", site_id),
        lambda: cached_for_generation(f"blog:settings:{site_id}", lambda: read_settings(site_id)),
    )


# Read with the sites themselves (core.routing.read_sites), which every request reads first.
SITE_RELATED = "blogsettings"


def read_settings(site_id: int) -> BlogSettings:
    site = known_site(site_id)
    if site is not None and Site.blogsettings.is_cached(site):
        try:
            return site.blogsettings
        except BlogSettings.DoesNotExist:
            return BlogSettings(site_id=site_id)
    return BlogSettings.objects.filter(site_id=site_id).first() or BlogSettings(site_id=site_id)
