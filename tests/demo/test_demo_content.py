"""The demo command builds the seed-shaped site once, and a second run creates nothing."""

import io

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from blog.models import BlogPostPage, CategoryPage, Tag
from demo import content


@pytest.mark.django_db(transaction=True)
def test_demo_content_is_complete_and_idempotent(client):
    call_command("load_demo_content", "--if-empty")
    counts = {model: model.objects.count() for model in (Page, BlogPostPage, CategoryPage, Tag)}

    assert BlogPostPage.objects.filter(locale__language_code="en").count() == len(content.POSTS)
    japanese_only = BlogPostPage.objects.get(slug=content.JAPANESE_POST["slug"])
    assert japanese_only.locale.language_code == "ja"
    assert japanese_only.get_translations().count() == 0
    assert CategoryPage.objects.filter(title="Uncategorized").exists()
    block_types = {block.block_type for post in BlogPostPage.objects.all() for block in post.body}
    assert {"quote", "list", "numbered_list", "image", "embed", "more"} <= block_types

    call_command("load_demo_content")
    call_command("load_demo_content", "--if-empty")
    assert {model: model.objects.count() for model in counts} == counts

    # The site it builds is served in both languages.
    assert client.get("/").status_code == 200
    assert client.get("/blog/").status_code == 200
    ja_blog = client.get("/ja/blog/")
    assert ja_blog.status_code == 200
    assert content.JAPANESE_POST["title"] in ja_blog.content.decode()
    assert (
        "すべての記事を新しい順に掲載しています。" in ja_blog.content.decode()
    )  # translated, not copied
    english_blog = client.get("/blog/").content.decode()
    assert 'lang="ja"' in english_blog  # the Japanese-only entry, marked on the English index
    assert client.get(japanese_only.url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_make_run_on_another_port_moves_the_local_site_and_prints_its_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo_content", "--if-empty", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8000"

    # `make run PORT=8011` sets WAGTAILADMIN_BASE_URL to http://127.0.0.1:8011.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8011"
    out = io.StringIO()
    call_command("load_demo_content", "--if-empty", "--create-admin", stdout=out)
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8011"
    assert "http://127.0.0.1:8011/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    # Feed guids name the new address.
    post = BlogPostPage.objects.live().filter(locale__language_code="en").first()
    assert post.get_full_url().startswith("http://127.0.0.1:8011/")

    # A site with a real host name is left alone.
    site.hostname = "blog.example.org"
    site.save()
    call_command("load_demo_content", "--if-empty", stdout=io.StringIO())
    site.refresh_from_db()
    assert site.hostname == "blog.example.org"
