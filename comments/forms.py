"""The reader's comment form, with the honeypot, timestamp, link and duplicate checks."""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import spam
from .conf import get_setting
from .models import Comment
from .moderation import can_reply_to
from .text import without_controls

ID_RE = re.compile(r"[0-9]{1,18}")

TIMESTAMP_ERRORS = {
    "too_fast": _(
        "That was quicker than a person can type. Please check your comment and send it again."
    ),
    "expired": _("This form has been open too long. Please send your comment again."),
    "missing": _("This form was incomplete. Please send your comment again."),
}


class CommentForm(forms.ModelForm):
    """Name, private email, optional website and text; hidden fields carry the thread and timing."""

    author_email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never published. Used only if we need to contact you about your comment."),
    )
    author_url = forms.URLField(
        label=_("Website (optional)"), max_length=500, required=False, assume_scheme="https"
    )
    # Text, not a number: a mangled hidden value becomes a message the reader can see.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology, filled by bots.
    subject = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body"]
        labels = {"author_name": _("Name"), "body": _("Comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "cols": 60})}

    def __init__(self, *args, post, ip_address: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.post = post
        self.ip_address = ip_address
        self.parent_comment: Comment | None = None
        limit = get_setting("MAX_LENGTH")
        self.fields["body"].max_length = limit
        self.fields["body"].widget.attrs["maxlength"] = limit
        # Setting max_length after the field is made adds no validator: the limit needs its own,
        # or only the browser's maxlength (which a script ignores) would hold it.
        self.fields["body"].validators.append(MaxLengthValidator(limit))
        autocomplete = {"author_name": "name", "author_email": "email", "author_url": "url"}
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["subject"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_author_name(self) -> str:
        # One line: a name never needs a line break or a terminal's escape codes.
        return " ".join(without_controls(self.cleaned_data["author_name"]).split())

    def clean_body(self) -> str:
        body = without_controls(self.cleaned_data["body"])
        limit = get_setting("MAX_LINKS")
        if spam.count_links(body) > limit:
            raise forms.ValidationError(
                ngettext(
                    "A comment may contain at most %(count)d link.",
                    "A comment may contain at most %(count)d links.",
                    limit,
                )
                % {"count": limit},
                code="too_many_links",
            )
        return body

    def clean(self) -> dict:
        cleaned = super().clean()
        # The thread first, so that a form refused for another reason still knows its parent.
        parent_id = cleaned.get("parent", "")
        if parent_id:
            parent = None
            if ID_RE.fullmatch(parent_id):
                parent = Comment.objects.filter(pk=int(parent_id)).first()
            if parent is not None and can_reply_to(parent, self.post.pk):
                self.parent_comment = parent
            else:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _(
                            "You cannot reply to that comment. You can send your comment on its own."
                        ),
                        code="bad_parent",
                    ),
                )
        if cleaned.get("subject"):
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "Your comment was not sent because the field labelled “Leave this field "
                        "empty” was filled in. Please empty it and send your comment again."
                    ),
                    code="honeypot",
                ),
            )
        problem = spam.timestamp_problem(cleaned.get("timestamp", ""), self.post.pk)
        if problem:
            self.add_error(
                None, forms.ValidationError(TIMESTAMP_ERRORS[problem], code=f"timestamp_{problem}")
            )
        body = cleaned.get("body")
        email = cleaned.get("author_email", "")
        if body and spam.is_duplicate(self.post.pk, body, email, self.ip_address):
            self.add_error(
                None,
                forms.ValidationError(
                    _("You have already sent this comment. It will appear once it is approved."),
                    code="duplicate",
                ),
            )
        return cleaned

    def prepare_for_render(self) -> "CommentForm":
        """Tie each field's help text and errors to its input for screen readers."""
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if self.is_bound and bound.errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
        return self
