"""Machine-translated text is marked until a person edits it, and never goes live unasked.

Without a provider there is no machine translation at all; with one (a local DeepL-like server)
its strings stay marked as machine output, and publishing from the translation editor or
approving in review first lists them and asks for an explicit acceptance.
"""

import json
from urllib.parse import quote

from django.urls import reverse

from wagtail.models import TaskState
from wagtail_localize.models import StringTranslation, Translation

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory
from translation.machine import unreviewed_machine_strings
from translation.views import ACCEPT_MACHINE_OUTPUT

HEADING = "Machine translation not yet checked"


@pytest.fixture
def ja_post(client, bilingual, editor):
    """An English post sent for translation into Japanese, as an editor does it."""
    post = BlogPostPageFactory(
        parent=bilingual["blog"],
        title="The Tokyo declaration",
        slug="tokyo-declaration",
        excerpt="A short summary.",
        body=[{"type": "paragraph", "value": "<p>The alliance is back.</p>"}],
    )
    post.save_revision().publish()
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
        {"locales": [bilingual["ja"].pk]},
    )
    assert response.status_code == 302
    return post.get_translation(bilingual["ja"]).specific


def page_translation(page) -> Translation:
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    )


def machine_translate(client, page) -> None:
    translation = page_translation(page)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": reverse("wagtailadmin_pages:edit", args=[page.pk])},
    )
    assert response.status_code == 302


def person_edits(client, page, english: str, japanese: str) -> None:
    translation = page_translation(page)
    segment = translation.source.stringsegment_set.get(string__data=english)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(
        url, data=f"value={quote(japanese)}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_without_a_provider_there_is_no_machine_translation(client, ja_post):
    editor_html = client.get(reverse("wagtailadmin_pages:edit", args=[ja_post.pk])).content
    props = editor_html.decode()
    assert "&quot;machineTranslator&quot;: null" in props or '"machineTranslator": null' in props
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[page_translation(ja_post).pk])
    )
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(locale=ja_post.locale).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("configured", [False, True])
def test_the_dashboard_says_when_machine_translation_is_off(client, editor, request, configured):
    if configured:
        request.getfixturevalue("deepl")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Machine translation is off" in html) is not configured
    assert ("DEEPL_AUTH_KEY" in html) is not configured


@pytest.mark.django_db
def test_machine_strings_stay_marked_until_a_person_edits_them(client, ja_post, deepl):
    machine_translate(client, ja_post)
    translation = page_translation(ja_post)
    marked = {s.translation_of.data: s.data for s in unreviewed_machine_strings(translation)}
    assert marked["The alliance is back."] == "[ja] The alliance is back."
    assert marked["The Tokyo declaration"] == "[ja] The Tokyo declaration"
    person_edits(client, ja_post, "The alliance is back.", "同盟が復活した。")
    marked = {s.translation_of.data for s in unreviewed_machine_strings(translation)}
    assert "The alliance is back." not in marked
    assert "The Tokyo declaration" in marked


@pytest.mark.django_db
def test_publishing_unchecked_machine_text_needs_an_explicit_acceptance(
    client, ja_post, deepl, django_capture_on_commit_callbacks
):
    machine_translate(client, ja_post)
    edit_url = reverse("wagtailadmin_pages:edit", args=[ja_post.pk])

    response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert HEADING in html
    assert "[ja] The alliance is back." in html and "The alliance is back." in html
    assert f'name="{ACCEPT_MACHINE_OUTPUT}"' in html
    assert not BlogPostPage.objects.get(pk=ja_post.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish", ACCEPT_MACHINE_OUTPUT: "1"})
    assert response.status_code == 302
    assert BlogPostPage.objects.get(pk=ja_post.pk).live


@pytest.mark.django_db
def test_publishing_checked_text_asks_nothing(
    client, ja_post, deepl, django_capture_on_commit_callbacks
):
    machine_translate(client, ja_post)
    translation = page_translation(ja_post)
    for string in list(unreviewed_machine_strings(translation)):
        person_edits(client, ja_post, string.translation_of.data, f"確認済み {string.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[ja_post.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    assert BlogPostPage.objects.get(pk=ja_post.pk).live


@pytest.mark.django_db
def test_approving_unchecked_machine_text_needs_an_explicit_acceptance(
    client, ja_post, deepl, translator, moderator, django_capture_on_commit_callbacks
):
    machine_translate(client, ja_post)
    client.force_login(translator)
    # The translator is told, in Japanese, before handing it on.
    submit_url = reverse("translation_submit_for_review", args=[ja_post.pk])
    count = unreviewed_machine_strings(page_translation(ja_post)).count()
    assert f"{count} 件の文字列が、だれも編集していない機械翻訳のままです" in (
        client.get(submit_url).content.decode()
    )
    response = client.post(submit_url)
    assert response.status_code == 302
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(ja_post.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[ja_post.pk, "approve", task_state.pk]
    )
    client.force_login(moderator)

    # From the dashboard's script: sent to the confirmation page instead.
    response = client.post(
        approve_url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    confirm_url = reverse("translation_confirm_approval", args=[ja_post.pk, task_state.pk])
    assert json.loads(response.content)["redirect"] == confirm_url
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert (
        HEADING in page.content.decode() and "[ja] The Tokyo declaration" in page.content.decode()
    )
    assert f'action="{approve_url}"' in page.content.decode()

    # A plain approval is answered with the same page, and nothing is approved.
    response = client.post(approve_url, {"comment": ""})
    assert response.status_code == 200 and HEADING in response.content.decode()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not BlogPostPage.objects.get(pk=ja_post.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url, {"comment": "", ACCEPT_MACHINE_OUTPUT: "1"})
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert BlogPostPage.objects.get(pk=ja_post.pk).live


@pytest.mark.django_db
def test_only_a_reviewer_sees_the_approval_confirmation(client, ja_post, deepl, translator):
    machine_translate(client, ja_post)
    client.force_login(translator)
    client.post(reverse("translation_submit_for_review", args=[ja_post.pk]))
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(ja_post.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    response = client.get(reverse("translation_confirm_approval", args=[ja_post.pk, task_state.pk]))
    assert response.status_code in (302, 403)
