"""The subscribe form in every page's footer, and the subscribers listing for editors."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import SubscribeForm
from .models import Subscriber


@hooks.register("site_footer")
def subscribe_form(context) -> str:
    """The form, on every page but the subscription pages themselves (which show it once)."""
    request = context.get("request")
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "subscriptions":
        return ""
    form = SubscribeForm(language=get_language()).prepare_for_render()
    return render_to_string(
        "subscriptions/includes/subscribe_form.html", {"form": form}, request=request
    )


class SubscriberIndexView(IndexView):
    """The listing, headed by how many follow each language and how many await confirmation."""

    template_name = "subscriptions/admin/index.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        confirmed = Q(confirmed_at__isnull=False)
        context["counts"] = Subscriber.objects.aggregate(
            total=Count("pk"),
            confirmed=Count("pk", filter=confirmed),
            pending=Count("pk", filter=~confirmed),
            english=Count("pk", filter=confirmed & Q(languages__regex=r"(^|,)en(,|$)")),
            japanese=Count("pk", filter=confirmed & Q(languages__regex=r"(^|,)ja(,|$)")),
            daily=Count("pk", filter=confirmed & Q(frequency="daily")),
        )
        return context


class SubscriberViewSet(ModelViewSet):
    """Who follows the blog by email: filter, search, export as CSV, remove."""

    model = Subscriber
    index_view_class = SubscriberIndexView
    icon = "mail"
    menu_label = _("Subscribers")
    add_to_admin_menu = True
    menu_order = 350
    inspect_view_enabled = True
    list_display = [
        "email",
        "languages",
        "frequency",
        "language",
        Column("confirmed_at", label=_("confirmed at")),
        "created_at",
    ]
    list_filter = ["frequency", "language", "confirmed_at"]
    list_export = ["email", "languages", "frequency", "language", "created_at", "confirmed_at"]
    export_filename = "subscribers"
    search_fields = ["email"]
    form_fields = ["email", "languages", "frequency", "language"]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("subscribers")
