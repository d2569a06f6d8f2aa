"""The translator's "submit for review" step, and the reader's language choice."""

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

from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation as localize_views
from wagtail_localize.views import update_translations as localize_update_views

import polib

from core.templatetags.site_tags import get_home_page
from translation.slugs import wagtail_slugify


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
        return render(
            request, "translation/submit_for_review.html", {"page": page, "workflow": workflow}
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
