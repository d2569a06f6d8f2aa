"""A translator starts the Japanese site from nothing and keeps it in step with the English."""

from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import Page, TaskState
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from home.models import HomePage
from translation.status import outdated_pages


def translate_strings(client, page, locale, strings: dict[str, str]) -> None:
    """Type Japanese for the listed English strings in the translation editor."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    for segment in translation.source.stringsegment_set.select_related("string"):
        if segment.string.data in strings:
            url = reverse(
                "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
            )
            value = strings[segment.string.data]
            response = client.put(
                url,
                data=urlencode({"value": value}),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code == 201  # each string translated for the first time


def approve(client, moderator, page, capture) -> None:
    client.force_login(moderator)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    with capture(execute=True):
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
        )
        assert client.post(url, {"comment": ""}).status_code == 302


@pytest.mark.django_db
def test_home_and_blog_translated_then_synced(
    client, site_tree, translator, moderator, django_capture_on_commit_callbacks
):
    ja = site_tree["ja"]
    home, blog = site_tree["home"], site_tree["blog"]

    # The translator sends the English home; the Japanese home that appears is theirs to write.
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[home.pk]), {"locales": [ja.pk]}
    )
    ja_home = HomePage.objects.get(translation_key=home.translation_key, locale=ja)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[ja_home.pk])
    assert client.get(response["Location"]).status_code == 200
    translate_strings(
        client,
        home,
        ja,
        {
            "Britain and Japan": "英国と日本",
            "Notes on British-Japanese relations": "日英関係ノート",
        },
    )
    client.post(reverse("translation_submit_for_review", args=[ja_home.pk]))

    # Then the blog index, under it.
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[blog.pk]), {"locales": [ja.pk]}
    )
    ja_blog = Page.objects.get(translation_key=blog.translation_key, locale=ja)
    assert ja_blog.get_parent().pk == ja_home.pk
    translate_strings(client, blog, ja, {"Blog": "ブログ"})
    client.post(reverse("translation_submit_for_review", args=[ja_blog.pk]))
    # Nothing is public before review (Wagtail serves /ja/ from the English home meanwhile).
    assert "日英関係ノート" not in client.get("/ja/").content.decode()

    approve(client, moderator, ja_home, django_capture_on_commit_callbacks)
    approve(client, moderator, ja_blog, django_capture_on_commit_callbacks)
    client.logout()
    japanese = client.get("/ja/").content.decode()
    assert "日英関係ノート" in japanese and '<html lang="ja">' in japanese
    assert client.get("/ja/blog/").status_code == 200

    # The English tagline changes and is published: the translation is now out of date.
    home = HomePage.objects.get(pk=home.pk)
    home.tagline = "Notes on an alliance"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert home.pk in outdated_pages(ja).values_list("pk", flat=True)

    # "Sync translated pages": the new line arrives, the translator translates it, review again.
    client.force_login(translator)
    source = TranslationSource.objects.get(object_id=home.translation_key, locale=home.locale)
    assert (
        client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {}
        ).status_code
        == 302
    )
    assert home.pk not in outdated_pages(ja).values_list("pk", flat=True)
    assert not StringTranslation.objects.filter(
        translation_of__data="Notes on an alliance", locale=ja
    ).exists()
    translate_strings(client, home, ja, {"Notes on an alliance": "同盟についてのノート"})
    client.post(reverse("translation_submit_for_review", args=[ja_home.pk]))
    assert "日英関係ノート" in client.get("/ja/").content.decode(), (
        "the published page waits for review"
    )
    approve(client, moderator, ja_home, django_capture_on_commit_callbacks)
    client.logout()
    assert "同盟についてのノート" in client.get("/ja/").content.decode()
    assert "Notes on an alliance" in client.get("/").content.decode()
