"""The moderation queue's parts: approve and spam bulk actions, erasure and the dashboard panel."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView

from .models import Comment
from .moderation import erase_commenter


def bulk_action_url(action_type: str, *pks: int, next_url: str = "") -> str:
    """The confirmation page of a status action for the given comments."""
    url = reverse("wagtail_bulk_action", args=("comments", "comment", action_type))
    # Encoded as a whole: a next address holding "&", "#" or "?" stays one parameter.
    query = [("id", quote(pk)) for pk in pks]
    if next_url:
        query.append(("next", next_url))
    return f"{url}?{urlencode(query)}"


class SetStatusBulkAction(SnippetBulkAction):
    """Base for actions that move comments to a new status."""

    models = [Comment]
    template_name = "comments/admin/confirm_bulk_status.html"
    new_status: str = ""
    question: str = ""

    def check_perm(self, obj: Comment) -> bool:
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def execute_action(cls, objects: list[Comment], **kwargs) -> tuple[int, int]:
        changed = Comment.objects.filter(pk__in=[obj.pk for obj in objects]).update(
            status=cls.new_status
        )
        return changed, 0

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "action": self}


class ApproveBulkAction(SetStatusBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve selected comments")
    action_priority = 10
    new_status = Comment.Status.APPROVED
    question = gettext_lazy("Publish these comments on the site?")

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", num_parent_objects
        ) % {"count": num_parent_objects}


class SpamBulkAction(SetStatusBulkAction):
    display_name = gettext_lazy("Mark as spam")
    action_type = "spam"
    aria_label = gettext_lazy("Mark selected comments as spam")
    action_priority = 20
    new_status = Comment.Status.SPAM
    question = gettext_lazy("Mark these comments as spam? They will no longer appear on the site.")

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class CommentIndexView(IndexView):
    """The moderation queue: each row has one-click approve, spam and delete buttons."""

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = super().header_more_buttons
        if self.request.user.has_perm("comments.delete_comment"):
            buttons.append(
                Button(
                    _("Erase a commenter's data"),
                    url=reverse(Comment.snippet_viewset.get_url_name("erase")),
                    icon_name="bin",
                )
            )
        return buttons


class ModerationColumn(Column):
    """One-click buttons in each row: approve, mark as spam, delete (each a small POST form)."""

    cell_template_name = "comments/admin/moderation_cell.html"

    def get_value(self, instance: Comment) -> str:
        return instance.status

    def get_cell_context_data(self, instance: Comment, parent_context: dict) -> dict:
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        user = request.user
        context["csrf_token"] = get_token(request)
        context["next"] = request.get_full_path()
        context["actions"] = [
            {
                "url": reverse(
                    Comment.snippet_viewset.get_url_name("moderate"), args=[instance.pk, name]
                ),
                "label": label,
                "aria_label": f"{label}: {instance.author_name}",
                "danger": name == "delete",
            }
            for name, label, action in MODERATION_ACTIONS
            if user.has_perm(f"comments.{action}_comment")
            and (name == "delete" or instance.status != ACTION_STATUS[name])
        ]
        return context


# (URL name, button label, the permission it needs)
MODERATION_ACTIONS = [
    ("approve", gettext_lazy("Approve"), "change"),
    ("spam", gettext_lazy("Spam"), "change"),
    ("delete", gettext_lazy("Delete"), "delete"),
]
ACTION_STATUS = {"approve": Comment.Status.APPROVED, "spam": Comment.Status.SPAM}


class ModerateView(View):
    """Approves, marks as spam or deletes one comment in one click, then returns to the list."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        comment = get_object_or_404(Comment, pk=pk)
        needed = {"approve": "change", "spam": "change", "delete": "delete"}.get(action)
        if needed is None:
            raise Http404
        if not request.user.has_perm(f"comments.{needed}_comment"):
            raise PermissionDenied
        name = comment.author_name
        if action == "delete":
            comment.delete()
            messages.success(request, _("Comment by %(name)s deleted.") % {"name": name})
        else:
            comment.status = ACTION_STATUS[action]
            comment.save(update_fields=["status"])
            text = (
                _("Comment by %(name)s approved.")
                if action == "approve"
                else _("Comment by %(name)s marked as spam.")
            )
            messages.success(request, text % {"name": name})
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse(Comment.snippet_viewset.get_url_name("list"))
        return redirect(next_url)


class EraseForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Commenter's email address"),
        help_text=gettext_lazy("Every comment sent with this address, in any letter case."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("What to erase"),
        choices=[
            (
                "anonymise",
                gettext_lazy(
                    "Keep the comments' text; remove name, email, website, IP address and browser"
                ),
            ),
            ("delete", gettext_lazy("Delete the comments entirely (replies to them stay)")),
        ],
        widget=forms.RadioSelect,
        initial="anonymise",
    )
    confirm = forms.BooleanField(label=gettext_lazy("I understand that this cannot be undone"))


class EraseCommenterView(WagtailAdminTemplateMixin, FormView):
    """Removes one commenter's personal data from every comment they sent."""

    form_class = EraseForm
    template_name = "comments/admin/erase.html"
    page_title = gettext_lazy("Erase a commenter's data")
    header_icon = "bin"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm("comments.delete_comment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(Comment.snippet_viewset.get_url_name("list")), "label": _("Comments")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form: EraseForm) -> HttpResponse:
        count = erase_commenter(
            form.cleaned_data["email"], delete=form.cleaned_data["mode"] == "delete"
        )
        messages.success(
            self.request,
            ngettext(
                "Erased the commenter's data from %(count)d comment.",
                "Erased the commenter's data from %(count)d comments.",
                count,
            )
            % {"count": count},
        )
        return redirect(Comment.snippet_viewset.get_url_name("list"))


class PendingCommentsPanel(Component):
    """A dashboard panel with the number of comments awaiting moderation."""

    name = "pending_comments"
    order = 50
    template_name = "comments/admin/pending_panel.html"

    def get_context_data(self, parent_context: dict) -> dict:
        count = Comment.objects.pending().count()
        return {
            "count": count,
            "queue_url": reverse(Comment.snippet_viewset.get_url_name("list")) + "?status=pending",
        }
