"""Editors see what is untranslated, out of date or unpublished, from the dashboard."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import translate_object

import pytest

from tests.factories import BlogPostPageFactory
from translation import status


@pytest.fixture
def translated_post(bilingual, django_capture_on_commit_callbacks):
    """An English post with a synced Japanese translation, as "Translate this page" makes it."""
    post = BlogPostPageFactory(parent=bilingual["blog"], title="Synced post", slug="synced")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(post, [bilingual["ja"]])
    return post


@pytest.mark.django_db
def test_untranslated_outdated_and_draft_pages(bilingual, translated_post):
    ja = bilingual["ja"]
    untranslated = BlogPostPageFactory(
        parent=bilingual["blog"], title="Not translated", slug="not-translated"
    )
    assert untranslated.pk in status.untranslated_pages(ja).values_list("pk", flat=True)
    assert translated_post.pk not in status.untranslated_pages(ja).values_list("pk", flat=True)
    assert not status.outdated_pages(ja).exists()

    # The English is edited and published after the translation read it.
    translated_post.title = "Synced post, revised"
    revision = translated_post.save_revision()
    revision.publish()
    TranslationSource.objects.filter(object_id=translated_post.translation_key).update(
        last_updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert list(status.outdated_pages(ja).values_list("pk", flat=True)) == [translated_post.pk]

    # "Sync translated pages" reads the source again: up to date.
    source = TranslationSource.objects.get(object_id=translated_post.translation_key)
    source.update_from_db()
    assert not status.outdated_pages(ja).exists()

    ja_post = translated_post.get_translation(ja)
    ja_post.unpublish()
    assert ja_post.pk in status.draft_translations(ja).values_list("pk", flat=True)


@pytest.mark.django_db
def test_the_dashboard_panel_links_the_work_and_the_report(client, bilingual, editor):
    post = BlogPostPageFactory(
        parent=bilingual["blog"], title="Waiting for a translator", slug="waiting"
    )
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translation status" in html
    assert "Waiting for a translator" in html
    assert (
        f"{reverse('wagtail_localize:submit_page_translation', args=[post.pk])}?select_locale=ja"
        in html
    )
    assert reverse("wagtail_localize:translations_report") in html
    assert client.get(reverse("wagtail_localize:translations_report")).status_code == 200


@pytest.mark.django_db
def test_the_panel_is_not_shown_to_those_who_cannot_translate(client, bilingual, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="a-long-test-password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert "Translation status" not in client.get(reverse("wagtailadmin_home")).content.decode()
