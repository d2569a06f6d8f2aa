"""wagtail-localize's views that would let a translator skip review, or fail on a bad file."""

import io

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory


@pytest.fixture
def submitted(client, bilingual, translator):
    """An English post the translator has submitted for translation (a Japanese draft)."""
    post = BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")
    client.force_login(translator)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
        {"locales": [bilingual["ja"].pk]},
    )
    translation = Translation.objects.get(
        source__object_id=post.translation_key, target_locale=bilingual["ja"]
    )
    return {
        "post": post,
        "translation": translation,
        "ja_post": post.get_translation(bilingual["ja"]),
    }


def messages_of(response) -> list[str]:
    """The messages a redirect left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.django_db
class TestSyncTranslatedPages:
    def url(self, submitted) -> str:
        source = TranslationSource.objects.get(object_id=submitted["post"].translation_key)
        return reverse("wagtail_localize:update_translations", args=[source.pk])

    def test_a_translator_may_sync_but_not_publish_immediately(
        self, client, submitted, django_capture_on_commit_callbacks
    ):
        assert client.get(self.url(submitted)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            assert refused(client.post(self.url(submitted), {"publish_translations": "on"}))
        assert not BlogPostPage.objects.get(pk=submitted["ja_post"].pk).live
        assert client.post(self.url(submitted), {}).status_code == 302

    def test_an_editor_may_publish_immediately(
        self, client, submitted, editor, django_capture_on_commit_callbacks
    ):
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url(submitted), {"publish_translations": "on"})
        assert response.status_code == 302
        assert BlogPostPage.objects.get(pk=submitted["ja_post"].pk).live


@pytest.mark.django_db
class TestPoUpload:
    def upload(self, client, submitted, **data):
        url = reverse("wagtail_localize:upload_pofile", args=[submitted["translation"].pk])
        edit_url = reverse("wagtailadmin_pages:edit", args=[submitted["ja_post"].pk])
        return client.post(url, {"next": edit_url, **data}), edit_url

    @pytest.mark.parametrize(
        "contents",
        [
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "The alliance"\nmsgstr "\xe5\x90\x8c\xe7\x9b\x9f"\n',
            b"this is not a PO file at all \x00\xff",
            b"",
        ],
        ids=["another tool's PO file", "garbage", "empty"],
    )
    def test_a_file_from_elsewhere_is_refused_with_a_message(self, client, submitted, contents):
        upload = io.BytesIO(contents)
        upload.name = "strings.po"
        strings_before = StringTranslation.objects.count()
        response, edit_url = self.upload(client, submitted, file=upload)
        assert response.status_code == 302 and response["Location"] == edit_url
        # A redirect is also what success gives: the message and the unchanged strings tell.
        # In the translator's language (Japanese), after the message of the submission.
        assert messages_of(response)[-1] == (
            "この翻訳からダウンロードした PO ファイルではありません。"
            "PO ファイルをダウンロードして翻訳し、それをアップロードしてください。"
        )
        assert StringTranslation.objects.count() == strings_before

    def test_no_file_is_refused_with_a_message(self, client, submitted):
        strings_before = StringTranslation.objects.count()
        response, edit_url = self.upload(client, submitted)
        assert response.status_code == 302 and response["Location"] == edit_url
        assert messages_of(response)[-1] == "アップロードする PO ファイルを選んでください。"
        assert StringTranslation.objects.count() == strings_before

    def test_an_unsafe_next_address_is_not_followed(self, client, submitted):
        url = reverse("wagtail_localize:upload_pofile", args=[submitted["translation"].pk])
        response = client.post(url, {"next": "https://evil.example/"})
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")

    def test_someone_who_cannot_edit_the_translation_is_refused(
        self, client, submitted, django_user_model
    ):
        from django.contrib.auth.models import Permission

        outsider = django_user_model.objects.create_user(
            "outsider", password="a-long-test-password"
        )
        outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(outsider)
        upload = io.BytesIO(b"")
        upload.name = "strings.po"
        response, _ = self.upload(client, submitted, file=upload)
        assert refused(response)
