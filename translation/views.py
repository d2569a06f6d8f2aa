"""The translator's "submit for review" step, the guard on machine output, the reader's language."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, TaskState
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation as localize_views
from wagtail_localize.views import update_translations as localize_update_views

import polib

from core.templatetags.site_tags import get_home_page
from translation.machine import translation_of_page, unreviewed_machine_strings
from translation.slugs import wagtail_slugify

# The form field that says "I have read the machine's text and let it through".
ACCEPT_MACHINE_OUTPUT = "accept_machine_translation"


def save_translation_draft(translation: Translation, user) -> Page:
    """A new revision of the target page holding the strings translated so far.

    wagtail-localize's own draft save (``save_target(publish=False)``) writes the translation
    into the page's row before making a revision, which changes what readers see of a page
    that is already published; a revision alone leaves the live page as it is until the
    review publishes it.
    """
    page = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    page.slug = find_available_slug(
        page.get_parent(), wagtail_slugify(page.slug), ignore_page_id=page.pk
    )
    page.save_revision(user=user, log_action=True)
    return page.specific_class.objects.get(pk=page.pk)


@require_http_methods(["GET", "POST"])
def submit_for_review(request: HttpRequest, page_id: int) -> HttpResponse:
    """Save a translation's current strings as a draft and start the page's review workflow.

    wagtail-localize's translation editor offers "Publish" to those who may publish, and nothing
    to those who may not; this is the translator's way to hand the page to a Moderator.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    workflow = page.get_workflow()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if workflow is None or not permissions.can_submit_for_moderation():
        messages.error(request, _("This page has no review workflow, or it is locked."))
        return redirect(edit_url)
    if page.workflow_in_progress:
        messages.warning(request, _("This page is already awaiting review."))
        return redirect(edit_url)
    if request.method == "GET":
        translation = translation_of_page(page)
        machine_strings = unreviewed_machine_strings(translation).count() if translation else 0
        return render(
            request,
            "translation/submit_for_review.html",
            {"page": page, "workflow": workflow, "machine_strings": machine_strings},
        )

    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is not None:
        try:
            page = save_translation_draft(translation, request.user)
        except ValidationError:
            messages.error(
                request, _("The translation has errors. Correct them, then submit it again.")
            )
            return redirect(edit_url)
    elif page.latest_revision is None:
        page.save_revision(user=request.user)
    workflow.start(page, request.user)
    messages.success(
        request,
        _("“%(title)s” was submitted for review.") % {"title": page.get_admin_display_title()},
    )
    return redirect(edit_url)


def unchecked_machine_output(request: HttpRequest, page: Page):
    """The page's machine-written strings no person has edited, unless this request accepts them."""
    if request.POST.get(ACCEPT_MACHINE_OUTPUT):
        return None
    translation = translation_of_page(page)
    if translation is None:
        return None
    strings = list(unreviewed_machine_strings(translation))
    return strings or None


def confirm_machine_output(
    request: HttpRequest, page: Page, strings: list, action_url: str, action: str
) -> HttpResponse:
    """The page that lists unchecked machine translation and asks before it goes further.

    Args:
        strings: the ``StringTranslation`` rows a machine wrote.
        action_url: where the confirmed form is sent (the same action, with the acceptance).
        action: "publish" (the translator, from the translation editor) or "approve" (review).
    """
    return render(
        request,
        "translation/confirm_machine_output.html",
        {
            "page": page,
            "strings": strings,
            "action_url": action_url,
            "action": action,
            "accept_field": ACCEPT_MACHINE_OUTPUT,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


def guard_publishing_machine_output(request: HttpRequest, page: Page) -> HttpResponse | None:
    """The translation editor's "Publish": asks first while machine text is unchecked.

    Runs as a ``before_edit_page`` hook ahead of wagtail-localize's, which would publish.
    """
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    strings = unchecked_machine_output(request, page)
    if strings is None:
        return None
    return confirm_machine_output(
        request, page, strings, reverse("wagtailadmin_pages:edit", args=[page.pk]), "publish"
    )


def workflow_action(
    request: HttpRequest, page_id: int, action_name: str, task_state_id: int
) -> HttpResponse:
    """Wagtail's workflow action, answered first here: "approve" asks first about machine text.

    Wagtail's dashboard and editor send the approval from a script; they are then sent to the
    confirmation page, whose form sends the approval again with the acceptance.
    """
    if action_name == "approve" and request.method == "POST":
        page = get_object_or_404(Page, pk=page_id)
        strings = unchecked_machine_output(request, page)
        if strings is not None:
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                confirm_url = reverse("translation_confirm_approval", args=[page_id, task_state_id])
                return render_modal_workflow(
                    request, "", None, {}, json_data={"step": "success", "redirect": confirm_url}
                )
            return confirm_machine_output(request, page, strings, request.path, "approve")
    view = page_viewset_registry.as_view("workflow_action", page_id_kwarg="page_id")
    return view(request, page_id=page_id, action_name=action_name, task_state_id=task_state_id)


def confirm_approval(request: HttpRequest, page_id: int, task_state_id: int) -> HttpResponse:
    """The confirmation page a script-sent approval is redirected to."""
    page = get_object_or_404(Page, pk=page_id).specific
    task_state = get_object_or_404(TaskState, pk=task_state_id, status=TaskState.STATUS_IN_PROGRESS)
    actions = task_state.task.specific.get_actions(page, request.user)
    if "approve" not in {name for name, *_ in actions}:
        raise PermissionDenied
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page_id, "approve", task_state_id]
    )
    translation = translation_of_page(page)
    strings = list(unreviewed_machine_strings(translation)) if translation else []
    if not strings:
        # Checked in the meantime: nothing to confirm, the moderator approves as usual.
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return confirm_machine_output(request, page, strings, action_url, "approve")


@require_POST
def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's PO upload, refusing files it would crash on with a message instead.

    Its view fails with a server error when no file is sent or the file lacks the
    ``X-WagtailLocalize-TranslationID`` header (a PO file from elsewhere); both are a
    translator's everyday mistakes.
    """
    translation = get_object_or_404(Translation, pk=translation_id)
    if not localize_views.user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a PO file to upload."))
        return redirect(next_url)
    contents = upload.read()
    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        # polib reads a path; given the contents directly it could be tricked into reading a file.
        handle.write(contents)
        handle.flush()
        try:
            po = polib.pofile(handle.name)
        except (OSError, UnicodeDecodeError, ValueError):
            po = None
    if po is None or "X-WagtailLocalize-TranslationID" not in po.metadata:
        messages.error(
            request,
            _(
                "This is not a PO file downloaded from this translation. Download the PO file, translate it, then upload it."
            ),
        )
        return redirect(next_url)
    return localize_views.upload_pofile(request, translation_id=translation_id)


def update_translations(request: HttpRequest, translation_source_id: int) -> HttpResponse:
    """wagtail-localize's "Sync translated pages", without "Publish immediately" for non-publishers.

    Its view lets anyone who may submit translations publish every translation of the page,
    which would let a translator skip the review workflow.
    """
    if request.method == "POST" and request.POST.get("publish_translations"):
        source = get_object_or_404(TranslationSource, pk=translation_source_id)
        for translation in source.translations.filter(enabled=True):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue
            if (
                isinstance(target, Page)
                and not target.permissions_for_user(request.user).can_publish()
            ):
                raise PermissionDenied
    return localize_update_views.UpdateTranslationsView.as_view()(
        request, translation_source_id=translation_source_id
    )


@never_cache
def switch_language(request: HttpRequest, language_code: str) -> HttpResponse:
    """Remember the reader's language (Django's language cookie) and go to the page in it.

    A plain link, so no form, token or script is needed; the cookie is what Django's own
    ``set_language`` view sets. ``next`` is the translation being switched to; without a safe
    one the reader lands on that language's home.
    """
    if language_code not in dict(settings.LANGUAGES) or not check_for_language(language_code):
        language_code = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        locale = Locale.objects.filter(language_code=language_code).first()
        home = get_home_page(request, locale) if locale else None
        next_url = (home.get_url(request) if home else None) or "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def remembered_language_redirect(request: HttpRequest) -> HttpResponse | None:
    """Send a reader who chose another language from the site's front page to that home.

    Only the bare front page of the default language redirects: every other address is
    served as asked, so links and search results always open what they point at.
    """
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if (
        request.method not in ("GET", "HEAD")
        or request.path_info != "/"
        or not remembered
        or remembered == settings.LANGUAGE_CODE
        or remembered not in dict(settings.LANGUAGES)
    ):
        return None
    locale = Locale.objects.filter(language_code=remembered).first()
    home = get_home_page(request, locale) if locale else None
    if home is None or home.locale_id != locale.pk:
        return None
    url = home.get_url(request)
    if not url or url == request.path:
        return None
    response = HttpResponseRedirect(url)
    response["Vary"] = "Cookie"
    response["Cache-Control"] = "private, no-cache"
    return response
