"""The subscribe form: an address, the languages followed, how often; with the comment form's
spam defences (a honeypot and a signed "shown at" time, core.form_guard)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import form_guard
from core.form_rendering import InputsWithoutTemplates

from .conf import get_setting
from .models import Frequency

TIMESTAMP_SALT = "subscriptions.form-timestamp"
# Every subscribe form on the site is the same form; the timestamp names it.
FORM_SCOPE = "subscribe"

TIMESTAMP_ERRORS = {
    form_guard.TOO_FAST: _(
        "That was quicker than a person can type. Please check the form and send it again."
    ),
    form_guard.EXPIRED: _("This form has been open too long. Please send it again."),
    form_guard.MISSING: _("This form was incomplete. Please send it again."),
}


def sign_timestamp() -> str:
    return form_guard.sign_timestamp(FORM_SCOPE, TIMESTAMP_SALT)


class SubscribeForm(forms.Form):
    """What a reader fills in to follow the blog by email."""

    # Every page's footer shows this form: its inputs are written without a template each.
    default_renderer = InputsWithoutTemplates

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to confirm it first, and never show it to anyone."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Posts in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.EACH_POST,
        widget=forms.RadioSelect,
    )
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology, filled by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, language: str, **kwargs) -> None:
        kwargs.setdefault("prefix", "subscribe")
        super().__init__(*args, **kwargs)
        self.fields["languages"].initial = [language]
        self.fields["timestamp"].initial = sign_timestamp()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_email(self) -> str:
        # One row per mailbox, however it was typed.
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("website"):
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "The form was not sent because the field labelled “Leave this field "
                        "empty” was filled in. Please empty it and send the form again."
                    ),
                    code="honeypot",
                ),
            )
        problem = form_guard.timestamp_problem(
            cleaned.get("timestamp", ""),
            FORM_SCOPE,
            salt=TIMESTAMP_SALT,
            min_seconds=get_setting("MIN_SECONDS"),
            max_age=get_setting("FORM_MAX_AGE"),
        )
        if problem:
            self.add_error(
                None, forms.ValidationError(TIMESTAMP_ERRORS[problem], code=f"timestamp_{problem}")
            )
        return cleaned

    def prepare_for_render(self) -> "SubscribeForm":
        """Tie each field's help text and errors to its input for screen readers; a form sent
        back gets a fresh timestamp, so that sending it again is not refused as too old."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("timestamp")] = sign_timestamp()
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if self.is_bound and bound.errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by and name != "languages" and name != "frequency":
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
        return self
