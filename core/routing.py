"""Routing a URL to its page in one query, instead of one or two per segment of its path.

Wagtail finds a page by walking the tree from the site's root, a child query and a
``.specific`` query per level: seven queries for a post. Which page a path names only
changes when pages change, and every page change bumps the content generation, so the
answer is remembered per process for one generation (``core.cache.memo``). A remembered
route is replayed by fetching that page and letting it route the rest of the path itself
(a routable index resolves its archives), exactly as Wagtail's walk would have ended.

Wagtail has no public way to hand ``Site.find_for_request`` or ``Page.route_for_request`` an
answer found elsewhere; both keep theirs on the request, under the two names below, and read
it back before doing any work. This module is the only one that uses those names
(docs/upstream.md; tests/core/test_upstream.py fails if Wagtail stops reading them).
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from core.cache.memo import GenerationMemo, site_memo

route_memo = GenerationMemo(max_entries=5000)
# Where Site.find_for_request() and Page.route_for_request() keep their answers (Wagtail 8.0).
SITE_ATTRIBUTE = "_wagtail_site"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def _root_depth(site: Site) -> int | None:
    # Wagtail keeps the site root paths in its cache: no query.
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk:
            return len(_components(root.root_path))
    return None


def remember_site(request: HttpRequest) -> None:
    """Give ``Site.find_for_request`` its answer for this host and port without its query.

    Sites are content (changing one starts a new generation), so the answer is remembered
    per process like the routes; Wagtail keeps it on the request where this puts it.
    """
    if hasattr(request, SITE_ATTRIBUTE):
        return
    try:
        host = request.get_host()
    except DisallowedHost:
        return  # Django answers 400 for it; nothing worth remembering
    key = ("site", host, request.get_port())
    setattr(request, SITE_ATTRIBUTE, site_memo.get(key, lambda: Site.find_for_request(request)))


class RouteMemoMiddleware:
    """Gives Wagtail's ``serve`` view the route it would find, from memory when it can."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        remember_site(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is not wagtail_views.serve or hasattr(request, ROUTE_ATTRIBUTE):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        site = Site.find_for_request(request)
        root_depth = _root_depth(site) if site is not None else None
        if root_depth is None:
            return None
        key = (site.pk, translation.get_language(), path)

        def walk() -> tuple[int, int, int] | None:
            # Wagtail's own walk, which keeps its result on the request for serve().
            result = Page.route_for_request(request, path)
            if result is None:
                return None
            page = result[0]
            consumed = len(_components(page.url_path)) - root_depth
            return (page.content_type_id, page.pk, consumed)

        remembered = route_memo.get(key, walk)
        if remembered is not None and not hasattr(request, ROUTE_ATTRIBUTE):
            result = self.replay(request, path, *remembered)
            if result is not None:
                setattr(request, ROUTE_ATTRIBUTE, result)
        return None

    def replay(self, request: HttpRequest, path: str, content_type_id: int, pk: int, consumed: int):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return None
        page = model.objects.filter(pk=pk).first()
        if page is None:
            return None
        try:
            return page.route(request, _components(path)[consumed:])
        except Http404:
            return None
