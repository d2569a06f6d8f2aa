"""Editors, Translators and Moderators, and what the admin lets each of them do."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission, WorkflowPage

import pytest

from tests.factories import BlogPostPageFactory, translate_page
from translation.roles import EDITORS, MODERATORS, REVIEW_WORKFLOW, TRANSLATORS, set_up_roles


def page_permissions(group: str, page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__name=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def refused(response) -> bool:
    """Wagtail's admin answers a forbidden action with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.django_db
def test_the_roles_and_their_permissions(bilingual):
    set_up_roles(apps)  # what the migration runs; running it again changes nothing
    set_up_roles(apps)
    assert Group.objects.filter(name__in=[EDITORS, MODERATORS, TRANSLATORS]).count() == 3
    root = bilingual["home"].get_parent()
    assert {"add_page", "change_page", "publish_page", "bulk_delete_page"} <= page_permissions(
        EDITORS, root
    )
    assert "publish_page" in page_permissions(MODERATORS, root)
    assert not GroupPagePermission.objects.filter(group__name=TRANSLATORS, page=root).exists()
    translators = Group.objects.get(name=TRANSLATORS)
    assert set(translators.permissions.values_list("codename", flat=True)) >= {
        "access_admin",
        "submit_translation",
        "change_tag",
    }


@pytest.mark.django_db
def test_each_language_home_gets_the_translators_permissions_and_review(bilingual):
    # The English home is a source: browse it (lock) only. The Japanese home, created by
    # translating the English one, is where translators write, under review.
    assert page_permissions(TRANSLATORS, bilingual["home"]) == {"lock_page"}
    assert page_permissions(TRANSLATORS, bilingual["ja_home"]) == {
        "add_page",
        "change_page",
        "lock_page",
    }
    assert WorkflowPage.objects.get(page=bilingual["ja_home"]).workflow.name == REVIEW_WORKFLOW
    assert not WorkflowPage.objects.filter(page=bilingual["home"]).exists()


@pytest.mark.django_db
class TestTranslatorOnEnglishPages:
    @pytest.fixture
    def post(self, bilingual):
        return BlogPostPageFactory(parent=bilingual["blog"], title="The alliance", slug="alliance")

    def test_can_browse_them_and_submit_them_for_translation(
        self, client, bilingual, translator, post
    ):
        client.force_login(translator)
        listing = client.get(reverse("wagtailadmin_explore", args=[bilingual["blog"].pk]))
        assert listing.status_code == 200
        assert (
            reverse("wagtail_localize:submit_page_translation", args=[post.pk])
            in listing.content.decode()
        )

    def test_cannot_edit_publish_unpublish_or_delete_them(
        self, client, bilingual, translator, post
    ):
        client.force_login(translator)
        edit_url = reverse("wagtailadmin_pages:edit", args=[post.pk])
        assert refused(client.get(edit_url))
        assert refused(
            client.post(edit_url, {"title": "Hijacked", "action-publish": "action-publish"})
        )
        assert refused(client.get(reverse("wagtailadmin_pages:delete", args=[post.pk])))
        assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[post.pk])))
        assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[post.pk])))
        post.refresh_from_db()
        assert post.live and post.title == "The alliance"
        # Nor publish or delete English pages by way of the Japanese tree's review workflow.
        assert refused(client.post(reverse("translation_submit_for_review", args=[post.pk])))

    def test_cannot_publish_a_japanese_page_directly(self, client, bilingual, translator, post):
        ja_post = translate_page(post, bilingual["ja"], title="同盟")
        client.force_login(translator)
        permissions = ja_post.permissions_for_user(translator)
        assert permissions.can_edit() and not permissions.can_publish()
        assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[ja_post.pk])))


@pytest.mark.django_db
def test_editors_publish_in_both_languages_and_moderators_approve(bilingual, editor, moderator):
    for page in (bilingual["blog"], bilingual["ja_blog"]):
        assert page.permissions_for_user(editor).can_publish()
        assert page.permissions_for_user(moderator).can_publish()


@pytest.mark.django_db
def test_the_admin_speaks_japanese_to_a_translator_who_prefers_it(
    client, bilingual, translator, editor
):
    client.force_login(translator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="ja"' in dashboard
    assert "翻訳の状況" in dashboard  # the translation status panel
    assert "ダッシュボード" in dashboard  # Wagtail's own Japanese
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="en"' in dashboard and "Translation status" in dashboard
