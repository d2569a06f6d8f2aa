"""The admin's Account page, where a user may change the interface language without a name.

Wagtail's Account page saves all its panels with one button, and its name panel requires a
first and a last name. A user created without them (the demo admin, a translator's account made
from the command line) could then not switch the admin to Japanese at all. Django's user model
lets both names be blank, so this page does too.
"""

from django import forms
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's name and email form with the names optional, as the user model has them."""

    first_name = forms.CharField(
        required=False, label=NameEmailForm.base_fields["first_name"].label
    )
    last_name = forms.CharField(required=False, label=NameEmailForm.base_fields["last_name"].label)


class OptionalNameEmailSettingsPanel(NameEmailSettingsPanel):
    form_class = OptionalNameEmailForm


class ProjectAccountView(AccountView):
    """Wagtail's Account page, with the name panel above swapped in."""

    def get_panels(self) -> list:
        return [
            OptionalNameEmailSettingsPanel(self.request, panel.user, panel.profile)
            if type(panel) is NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]


# Wagtail's admin URLs wrap every view in these two; settings/urls.py serves this view at
# Wagtail's own address (ahead of Wagtail's URLs), so it needs them too.
account_view = never_cache(require_admin_access(ProjectAccountView.as_view()))
