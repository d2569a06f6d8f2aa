from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import Author, Tag


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class BlogSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Blog")
    menu_icon = "folder-open-inverse"
    items = (AuthorViewSet, TagViewSet)


register_snippet(BlogSnippetGroup)
