"""The page cache: what it serves, to whom, and every change that must make it stale."""

import re
import subprocess
import sys

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.test import Client, RequestFactory

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

import pytest

from comments.models import Comment
from core.cache import current_generation, invalidate
from core.cache.middleware import PageCacheMiddleware
from tests.factories import AuthorFactory, BlogPostPageFactory, CategoryPageFactory, translate_page
from tests.reading import without_form_timestamps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    invalidate("test start")


@pytest.fixture
def post(site_tree):
    return BlogPostPageFactory(
        parent=site_tree["blog"], title="The alliance renewed", categories=[site_tree["category"]]
    )


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def get_twice(client: Client, url: str):
    first = client.get(url)
    second = client.get(url)
    return first, second


# What is cached, and for whom --------------------------------------------------------------------


def test_anonymous_reader_gets_the_second_request_from_the_cache(client, post):
    first, second = get_twice(client, post.url)
    assert first.status_code == second.status_code == 200
    assert cache_state(first) == "miss"
    assert cache_state(second) == "hit"
    assert b"The alliance renewed" in second.content


def test_a_hit_serves_exactly_what_was_rendered(client, site_tree, post):
    first, second = get_twice(client, site_tree["blog"].url)
    assert cache_state(second) == "hit"
    assert without_form_timestamps(second.content) == without_form_timestamps(first.content)
    assert second["Content-Type"] == first["Content-Type"]


def test_each_language_and_query_string_is_cached_apart(client, site_tree, post):
    ja_home = translate_page(site_tree["home"], site_tree["ja"], title="日英")
    client.get("/")
    japanese = client.get(ja_home.url)
    assert ja_home.url.startswith("/ja/")
    assert cache_state(japanese) == "miss"
    assert b'lang="ja"' in japanese.content
    assert b'lang="ja"' in client.get(ja_home.url).content

    client.get(site_tree["blog"].url)
    assert cache_state(client.get(site_tree["blog"].url + "?page=1")) == "miss"


def test_signed_in_users_never_get_or_fill_the_cache(client, admin_user, post):
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(post.url)
        assert response.status_code == 200
        assert cache_state(response) is None
    # Nothing an editor saw was stored for readers.
    anonymous = Client()
    assert cache_state(anonymous.get(post.url)) == "miss"


def test_posts_and_other_methods_bypass_the_cache(client, post):
    client.get(post.url)
    response = client.post(post.url, {})
    assert cache_state(response) is None


def test_a_reader_with_a_pending_message_is_never_served_from_the_cache(client, rf, post):
    client.get(post.url)
    assert cache_state(client.get(post.url)) == "hit"

    # The comment form leaves its "awaiting moderation" note in the messages cookie.
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(message_levels.SUCCESS, "Thank you: your comment is waiting for moderation.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    page = client.get(post.url)
    assert cache_state(page) is None
    assert b"waiting for moderation" in page.content


def test_previews_are_never_cached():
    request = RequestFactory().get("/blog/a-post/")
    request.is_preview = True
    middleware = PageCacheMiddleware(lambda request: HttpResponse("draft text"))
    assert not middleware.is_cacheable_request(request)


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(HttpResponse("not found", status=404), id="404"),
        pytest.param(HttpResponse("x", headers={"Cache-Control": "private"}), id="private"),
        pytest.param(HttpResponse("x", headers={"Cache-Control": "no-store"}), id="no-store"),
        pytest.param(HttpResponse("x", headers={"Vary": "User-Agent"}), id="vary-other"),
    ],
)
def test_responses_that_are_not_for_everyone_are_not_stored(response):
    request = RequestFactory().get("/somewhere/")
    assert not PageCacheMiddleware(lambda request: response).is_cacheable_response(
        request, response
    )


def test_a_response_setting_a_cookie_is_not_stored(settings, site_tree):
    def view(request):
        response = HttpResponse("for you alone")
        response.set_cookie("visited", "yes")
        return response

    middleware = PageCacheMiddleware(view)
    request = RequestFactory().get("/cookie/")
    first = middleware(request)
    second = middleware(RequestFactory().get("/cookie/"))
    assert cache_state(first) is None and cache_state(second) is None


# Forms: a token of each reader's own, where a page carries one -----------------------------------

CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def token_form_view(request):
    """A page with Django's usual token in a form, as any future form on the site would be."""
    template = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<button>Send</button></form>'
    )
    return HttpResponse(template.render({}, request))


def test_a_cached_page_with_a_form_token_gives_each_reader_their_own(rf):
    middleware = CsrfViewMiddleware(PageCacheMiddleware(token_form_view))
    first = middleware(rf.get("/form/"))
    second_request = rf.get("/form/")
    second = middleware(second_request)

    assert cache_state(first) == "miss" and cache_state(second) == "hit"
    first_token = CSRF_VALUE.search(first.content).group(1)
    second_token = CSRF_VALUE.search(second.content).group(1)
    assert first_token != second_token
    assert b"\x00" not in second.content
    assert settings.CSRF_COOKIE_NAME in second.cookies
    # The token served from the cache is valid against the cookie served with it.
    posted = rf.post("/form/", {"csrfmiddlewaretoken": second_token.decode()})
    posted.COOKIES[settings.CSRF_COOKIE_NAME] = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert CsrfViewMiddleware(token_form_view).process_view(posted, token_form_view, (), {}) is None
    # Shared caches must not keep a page holding a reader's own token.
    assert "private" in second["Cache-Control"]


def test_post_pages_and_indexes_are_public_to_shared_caches(client, site_tree, post):
    for url in (post.url, site_tree["blog"].url):
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        assert "s-maxage" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]


# Validators: 304s ---------------------------------------------------------------------------------


def test_etag_and_last_modified_give_304s_until_something_changes(client, site_tree, post):
    url = site_tree["blog"].url
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    BlogPostPageFactory(parent=site_tree["blog"], title="Something new")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert b"Something new" in fresh.content
    assert fresh["ETag"] != etag


# Invalidation: each change readers could see --------------------------------------------------------


def assert_refreshed(client: Client, url: str, expected: bytes, absent: bytes | None = None):
    response = client.get(url)
    assert cache_state(response) == "miss", f"{url} was served stale"
    assert expected in response.content
    if absent is not None:
        assert absent not in response.content


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url


def test_publishing_a_post_refreshes_home_index_category_and_feeds(client, site_tree, post):
    home, blog, category = site_tree["home"], site_tree["blog"], site_tree["category"]
    warm(client, home.url, blog.url, category.url)
    new = BlogPostPageFactory(parent=blog, title="Freshly published", live=False)
    revision = new.save_revision()
    # Read once before the publish, so that any part they are built from is cached stale.
    feeds = [f"{blog.url}feed/", f"{blog.url}feed/atom/", f"{category.url}feed/"]
    for url in feeds:
        assert b"Freshly published" not in client.get(url).content, url
    warm(client, home.url)  # a draft changes nothing readers see... but it did save a page:
    revision.publish()
    new.refresh_from_db()
    new.category_links.create(category=category)
    new.save_revision().publish()
    for url in (home.url, blog.url, category.url):
        assert_refreshed(client, url, b"Freshly published")
    # The feeds (not kept whole in the page cache, but built from cached parts) name it too.
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<title>Freshly published</title>" in response.content, url


def test_editing_a_published_post_refreshes_its_page(client, post):
    warm(client, post.url)
    post.title = "The alliance rewritten"
    post.save_revision().publish()
    assert_refreshed(client, post.url, b"The alliance rewritten", absent=b"The alliance renewed")


def test_editing_a_post_body_refreshes_its_cached_fragments(client, site_tree, post):
    warm(client, post.url, site_tree["blog"].url)
    post.body = [{"type": "paragraph", "value": "<p>A rewritten opening.</p>"}]
    post.save_revision().publish()
    assert_refreshed(client, post.url, b"A rewritten opening.")
    assert_refreshed(client, site_tree["blog"].url, b"A rewritten opening.")


def test_a_preview_never_shows_cached_fragments(client, post):
    warm(client, post.url)
    post.body = [{"type": "paragraph", "value": "<p>Draft words only.</p>"}]
    preview = post.make_preview_request()
    assert b"Draft words only." in preview.content
    assert b"Draft words only." not in client.get(post.url).content


def test_unpublishing_a_post_removes_it_everywhere(client, site_tree, post):
    warm(client, post.url, site_tree["blog"].url)
    post.unpublish()
    assert client.get(post.url).status_code == 404
    assert_refreshed(client, site_tree["blog"].url, b"<h1>", absent=b"The alliance renewed")


def test_deleting_a_post_removes_it_from_listings(client, site_tree, post):
    warm(client, site_tree["blog"].url, site_tree["home"].url)
    post.delete()
    assert_refreshed(client, site_tree["blog"].url, b"<h1>", absent=b"The alliance renewed")
    assert_refreshed(client, site_tree["home"].url, b"<h1", absent=b"The alliance renewed")


def test_moving_a_page_refreshes_old_and_new_addresses(client, site_tree):
    parent = CategoryPageFactory(parent=site_tree["blog"], title="Asia", slug="asia")
    moving = CategoryPageFactory(parent=site_tree["blog"], title="Japan", slug="japan")
    old_url = moving.url
    warm(client, old_url, parent.url)
    moving.move(parent, pos="last-child")
    moving.refresh_from_db()
    # The old address now leads to the new one (Wagtail adds a redirect) instead of the cached page.
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == moving.url
    assert cache_state(old) is None
    assert client.get(moving.url).status_code == 200
    assert_refreshed(client, parent.url, b"Asia")


def test_publishing_a_translation_refreshes_the_original(client, post, site_tree):
    warm(client, post.url)
    assert b'hreflang="ja"' not in client.get(post.url).content
    translate_page(post, site_tree["ja"], title="日英同盟の更新")
    assert_refreshed(client, post.url, b'hreflang="ja"')


def test_renaming_a_category_refreshes_posts_filed_under_it(client, site_tree, post):
    warm(client, post.url, site_tree["blog"].url)
    category = site_tree["category"]
    category.title = "Defence"
    category.save_revision().publish()
    assert_refreshed(client, post.url, b"Defence")
    assert_refreshed(client, site_tree["blog"].url, b"Defence")


def test_renaming_an_author_snippet_refreshes_their_posts(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], author=AuthorFactory(name="Ann Example"))
    warm(client, post.url, site_tree["blog"].url)
    post.author.name = "Ann Renamed"
    post.author.save()
    assert_refreshed(client, post.url, b"Ann Renamed")
    assert_refreshed(client, site_tree["blog"].url, b"Ann Renamed")


def test_changing_the_site_settings_refreshes_every_page(client, site_tree, post):
    warm(client, post.url, site_tree["home"].url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "The Renamed Review"
    site.save()
    assert_refreshed(client, post.url, b"The Renamed Review")
    assert_refreshed(client, site_tree["home"].url, b"The Renamed Review")


def test_saving_a_site_setting_makes_pages_stale(client, site_tree, post):
    from django.apps import apps

    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    setting_models = [
        model
        for model in apps.get_models()
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
        and model._meta.app_label in {"home", "blog"}
    ]
    assert setting_models, "the project has site settings"
    for model in setting_models:
        warm(client, post.url)
        site = Site.objects.get(is_default_site=True)
        instance = model.for_site(site) if issubclass(model, BaseSiteSetting) else model.load()
        instance.save()
        assert cache_state(client.get(post.url)) == "miss", model


def test_approving_a_comment_shows_it_and_a_pending_one_changes_nothing(client, post):
    warm(client, post.url)
    generation = current_generation()
    comment = Comment.objects.create(post=post, author_name="Reader", body="A pending thought.")
    # Pending comments show nowhere, so a flood of them cannot empty the cache.
    assert current_generation() == generation
    assert cache_state(client.get(post.url)) == "hit"

    comment.status = Comment.Status.APPROVED
    comment.save()
    assert_refreshed(client, post.url, b"A pending thought.")

    comment.status = Comment.Status.SPAM
    comment.save()
    assert_refreshed(client, post.url, b"<h1>", absent=b"A pending thought.")


def test_deleting_an_approved_comment_removes_it(client, post):
    comment = Comment.objects.create(
        post=post, author_name="Reader", body="Soon gone.", status=Comment.Status.APPROVED
    )
    warm(client, post.url)
    assert b"Soon gone." in client.get(post.url).content
    comment.delete()
    assert_refreshed(client, post.url, b"<h1>", absent=b"Soon gone.")


def test_bulk_moderation_in_the_admin_refreshes_the_post(client, admin_user, post):
    comment = Comment.objects.create(post=post, author_name="Reader", body="Approve me in bulk.")
    warm(client, post.url)
    editor = Client()
    editor.force_login(admin_user)
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    action = bulk_action_registry.get_bulk_action_class("comments", "comment", "approve")
    url = action.get_url() if hasattr(action, "get_url") else None
    if url is None:
        from django.urls import reverse

        url = reverse("wagtail_bulk_action", args=("comments", "comment", "approve"))
    response = editor.post(f"{url}?id={comment.pk}", {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert_refreshed(client, post.url, b"Approve me in bulk.")


def test_erasing_a_commenter_removes_their_name_from_cached_pages(client, post):
    from comments.moderation import erase_commenter

    Comment.objects.create(
        post=post,
        author_name="Hanako Private",
        author_email="hanako@example.com",
        body="Please forget me.",
        status=Comment.Status.APPROVED,
    )
    warm(client, post.url)
    assert b"Hanako Private" in client.get(post.url).content
    erase_commenter("hanako@example.com", delete=False)
    assert_refreshed(client, post.url, b"Please forget me.", absent=b"Hanako Private")


def test_renaming_a_tag_refreshes_its_posts(client, site_tree):
    from tests.factories import TagFactory

    tag = TagFactory(name="alliance")
    post = BlogPostPageFactory(parent=site_tree["blog"], tags=[tag])
    warm(client, post.url)
    tag.name = "partnership"
    tag.save()
    assert_refreshed(client, post.url, b"partnership")


def test_changing_an_image_refreshes_pages_and_renditions_do_not(client, site_tree):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Harbour", file=get_test_image_file())
    post = BlogPostPageFactory(parent=site_tree["blog"], feature_image=image)
    client.get(post.url)  # renders, and so creates, the renditions
    generation = current_generation()
    image.get_rendition("width-100")
    assert current_generation() == generation
    assert cache_state(client.get(post.url)) == "hit"
    image.title = "Harbour at dusk"
    image.save()
    assert cache_state(client.get(post.url)) == "miss"


def test_a_change_bumps_the_generation_again_when_it_commits(
    django_capture_on_commit_callbacks, post
):
    # A request that read the old rows before the commit must not keep its page.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post.title = "Committed title"
        post.save_revision().publish()
        during = current_generation()
    assert callbacks
    assert current_generation() != during


def test_workers_share_the_generation_through_the_file(client, post, settings):
    """Another process (a second gunicorn worker, a cron job) making a change empties this one's cache."""
    warm(client, post.url)
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='settings.test'; "
        f"from django.conf import settings; settings.PAGE_CACHE_GENERATION_FILE = {settings.PAGE_CACHE_GENERATION_FILE!r}; "
        "django.setup(); from core.cache import bump_generation; bump_generation()"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR)  # noqa: S603
    assert cache_state(client.get(post.url)) == "miss"
