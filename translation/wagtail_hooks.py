"""Admin additions for translators and editors, and the reader's remembered language."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail_localize.machine_translators import get_machine_translator

from translation import status, views

PANEL_LIST_LENGTH = 5


# Registered before wagtail-localize's own URLs, so the guarded views answer at their addresses.
@hooks.register("register_admin_urls", order=-1)
def register_admin_urls() -> list:
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            views.upload_pofile,
            name="translation_upload_pofile",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            views.update_translations,
            name="translation_update_translations",
        ),
        path(
            "translation/submit-for-review/<int:page_id>/",
            views.submit_for_review,
            name="translation_submit_for_review",
        ),
        path(
            "translation/confirm-approval/<int:page_id>/<int:task_state_id>/",
            views.confirm_approval,
            name="translation_confirm_approval",
        ),
    ]


# Before wagtail-localize's own hook, which publishes from the translation editor.
hooks.register("before_edit_page", views.guard_publishing_machine_output, order=-1)


def can_submit_for_review(page: Page, user) -> bool:
    """A page in a translated language, not yet in review, that this user may submit."""
    if page.depth < 2 or page.locale.language_code == settings.LANGUAGE_CODE:
        return False
    if page.workflow_in_progress or page.get_workflow() is None:
        return False
    return page.permissions_for_user(user).can_submit_for_moderation()


def submit_for_review_buttons(page: Page, user, view_name=None, next_url=None):
    if can_submit_for_review(page, user):
        yield ListingButton(
            _("Submit translation for review"),
            reverse("translation_submit_for_review", args=[page.pk]),
            priority=65,
            icon_name="resubmit",
        )


hooks.register("register_page_header_buttons", submit_for_review_buttons)
hooks.register("register_page_listing_more_buttons", submit_for_review_buttons)


class TranslationStatusPanel(Component):
    """Dashboard panel: pages not yet translated, translations behind their source, drafts."""

    name = "translation_status"
    template_name = "translation/status_panel.html"
    order = 150

    def get_context_data(self, parent_context) -> dict:
        user = parent_context["request"].user
        languages = []
        for item in status.translation_status():
            drafts = [
                {"page": page, "can_submit": can_submit_for_review(page, user)}
                for page in item.drafts.specific()[:PANEL_LIST_LENGTH]
            ]
            languages.append(
                {
                    "locale": item.locale,
                    "untranslated_count": item.untranslated.count(),
                    "untranslated": item.untranslated[:PANEL_LIST_LENGTH],
                    "outdated_count": item.outdated.count(),
                    "outdated": item.outdated[:PANEL_LIST_LENGTH],
                    "drafts_count": item.drafts.count(),
                    "drafts": drafts,
                }
            )
        return {
            "languages": languages,
            "machine_translation": get_machine_translator() is not None,
            "request": parent_context.get("request"),
        }


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels: list) -> None:
    if request.user.has_perm("wagtail_localize.submit_translation"):
        panels.append(TranslationStatusPanel())


@hooks.register("insert_global_admin_js")
def localize_labels_js() -> str:
    """Translates two labels wagtail-localize's editor leaves in English (see the script)."""
    return format_html('<script src="{}" defer></script>', static("translation/localize_labels.js"))
