"""Inputs written without templates (core.form_rendering) are Django's own, character for character."""

from django import forms
from django.forms.renderers import DjangoTemplates

import pytest

from core.form_rendering import InputsWithoutTemplates
from subscriptions.forms import SubscribeForm


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="Some help", initial='<"it\'s" & more>')
    email = forms.EmailField(required=False)
    url = forms.URLField()
    number = forms.IntegerField(min_value=1)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="x&y")
    agree = forms.BooleanField(initial=True)
    many = forms.MultipleChoiceField(
        choices=[("a", "A <b>"), ("b&", "B")], widget=forms.CheckboxSelectMultiple, initial=["b&"]
    )
    one = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea)


def renderings(form: forms.Form) -> list[str]:
    html = []
    for bound in form:
        html.append(str(bound))
        html.extend(str(choice.tag()) for choice in bound.subwidgets)
        html.extend(str(choice) for choice in bound.subwidgets)
    return html


@pytest.mark.parametrize(
    "make",
    [
        lambda renderer: Everything(renderer=renderer),
        lambda renderer: Everything(
            {"text": "a" * 30, "email": "nope", "many": ["a"], "one": "2", "agree": ""},
            renderer=renderer,
        ),
        lambda renderer: SubscribeForm(language="ja", renderer=renderer).prepare_for_render(),
        lambda renderer: SubscribeForm(
            {"subscribe-email": "bad", "subscribe-frequency": "daily"},
            language="en",
            renderer=renderer,
        ).prepare_for_render(),
    ],
)
def test_inputs_are_written_as_djangos_templates_write_them(make):
    fast, django = make(InputsWithoutTemplates()), make(DjangoTemplates())
    if fast.is_bound:
        fast.is_valid(), django.is_valid()
    # The signed timestamp changes each second: give both forms the same.
    for form in (fast, django):
        if "timestamp" in form.fields:
            form.fields["timestamp"].initial = "signed"
            if form.is_bound:
                form.data = {**form.data, form.add_prefix("timestamp"): "signed"}
    assert renderings(fast) == renderings(django)
