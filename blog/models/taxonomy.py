"""Authors and tags: the ways besides categories that readers find related posts."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Author(index.Indexed, models.Model):
    """A writer credited on posts, with a public archive keyed by a slug of their name."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("Used in the author's archive URL; made from the name when left empty."),
        blank=True,
    )
    bio = models.TextField(_("biography"), blank=True)
    user = models.OneToOneField(
        "auth.User",
        verbose_name=_("admin account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_author",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Tag(TranslatableMixin, index.Indexed, models.Model):
    """A keyword that can be translated, so Japanese readers see Japanese tag names."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    # The tag chooser searches within the post's language, so the locale is a filter field.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_tag_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            if self.locale_id is None:
                self.locale = self.get_default_locale()
            self.slug = unique_slug(Tag, self.name, exclude_pk=self.pk, locale_id=self.locale_id)
        super().save(*args, **kwargs)


def unique_slug(model: type[models.Model], text: str, exclude_pk=None, **scope) -> str:
    """A slug of ``text`` (Japanese kept) that no other row of ``model`` in ``scope`` uses."""
    base = slugify(text, allow_unicode=True)[:90] or "item"
    candidate, counter = base, 2
    others = model.objects.filter(**scope).exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate
