"""The private parts of Wagtail, modelsearch, treebeard and Django the project relies on
(docs/upstream.md), each checked for the shape and behaviour relied upon.

An upgrade that renames, removes or changes one of them fails here, by name, rather than
somewhere far away or not at all. Each test names the module that uses the private part.
"""

import ast
import inspect
import io
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from django.db import connection
from django.db.models import Value
from django.db.models.query import get_related_populators
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils.functional import cached_property

from wagtail import views as wagtail_views
from wagtail.documents.models import Document
from wagtail.images.models import Filter, Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

import pytest

from blog.models import BlogPostPage
from core import routing
from tests.factories import BlogPostPageFactory, CategoryPageFactory
from wordpress_import import upstream as importer_upstream

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

if connection.vendor == "sqlite":
    # modelsearch's SQLite module defines its full-text model on SQLite only.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )
    from modelsearch.query import MatchAll, Not, PlainText
    from modelsearch.utils import get_descendants_content_types_pks

    from search.backends import SQLITE_MODULE
    from search.backends.sqlite import NewestFirstSQLiteSearchBackend

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# Wagtail: the answers Site.find_for_request and Page.route_for_request keep on the request
# (core/routing.py) ------------------------------------------------------------------------


def test_wagtail_keeps_and_reads_the_site_on_the_request(rf, site_tree, django_assert_num_queries):
    request = rf.get("/")
    found = Site.find_for_request(request)
    assert found == Site.objects.get(is_default_site=True)
    assert getattr(request, routing.SITE_ATTRIBUTE) is found

    other = rf.get("/")
    given = Site(hostname="given.example")
    setattr(other, routing.SITE_ATTRIBUTE, given)
    with django_assert_num_queries(0):
        assert Site.find_for_request(other) is given


def test_wagtail_reads_the_site_root_paths_kept_on_the_request(
    rf, site_tree, django_assert_num_queries
):
    request = rf.get("/")
    Site.find_for_request(request)
    paths = routing.site_root_paths(request)
    assert getattr(request, routing.ROOT_PATHS_ATTRIBUTE) is paths
    # Page URLs built for this request read the root paths routing kept: no query.
    with django_assert_num_queries(0):
        assert site_tree["blog"].get_url(request) == "/blog/"

    other = rf.get("/")
    Site.find_for_request(other)
    setattr(other, routing.ROOT_PATHS_ATTRIBUTE, [])
    with django_assert_num_queries(0):
        assert site_tree["blog"].get_url(other) is None  # what was given is what it used


def test_wagtail_keeps_its_site_root_paths_where_routing_reads_and_writes_them(site_tree):
    # core/routing.py reads Wagtail's cache entry, and fills it after reading the sites itself.
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    paths = Site.get_site_root_paths()
    kept = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    assert [SiteRootPath(*path) for path in kept] == paths
    assert SiteRootPath._fields == ("site_id", "root_path", "root_url", "language_code")
    Site.clear_site_root_paths_cache()
    assert cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) is None


def test_wagtail_keeps_and_reads_the_route_on_the_request(rf, site_tree, django_assert_num_queries):
    request = rf.get("/blog/")
    result = Page.route_for_request(request, "/blog/")
    assert result[0].pk == site_tree["blog"].pk
    assert getattr(request, routing.ROUTE_ATTRIBUTE) is result

    other = rf.get("/blog/")
    given = (site_tree["home"], [], {})
    setattr(other, routing.ROUTE_ATTRIBUTE, given)
    with django_assert_num_queries(0):
        assert Page.route_for_request(other, "/blog/") is given


def test_wagtails_serve_view_serves_the_route_kept_on_the_request(site_tree):
    # The route memo hands its answer to this view and no other.
    assert resolve("/blog/").func is wagtail_views.serve
    request = RequestFactory().get("/blog/")
    request.user = AnonymousUser()
    home = site_tree["home"]
    home.tagline = "Served from the route given"
    home.save_revision().publish()
    setattr(request, routing.ROUTE_ATTRIBUTE, (home, [], {}))
    response = wagtail_views.serve(request, "blog/")
    response.render()
    assert b"Served from the route given" in response.content


# modelsearch: the SQLite compiler replaced in search/backends/sqlite.py -----------------------


@on_sqlite
def test_modelsearch_sqlite_backend_module_and_compiler_hook():
    assert SQLiteSearchBackend.__module__ == SQLITE_MODULE
    assert SQLiteSearchBackend.query_compiler_class is SQLiteSearchQueryCompiler
    assert issubclass(NewestFirstSQLiteSearchBackend, SQLiteSearchBackend)


@on_sqlite
def test_modelsearch_sqlite_compiler_methods_have_the_shape_overridden_and_called():
    assert parameters(SQLiteSearchQueryCompiler.search) == [
        "self",
        "config",
        "start",
        "stop",
        "score_field",
    ]
    assert parameters(SQLiteSearchQueryCompiler.build_search_query)[:3] == [
        "self",
        "query",
        "config",
    ]
    assert SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS == ["title", "body"]
    compiler = SQLiteSearchQueryCompiler(
        BlogPostPage.objects.order_by("-date"), PlainText("harbour"), order_by_relevance=False
    )
    assert compiler.queryset.query.order_by == ("-date",)
    assert isinstance(compiler.query, PlainText)
    assert compiler.fields is None
    assert compiler.order_by_relevance is False


@on_sqlite
def test_modelsearch_sqlite_query_helpers_behave_as_relied_upon(site_tree):
    assert isinstance(normalize(MatchAll()), MatchAll)
    assert isinstance(normalize(Not(PlainText("harbour"))), Not)
    assert parameters(MatchExpression.__init__) == ["self", "columns", "query"]
    entry = SQLiteFTSIndexEntry._meta.get_field("index_entry").related_model
    assert {"content_type", "object_id"} <= {field.name for field in entry._meta.get_fields()}
    post = BlogPostPageFactory(parent=site_tree["blog"])
    assert post.content_type_id in set(get_descendants_content_types_pks(BlogPostPage))


# treebeard, Wagtail and Django: the WordPress importer's private uses, all behind the thin
# functions of wordpress_import/upstream.py (and treebeard's _get_path in bench/generate.py)


def test_treebeard_path_helpers_used_to_append_pages(site_tree):
    blog = site_tree["blog"]
    assert Page._get_path(blog.path, blog.depth + 1, 1) == blog.path + "0001"
    assert Page(path=blog.path + "0001")._inc_path() == blog.path + "0002"
    assert importer_upstream.child_path(blog, None) == blog.path + "0001"
    assert importer_upstream.child_path(blog, blog.path + "0001") == blog.path + "0002"
    low, high = importer_upstream.children_path_range(blog)
    category = site_tree["category"]
    assert low <= category.path <= high
    assert not low <= site_tree["home"].path <= high


def test_a_parent_kept_on_the_page_is_used_and_core_defaults_are_set(site_tree):
    page = CategoryPageFactory.build(title="Appended", slug="appended")
    page.path = Page._get_path(site_tree["blog"].path, site_tree["blog"].depth + 1, 99)
    page.depth = site_tree["blog"].depth + 1
    assert parameters(Page._set_core_field_defaults) == ["self"]
    importer_upstream.prepare_child(page, site_tree["blog"])
    assert page._cached_parent_obj is site_tree["blog"]
    with CaptureQueriesContext(connection) as queries:
        assert page.get_parent() is site_tree["blog"]
    assert len(queries) == 0
    assert page.draft_title == "Appended"
    assert page.locale_id == site_tree["blog"].locale_id


def test_image_and_document_metadata_helpers_fill_size_and_hash():
    image = Image(title="Imported", file=get_test_image_file())
    importer_upstream.fill_image_metadata(image)
    assert (image.width, image.height) == (640, 480)
    assert image.file_size > 0 and len(image.file_hash) == 40
    document = Document(title="Imported", file=ContentFile(b"%PDF-1.4", name="imported.pdf"))
    importer_upstream.fill_document_metadata(document)
    assert document.file_size == 8 and len(document.file_hash) == 40


def test_django_output_wrapper_keeps_its_stream():
    target = io.StringIO()
    assert importer_upstream.real_stream(OutputWrapper(target)) is target


def private_names(path: Path) -> list[str]:
    """``obj._name`` uses in ``path`` where ``obj`` is not the module's own ``self``/``cls``
    (Django's documented ``_meta`` aside)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") or node.attr == "_meta":
            continue
        if isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}:
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    return found


def test_the_importer_uses_private_upstream_names_in_one_module_only():
    fenced = ROOT / "wordpress_import" / "upstream.py"
    others = [
        name
        for path in sorted((ROOT / "wordpress_import").rglob("*.py"))
        if path != fenced and "migrations" not in path.parts
        for name in private_names(path)
    ]
    assert others == []
    # The check finds what it looks for: the fence's names, each listed in docs/upstream.md.
    assert {name.rsplit(".", 1)[1] for name in private_names(fenced)} == {
        "_get_children_path_interval",
        "_inc_path",
        "_get_path",
        "_cached_parent_obj",
        "_set_core_field_defaults",
        "_set_image_file_metadata",
        "_set_document_file_metadata",
        "_out",
    }


# Django ---------------------------------------------------------------------------------------


def test_django_flags_a_request_whose_form_token_was_used(rf):
    # core/cache/middleware.py: a page holding a form token gets each reader a token of their own.
    request = rf.get("/")
    CsrfViewMiddleware(lambda request: None).process_request(request)
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    get_token(request)
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is True


def test_django_keeps_prefetched_relations_by_name(site_tree):
    # blog/models/post.py: a post's links are read with a join unless a listing prefetched them.
    BlogPostPageFactory(parent=site_tree["blog"], categories=[site_tree["category"]])
    post = BlogPostPage.objects.prefetch_related("category_links").get()
    assert "category_links" in post._prefetched_objects_cache


def test_django_test_client_requests_are_flagged_exempt_from_csrf(client, site_tree):
    # comments/forgery.py: the test client's requests skip the forgery check as they skip
    # Django's own CSRF check.
    response = client.get("/")
    assert response.wsgi_request._dont_enforce_csrf_checks is True


def test_wagtails_picture_parser_and_node_as_the_picture_tag_uses_them(monkeypatch):
    """core/templatetags/picture_tags.py hands Wagtail's parsed arguments to a subclass of
    its PictureNode whose filters are made once: the same HTML, and no spec parsed again."""
    image = Image.objects.create(title="Harbour", file=get_test_image_file(size=(640, 480)))
    source = (
        '{% picture image format-{webp,jpeg} width-{100,200} sizes="50vw" alt="" loading="lazy" %}'
    )
    wagtails = Template("{% load wagtailimages_tags %}" + source)
    ours = Template("{% load picture_tags %}" + source)
    context = Context({"image": image})
    assert ours.render(context) == wagtails.render(context)

    parsed = []
    original = Filter.operations.func

    def counting(self):
        parsed.append(self.spec)
        return original(self)

    monkeypatch.setattr(Filter, "operations", cached_property(counting))
    ours.render(context)  # the filters are made and parsed on the first render only
    parsed.clear()
    fresh = Image.objects.prefetch_renditions().get(pk=image.pk)
    html = ours.render(Context({"image": fresh}))
    assert parsed == []
    assert "format-webp.width-100.webp 100w" in html


def test_django_compiler_parts_the_neighbour_statement_reads(site_tree):
    # blog/models/post.py NeighbourStatement compiles a queryset once and builds its rows as
    # Django's ModelIterable does, from these parts of the compiler.
    BlogPostPageFactory(parent=site_tree["blog"])
    queryset = BlogPostPage.objects.select_related("locale").annotate(seen=Value(1))
    compiler = queryset.query.get_compiler(using="default")
    sql, params = compiler.as_sql()
    assert list(inspect.signature(get_related_populators).parameters) == [
        "klass_info",
        "select",
        "db",
    ]
    assert compiler.klass_info["model"] is BlogPostPage
    fields = compiler.klass_info["select_fields"]
    init_list = [column[0].target.attname for column in compiler.select[fields[0] : fields[-1] + 1]]
    assert "title" in init_list
    assert dict(compiler.annotation_col_map)["seen"] < len(compiler.select)
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    (row,) = list(rows)
    post = BlogPostPage.from_db("default", init_list, row[fields[0] : fields[-1] + 1])
    for populator in get_related_populators(compiler.klass_info, compiler.select, "default"):
        populator.populate(row, post)
    assert post == BlogPostPage.objects.get()
    assert post.locale == site_tree["en"]
