"""A post's categories and tags follow it into Japanese when wagtail-localize translates it."""

from wagtail_localize.models import TranslationSource

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory, TagFactory


@pytest.mark.django_db(transaction=True)
def test_translated_post_links_the_japanese_category_and_tag(client, site_tree):
    tag = TagFactory(name="Alliances", locale=site_tree["en"])
    post = BlogPostPageFactory(
        parent=site_tree["blog"], slug="vfa", categories=[site_tree["category"]], tags=[tag]
    )
    # The translator translates the category and tag first, then the post.
    for instance in (site_tree["category"], tag, post):
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        source.create_or_update_translation(
            site_tree["ja"], publish=True, copy_parent_pages=True, fallback=True
        )

    ja_post = BlogPostPage.objects.get(locale=site_tree["ja"], translation_key=post.translation_key)
    ja_category = site_tree["category"].get_translation(site_tree["ja"])
    assert [category.pk for category in ja_post.categories] == [ja_category.pk]
    assert ja_post.tags[0].locale == site_tree["ja"]
    assert ja_post.tags[0].translation_key == tag.translation_key
    # The English post is untouched.
    assert BlogPostPage.objects.get(pk=post.pk).categories == [site_tree["category"].page_ptr]

    html = client.get("/ja/blog/vfa/").content.decode()
    assert f'href="{ja_category.url}"' in html


@pytest.mark.django_db(transaction=True)
def test_category_not_yet_translated_keeps_the_post_filed(site_tree):
    post = BlogPostPageFactory(
        parent=site_tree["blog"], slug="early", categories=[site_tree["category"]]
    )
    source, _ = TranslationSource.get_or_create_from_instance(post)
    source.create_or_update_translation(
        site_tree["ja"], publish=True, copy_parent_pages=True, fallback=True
    )
    ja_post = BlogPostPage.objects.get(locale=site_tree["ja"], translation_key=post.translation_key)
    # Until the category is translated the Japanese post stays filed under the English one.
    assert [category.pk for category in ja_post.categories] == [site_tree["category"].pk]
