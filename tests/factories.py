"""Factories for the blog's pages and snippets; text is generated lazily by Faker."""

import datetime

from django.utils import timezone

from wagtail.models import Locale, Page, Site

import factory
import wagtail_factories

from blog.models import (
    Author,
    BlogIndexPage,
    BlogPostCategory,
    BlogPostPage,
    BlogPostTag,
    CategoryPage,
    Tag,
)
from home.models import HomePage


class LocaleFactory(factory.django.DjangoModelFactory):
    language_code = "en"

    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Britain and Japan"
    slug = "home"
    tagline = "Notes on British-Japanese relations"

    class Meta:
        model = HomePage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class CategoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Category {n}")
    description = "<p>A category.</p>"

    class Meta:
        model = CategoryPage


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")

    class Meta:
        model = Author


class TagFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"tag {n}")

    class Meta:
        model = Tag


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post number {n}")
    date = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2018, 1, 1, 12, 0)) - datetime.timedelta(days=n)
        )
    )
    author = factory.SubFactory(AuthorFactory)
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>A short paragraph about the alliance.</p>"}]
    )

    class Meta:
        model = BlogPostPage

    # Categories and tags go in with the page's first save, as the editor's one "Publish" does:
    # saving them afterwards (factory_boy's post-generation) saved each post three times more,
    # each save updating Wagtail's reference and search indexes, the slowest part of the suite's
    # set-up.
    categories = ()
    tags = ()

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return super()._build(model_class, *args, **cls.with_links(kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **cls.with_links(kwargs))

    @staticmethod
    def with_links(kwargs: dict) -> dict:
        categories, tags = kwargs.pop("categories") or (), kwargs.pop("tags") or ()
        # Numbered as the editor's form numbers them (modelcluster leaves sort_order empty).
        if categories:
            kwargs["category_links"] = [
                BlogPostCategory(category=category, sort_order=order)
                for order, category in enumerate(categories)
            ]
        if tags:
            kwargs["tag_links"] = [
                BlogPostTag(tag=tag, sort_order=order) for order, tag in enumerate(tags)
            ]
        return kwargs


def build_site() -> dict:
    """An English site root with a blog and a category, and a Japanese locale, as most tests need.

    Returns a dict with ``home``, ``blog``, ``category``, ``en`` and ``ja``.
    """
    en = LocaleFactory(language_code="en")
    ja = LocaleFactory(language_code="ja")
    Site.objects.all().delete()
    # Wagtail's own migration leaves a "Welcome" page where the home page goes.
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="testserver",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Britain and Japan",
    )
    blog = BlogIndexPageFactory(parent=home)
    category = CategoryPageFactory(parent=blog, title="Uncategorized", slug="uncategorized")
    return {"home": home, "blog": blog, "category": category, "en": en, "ja": ja}


def translate_page(page, locale: Locale, **fields):
    """A published copy of ``page`` in ``locale`` (with its parents), as wagtail-localize would make.

    For tests that need a translation but do not exercise the translation workflow itself.
    """
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation.specific
