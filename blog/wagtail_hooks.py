from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from blog.admin_views import (
    CategoryListingViewSet,
    FileUnderBulkAction,
    PostListingViewSet,
    tag_autocomplete,
)
from blog.models import Author, Tag
from blog.models.settings import SITE_RELATED
from blog.navigation import blog_navigation
from core.cache.values import cached_for_generation, reader_key
from core.snippets import SnippetViewSet
from core.templatetags.site_tags import get_home_page

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


@hooks.register("site_footer")
def footer_categories(context) -> str:
    """The category list in every page's footer (core.templatetags.site_tags.site_parts)."""
    request = context.get("request")
    if request is None:
        return ""
    categories = cached_for_generation(
        "blog:footer-categories:" + reader_key(request), lambda: top_categories(request)
    )
    return render_to_string(
        "blog/includes/footer_categories.html", {"categories": categories}, request=request
    )


def top_categories(request) -> list[dict]:
    """The reader's language's live categories directly under its blog index, by title."""
    home = get_home_page(request)
    if home is None:
        return []
    _index, categories = blog_navigation(home)
    return [{"title": page.title, "url": page.get_url(request)} for page in categories]


@hooks.register("site_related")
def settings_with_the_site() -> list[str]:
    """Each page asks for the blog settings: read with its site (core.routing.read_sites)."""
    return [SITE_RELATED]


hooks.register("register_bulk_action", FileUnderBulkAction)


@hooks.register("register_admin_viewset")
def register_listings() -> list:
    return [PostListingViewSet(), CategoryListingViewSet()]


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [
        path(
            "blog/tags/<str:language_code>/",
            tag_autocomplete,
            name="blog_tag_autocomplete",
        )
    ]


@hooks.register("insert_editor_css")
def editor_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("blog/admin.css"))
