"""A form renderer that writes ``<input>`` elements without rendering a template for each.

Django renders every input through three small templates (the widget's, ``input.html`` and
``attrs.html``): a footer's subscribe form of eight inputs spent more time there than in the
rest of its markup. An input is one line of HTML whose parts are all in the widget's context,
so this renderer formats it directly, exactly as those templates would (a test renders both
ways and compares), and leaves every other template to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Django's input widget templates: each includes input.html and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "url",
        "number",
        "password",
        "hidden",
        "checkbox",
        "checkbox_option",
        "radio_option",
    )
)


def attributes_html(attrs: dict) -> SafeString:
    """Django's ``attrs.html``: False leaves an attribute out, True writes its name alone."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def input_html(widget: dict) -> SafeString:
    """Django's ``input.html`` and ``attrs.html`` for a widget's context."""
    value = widget["value"]
    shown = format_html(' value="{}"', str(value)) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        shown,
        attributes_html(widget["attrs"]),
    )


class InputsWithoutTemplates(DjangoTemplates):
    """Django's template renderer, with inputs formatted directly (``input_html``)."""

    def render(self, template_name: str, context: dict, request=None) -> str:
        widget = context.get("widget")
        # An option input wrapped in its label (wrap_label) is left to its template.
        if template_name in INPUT_TEMPLATES and widget and not widget.get("wrap_label"):
            return input_html(widget)
        return super().render(template_name, context, request=request)
