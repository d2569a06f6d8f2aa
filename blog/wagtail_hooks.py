from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.models import Author, Tag

# No ``search_fields`` on these viewsets: the listing would pass them to the search backend as
# ``fields=``, which modelsearch's SQLite backend turns into FTS column names ("no such column:
# name", django-modelsearch #47). The models' own ``search_fields`` already index the name.


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "slug"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["name", "slug", "locale"]


class BlogSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Blog")
    menu_icon = "folder-open-inverse"
    items = (AuthorViewSet, TagViewSet)


register_snippet(BlogSnippetGroup)
