"""Which pages still need a translator: never translated, out of date, or not yet published."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource


@dataclass
class LocaleStatus:
    """The translation work outstanding for one target language."""

    locale: Locale
    untranslated: QuerySet = field(repr=False)
    outdated: QuerySet = field(repr=False)
    drafts: QuerySet = field(repr=False)


def source_pages() -> QuerySet:
    """Pages written in the default language, excluding the tree's root."""
    return Page.objects.filter(depth__gte=2, locale__language_code=settings.LANGUAGE_CODE)


def untranslated_pages(locale: Locale) -> QuerySet:
    """Source pages with no page of their own in ``locale`` (an alias does not count)."""
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=locale, alias_of__isnull=True
    )
    return (
        source_pages().filter(~Exists(translated)).order_by("-latest_revision_created_at", "path")
    )


def outdated_pages(locale: Locale) -> QuerySet:
    """Source pages published since their text was last sent to ``locale``'s translation.

    wagtail-localize records when it last read the source (``TranslationSource.last_updated_at``:
    at submission and at each "Sync translated pages"); it reads the published page, so an
    English page published after that means the translation is behind.
    """
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
    )
    enabled = Translation.objects.filter(
        source__object_id=OuterRef("translation_key"),
        source__locale_id=OuterRef("locale_id"),
        target_locale=locale,
        enabled=True,
    )
    return (
        source_pages()
        .filter(Exists(enabled))
        .annotate(source_read_at=Subquery(sources.values("last_updated_at")[:1]))
        .filter(last_published_at__gt=F("source_read_at"))
        .order_by("-last_published_at")
    )


def draft_translations(locale: Locale) -> QuerySet:
    """Pages in ``locale`` that have a source page but have never been published."""
    has_source = source_pages().filter(translation_key=OuterRef("translation_key"))
    return (
        Page.objects.filter(locale=locale, live=False, alias_of__isnull=True)
        .filter(Exists(has_source))
        .order_by("-latest_revision_created_at")
    )


def translation_status() -> list[LocaleStatus]:
    """The outstanding work for every language other than the default."""
    return [
        LocaleStatus(
            locale=locale,
            untranslated=untranslated_pages(locale),
            outdated=outdated_pages(locale),
            drafts=draft_translations(locale),
        )
        for locale in Locale.objects.exclude(language_code=settings.LANGUAGE_CODE).order_by(
            "language_code"
        )
    ]
