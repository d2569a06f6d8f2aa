"""Site-wide blog settings an editor can change without a deploy."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

FEED_ITEMS = 20


@register_setting(icon="cog")
class BlogSettings(BaseSiteSetting):
    """What the blog's RSS and Atom feeds carry."""

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

    panels = [FieldPanel("feed_full_content"), FieldPanel("feed_items")]

    class Meta:
        verbose_name = _("blog settings")
