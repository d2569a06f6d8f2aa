"""A translator's Japanese slug is kept, and the page is served at it."""

from django.test import TestCase
from django.urls import reverse

from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory

capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks


def translate_slug(
    post, locale, slug: str, title: str = "日英同盟", publish: bool = True
) -> BlogPostPage:
    """Translate ``post`` with wagtail-localize, the title and slug as a translator types them."""
    source, _ = TranslationSource.get_or_create_from_instance(post)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        japanese = {"title": title, "slug": slug}.get(segment.context.path)
        if japanese:
            StringTranslation.objects.create(
                translation_of=segment.string, locale=locale, context=segment.context, data=japanese
            )
    # wagtail-localize publishes when the transaction commits.
    with capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=publish)
    return BlogPostPage.objects.get(translation_key=post.translation_key, locale=locale)


@pytest.mark.django_db
def test_a_japanese_slug_survives_and_is_served_percent_encoded(client, bilingual):
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    ja_post = translate_slug(post, bilingual["ja"], "日英同盟")
    assert ja_post.slug == "日英同盟"
    assert ja_post.url == "/ja/blog/%E6%97%A5%E8%8B%B1%E5%90%8C%E7%9B%9F/"
    assert client.get(ja_post.url).status_code == 200
    assert client.get("/ja/blog/日英同盟/").status_code == 200  # as a browser shows it
    # The English page keeps its own slug.
    assert BlogPostPage.objects.get(pk=post.pk).url == "/blog/alliance/"


@pytest.mark.django_db
def test_a_typed_slug_is_still_cleaned_and_made_unique(bilingual):
    BlogPostPageFactory(
        parent=bilingual["ja_blog"], title="既存", slug="日英-同盟", locale=bilingual["ja"]
    )
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    ja_post = translate_slug(post, bilingual["ja"], "日英 同盟!")
    assert ja_post.slug == "日英-同盟-1"


@pytest.mark.django_db
def test_ascii_only_when_wagtail_is_told_so(bilingual, settings):
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    ja_post = translate_slug(post, bilingual["ja"], "日英同盟-2026", title="Alliance 2026")
    assert ja_post.slug == "2026"


@pytest.mark.django_db
def test_the_translation_editor_saves_the_slug_segment_as_typed(client, bilingual, translator):
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    client.force_login(translator)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
        {"locales": [bilingual["ja"].pk]},
    )
    translation = Translation.objects.get(
        source__object_id=post.translation_key, target_locale=bilingual["ja"]
    )
    segment = translation.source.stringsegment_set.get(context__path="slug")
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(
        url, data="value=%E6%97%A5%E8%8B%B1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    translation.save_target(publish=False)
    ja_post = BlogPostPage.objects.get(translation_key=post.translation_key, locale=bilingual["ja"])
    assert ja_post.slug == "日英"
