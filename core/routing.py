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
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

from core.cache.memo import GenerationMemo, site_memo
from core.cache.values import any_view_restriction_expression, view_restriction_known
from core.sites import pick_site, read_sites

route_memo = GenerationMemo(max_entries=5000)
# Where Site.find_for_request() and Page.route_for_request() keep their answers (Wagtail 8.0).
SITE_ATTRIBUTE = "_wagtail_site"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"
# Where Page.get_url() and the pageurl tag keep Site.get_site_root_paths() for a request.
ROOT_PATHS_ATTRIBUTE = "_wagtail_cached_site_root_paths"
# The classes whose route() is Wagtail's own: a page's, and a routable page's.
WAGTAIL_ROUTES = frozenset(
    klass for klass in (*Page.__mro__, RoutablePageMixin) if "route" in klass.__dict__
)


def _components(path: str) -> list[str]:
    return [component for component in path.split("/") if component]


def site_root_paths(request: HttpRequest) -> list[SiteRootPath]:
    """``Site.get_site_root_paths()``, read once per request and shared with Wagtail.

    Every page URL Wagtail builds for this request (``pageurl``, ``get_url(request)``) reads
    them from the request; routing needs them first. Kept in Wagtail's cache like Wagtail's
    own (which empties it when a site or a root page changes); cold, they are read with the
    sites (``read_sites``).
    """
    if not hasattr(request, ROOT_PATHS_ATTRIBUTE):
        paths = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
        if paths is None:
            _sites, paths = read_sites()
            cache.set(SITE_ROOT_PATHS_CACHE_KEY, paths, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)
        else:
            paths = [SiteRootPath(*path) for path in paths]
        setattr(request, ROOT_PATHS_ATTRIBUTE, paths)
    return getattr(request, ROOT_PATHS_ATTRIBUTE)


def _root_depth(request: HttpRequest, site: Site) -> int | None:
    # Wagtail keeps the site root paths in its cache, and this request keeps them once read.
    for root in site_root_paths(request):
        if root.site_id == site.pk:
            return len(_components(root.root_path))
    return None


def _root_path(request: HttpRequest, site: Site) -> str:
    """The url_path of the site's root in the active language (Wagtail's ``localized``)."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return site.root_page.url_path
    for root in site_root_paths(request):
        if root.site_id == site.pk and root.language_code == language:
            return root.root_path
    return site.root_page.url_path


def _routes_like_wagtail(model: type[Page], remaining: list[str]) -> bool:
    """Whether Wagtail's walk passes through a page of ``model`` to the child named next.

    True when the model's ``route`` only looks its children up by slug (Wagtail's own, or a
    class that says so with ``routes_children_by_slug``) and no route of a routable page
    (``RoutablePageMixin``) claims the rest of the path before its children.
    """
    for klass in model.__mro__:
        own_route = "route" in klass.__dict__ and klass not in WAGTAIL_ROUTES
        if own_route and not getattr(klass, "routes_children_by_slug", False):
            return False
    if issubclass(model, RoutablePageMixin):
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return True
        return False
    return True


def find_route(
    request: HttpRequest, site: Site, path: str, root_depth: int
) -> tuple[int, int, int] | None:
    """The page ``path`` names, in one query: (content type id, pk, path segments consumed).

    Wagtail walks from the root one level at a time (a child query and a ``.specific`` query
    each). A page's url_path is its root's url_path plus its path, so the page and all its
    ancestors on the way are the rows whose url_path is a prefix of the address; the deepest
    one is the page, unless an ancestor on the way routes differently (a routable page's own
    route, a custom ``route``), in which case ``None`` sends the request on Wagtail's walk.
    """
    components = _components(path)
    root_path = _root_path(request, site)
    candidates = [
        root_path + "".join(f"{c}/" for c in components[:n]) for n in range(len(components) + 1)
    ]
    # Whether any page is restricted is read here too: serving the page asks next.
    rows = list(
        Page.objects.filter(url_path__in=candidates)
        .annotate(any_restriction=any_view_restriction_expression())
        .order_by("depth")
        .values_list("pk", "content_type_id", "url_path", "live", "any_restriction")
    )
    if rows:
        view_restriction_known(rows[0][4])
    if not rows or not rows[0][3] or [row[2] for row in rows] != candidates[: len(rows)]:
        # No live root in this language (Wagtail falls back to the site's own), a gap in
        # the chain, or two pages sharing a url_path: let Wagtail's walk decide.
        return None
    for _pk, content_type_id, url_path, _live, _restricted in rows[:-1]:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        consumed = len(_components(url_path)) - root_depth
        if model is None or not _routes_like_wagtail(model, components[consumed:]):
            return None
    pk, content_type_id, url_path, _live, _restricted = rows[-1]
    return (content_type_id, pk, len(_components(url_path)) - root_depth)


def routed_page(request: HttpRequest) -> Page | None:
    """The page Wagtail's ``serve`` view is serving for this request, once routed."""
    route = getattr(request, ROUTE_ATTRIBUTE, None)
    return route[0] if route else None


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
    port = request.get_port()

    def find() -> Site | None:
        sites, paths = read_sites()
        if not hasattr(request, ROOT_PATHS_ATTRIBUTE):
            setattr(request, ROOT_PATHS_ATTRIBUTE, paths)
        return pick_site(sites, split_domain_port(host)[0], port)

    key = ("site", host, port)
    setattr(request, SITE_ATTRIBUTE, site_memo.get(key, find))


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
        root_depth = _root_depth(request, site) if site is not None else None
        if root_depth is None:
            return None
        key = (site.pk, translation.get_language(), path)

        def walk() -> tuple[int, int, int] | None:
            found = find_route(request, site, path, root_depth)
            if found is not None:
                return found
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
        # A page type may join in what its template shows (``routing_queryset``).
        pages = model.routing_queryset() if hasattr(model, "routing_queryset") else model.objects
        page = pages.filter(pk=pk).first()
        if page is None:
            return None
        try:
            return page.route(request, _components(path)[consumed:])
        except Http404:
            return None
