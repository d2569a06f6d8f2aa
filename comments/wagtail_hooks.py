from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from core.snippets import SnippetViewSet

from .admin_views import (
    ApproveBulkAction,
    CommentIndexView,
    EraseCommenterView,
    ModerateView,
    ModerationColumn,
    PendingCommentsPanel,
    SpamBulkAction,
)
from .models import Comment, approved_count_expression


class CommentViewSet(SnippetViewSet):
    """The moderation queue: newest first, filtered by status, type and post."""

    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    list_display = [
        "author_name",
        "excerpt",
        "post",
        "status_label",
        "created_at",
        ModerationColumn("moderate", label=_("Moderate")),
    ]
    list_filter = ["status", "comment_type", "post"]
    search_fields = ["author_name", "author_email", "body"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "post",
        "parent",
        "status",
        "comment_type",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "created_at",
        "ip_address",
        "user_agent",
        "user",
        "wordpress_id",
    ]

    panels = [
        FieldPanel("status"),
        FieldPanel("post"),
        # Read only: a select of every comment would not scale; replies are made on the site.
        FieldPanel("parent", read_only=True),
        FieldPanel("comment_type"),
        FieldPanel("author_name"),
        FieldPanel("author_email"),
        FieldPanel("author_url"),
        FieldPanel("body"),
        FieldPanel("created_at"),
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("post")

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("erase/", EraseCommenterView.as_view(), name="erase"),
            path("moderate/<int:pk>/<str:action>/", ModerateView.as_view(), name="moderate"),
        ]


register_snippet(CommentViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", SpamBulkAction)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels: list) -> None:
    if request.user.has_perm("comments.change_comment"):
        panels.append(PendingCommentsPanel())


@hooks.register("blog_listing_annotations")
def approved_comment_counts() -> dict:
    """Listings show each post's approved comment count (comment_tags.comment_count_link)."""
    return {"approved_comment_count": approved_count_expression()}
