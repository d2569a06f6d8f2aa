"""Invalidation: what readers see makes cached pages stale, what editors do meanwhile never does.

Every change here is made to pages with no category or tag links (the home page, a
ContentPage, a post filed nowhere), so that exactly one rule of core.cache.signals can make
the page stale: breaking any one rule fails its own test (docs/quality.md lists which).
"""

import logging

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from django.test import Client
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
    Site,
    WorkflowState,
)
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from blog.models import BlogSettings, ContentPage
from comments.admin_views import bulk_action_url
from comments.models import Comment
from core.cache import current_generation, invalidate, signals
from tests.core.purge_recorder import recording_proxy
from tests.factories import AuthorFactory, BlogPostPageFactory, TagFactory

pytestmark = pytest.mark.django_db


# Each rule's receiver and the id it is connected under (the WordPress importer pauses the
# save rule by its id while it writes thousands of rows).
RULES = [
    (post_save, "page_cache_save"),
    (post_delete, "page_cache_delete"),
    (pre_delete, "page_cache_file_deleted"),
    (page_published, "page_cache_published"),
    (page_unpublished, "page_cache_unpublished"),
    (post_page_move, "page_cache_moved"),
]


def disconnect_rules() -> list[str]:
    """Disconnect every rule and forget which models are shown; returns the ids not found."""
    missing = [uid for signal, uid in RULES if not signal.disconnect(dispatch_uid=uid)]
    for model, when in signals._shown.items():
        uid = f"page_cache_was_{model}"
        if when is not None and not post_init.disconnect(sender=model, dispatch_uid=uid):
            missing.append(uid)
    signals._shown.clear()
    return missing


@pytest.fixture(autouse=True)
def wired_afresh():
    """The rules wired again, by connect() and each app's declarations, as at start-up.

    A test process wires them once when it starts; mutation testing (mutmut) forks each
    mutant's tests from a process that has started already, so only a test that wires the
    rules itself would notice a broken connect() or shown_to_readers().
    """
    declared = dict(signals._shown)
    disconnect_rules()
    signals.connect()
    for model, when in declared.items():
        if model not in signals._shown:  # declared by an app above core (blog, comments)
            signals.shown_to_readers(model, when)
    yield declared
    disconnect_rules()
    signals.connect()
    for model, when in declared.items():
        signals.shown_to_readers(model, when)


@pytest.fixture(autouse=True)
def empty_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    invalidate("test start")


@pytest.fixture
def proxy(settings):
    with recording_proxy(settings) as received:
        yield received


@pytest.fixture
def editor(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def about(site_tree) -> ContentPage:
    """A live page with no links: only its own publish, move or delete can make it stale."""
    page = ContentPage(title="About", slug="about", body=[("paragraph", "<p>Who we are.</p>")])
    site_tree["home"].add_child(instance=page)
    return page


@pytest.fixture
def post(site_tree):
    """A live post filed under no category and no tag."""
    return BlogPostPageFactory(parent=site_tree["blog"], title="Unfiled thoughts", slug="unfiled")


def state(client: Client, url: str) -> tuple[int, str | None]:
    response = client.get(url)
    return response.status_code, response.headers.get("X-Page-Cache")


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert state(client, url) == (200, "hit"), url


def assert_fresh(client: Client, url: str, expected: bytes | None = None) -> None:
    response = client.get(url)
    assert response.headers.get("X-Page-Cache") == "miss", f"{url} was served stale"
    if expected is not None:
        assert expected in response.content


# What editors do while they work: never a change readers see ---------------------------------


def test_drafts_locks_unlocks_and_autosaves_leave_the_blog_cached(
    client, editor, site_tree, post, about, proxy, django_capture_on_commit_callbacks
):
    blog = site_tree["blog"].url
    warm(client, blog, post.url, about.url)
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "A draft title"
        post.save_revision()
        assert state(client, blog) == (200, "hit"), "a draft save made the blog stale"

        response = editor.post(reverse("wagtailadmin_pages:lock", args=[post.pk]))
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.locked
        assert state(client, blog) == (200, "hit"), "a lock made the blog stale"

        response = editor.post(reverse("wagtailadmin_pages:unlock", args=[post.pk]))
        assert response.status_code == 302
        post.refresh_from_db()
        assert not post.locked
        assert state(client, blog) == (200, "hit"), "an unlock made the blog stale"

        # The editor's autosave: the edit view, asked for JSON, saves a revision.
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=[about.pk]),
            nested_form_data(
                {
                    "title": "About us (autosaved draft)",
                    "slug": "about",
                    "body": streamfield([("paragraph", rich_text("<p>Who we are, drafted.</p>"))]),
                }
            ),
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200
        assert response.json()["success"] is True
        about.refresh_from_db()
        assert about.draft_title == "About us (autosaved draft)"
        assert about.title == "About"
        assert state(client, blog) == (200, "hit"), "an autosave made the blog stale"
        assert state(client, about.url) == (200, "hit")
    assert current_generation() == generation
    assert proxy == [], "the front cache was purged or banned for an editor's work"

    # Publishing what was drafted is a change readers see.
    with django_capture_on_commit_callbacks(execute=True):
        post.get_latest_revision().publish()
    assert_fresh(client, blog, b"A draft title")
    assert ("BAN", "/") in proxy


def test_editing_sessions_and_workflows_leave_pages_cached(client, editor, site_tree, about):
    warm(client, about.url)
    generation = current_generation()
    # Opening the editor starts an editing session, which the page pings while it is open.
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[about.pk])).status_code == 200
    response = editor.post(
        reverse(
            "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", str(about.pk), 0]
        )
    )
    assert response.status_code == 200
    # Submitting for moderation saves a revision and starts a workflow.
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[about.pk]),
        nested_form_data(
            {
                "title": "About (for review)",
                "slug": "about",
                "body": streamfield([("paragraph", rich_text("<p>Under review.</p>"))]),
                "action-submit": "Submit",
            }
        ),
    )
    assert response.status_code == 302
    assert WorkflowState.objects.filter(object_id=str(about.pk)).exists()
    assert current_generation() == generation
    assert state(client, about.url) == (200, "hit")


def test_a_new_draft_page_and_its_deletion_leave_pages_cached(client, site_tree):
    home = site_tree["home"]
    warm(client, home.url)
    generation = current_generation()
    draft = ContentPage(title="Not yet", slug="not-yet", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    draft.delete()
    assert current_generation() == generation
    assert state(client, home.url) == (200, "hit")


def test_pending_comments_renditions_search_counts_and_uploads_leave_pages_cached(
    client, post, site_tree
):
    image = Image.objects.create(title="Harbour", file=get_test_image_file())
    post.feature_image = image
    post.save_revision().publish()
    warm(client, post.url)
    generation = current_generation()
    Comment.objects.create(post=post, author_name="Reader", body="Pending words.")
    image.get_rendition("width-120")
    Query.get("alliance").add_hit()
    Image.objects.create(title="Fresh upload", file=get_test_image_file())
    assert current_generation() == generation
    assert state(client, post.url) == (200, "hit")


def test_each_rule_is_wired_under_its_id(wired_afresh):
    assert disconnect_rules() == []


# Each change readers see, through its own rule ------------------------------------------------


def test_publishing_the_home_page_refreshes_it(client, site_tree):
    home = site_tree["home"]
    warm(client, home.url)
    home.tagline = "A tagline just published"
    home.save_revision().publish()
    assert_fresh(client, home.url, b"A tagline just published")


def test_unpublishing_a_page_stops_serving_it(client, about):
    warm(client, about.url)
    about.unpublish()
    assert state(client, about.url) == (404, None)


def test_moving_a_page_stops_serving_it_at_its_old_address(client, site_tree, about):
    new_parent = ContentPage(title="Company", slug="company")
    site_tree["home"].add_child(instance=new_parent)
    old_url = about.url
    warm(client, old_url)
    about.move(new_parent, pos="last-child")
    about.refresh_from_db()
    assert about.url == "/company/about/"
    # Wagtail's redirect app sends the old address on to the new one.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/company/about/")
    assert state(client, about.url) == (200, "miss")


def test_deleting_a_live_page_stops_serving_it(client, about):
    warm(client, about.url)
    about.delete()
    assert state(client, about.url) == (404, None)


def test_a_page_created_live_refreshes_pages(client, site_tree):
    # An alias, an import or a factory makes a page live without Wagtail's publish signal.
    home = site_tree["home"]
    warm(client, home.url)
    home.add_child(instance=ContentPage(title="Born live", slug="born-live"))
    assert_fresh(client, home.url)


def test_renaming_an_author_refreshes_their_posts(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], author=AuthorFactory(name="Ann Example"))
    warm(client, post.url)
    post.author.name = "Ann Renamed"
    post.author.save()
    assert_fresh(client, post.url, b"Ann Renamed")


def test_renaming_a_tag_refreshes_pages(client, site_tree):
    tag = TagFactory(name="alliance")
    post = BlogPostPageFactory(parent=site_tree["blog"], tags=[tag])
    warm(client, post.url)
    tag.name = "partnership"
    tag.save()
    assert_fresh(client, post.url, b"partnership")


def test_saving_the_blog_settings_refreshes_pages(client, site_tree):
    warm(client, site_tree["home"].url)
    BlogSettings.for_site(Site.objects.get(is_default_site=True)).save()
    assert_fresh(client, site_tree["home"].url)


@pytest.mark.parametrize(
    "change",
    ["site", "locale", "page restriction", "collection restriction", "search promotion"],
)
def test_each_always_shown_wagtail_model_refreshes_pages(client, site_tree, about, change):
    warm(client, about.url)
    if change == "site":
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Renamed review"
        site.save()
    elif change == "locale":
        Locale.objects.create(language_code="fr")
    elif change == "page restriction":
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif change == "collection restriction":
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(),
            restriction_type=CollectionViewRestriction.LOGIN,
        )
    else:
        SearchPromotion.objects.create(query=Query.get("about"), page=about, sort_order=0)
    response = client.get(about.url)
    # A restricted page is no longer cached at all: it shows its password form instead.
    assert response.headers.get("X-Page-Cache") != "hit", "the page was served stale"
    assert (b"Who we are." in response.content) is (change != "page restriction")


def test_approving_a_comment_shows_it_and_taking_it_back_hides_it(client, post):
    comment = Comment.objects.create(post=post, author_name="Reader", body="Worth reading.")
    warm(client, post.url)
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert_fresh(client, post.url, b"Worth reading.")

    warm(client, post.url)
    comment = Comment.objects.get(pk=comment.pk)  # loaded approved, as the admin would
    comment.status = Comment.Status.SPAM
    comment.save()
    response = client.get(post.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert b"Worth reading." not in response.content


def test_marking_a_pending_comment_as_spam_changes_nothing(client, post):
    comment = Comment.objects.create(post=post, author_name="Spammer", body="Buy now.")
    warm(client, post.url)
    comment = Comment.objects.get(pk=comment.pk)
    comment.status = Comment.Status.SPAM
    comment.save()
    comment.delete()
    assert state(client, post.url) == (200, "hit")


def test_deleting_an_approved_comment_removes_it(client, post):
    comment = Comment.objects.create(
        post=post, author_name="Reader", body="Soon gone.", status=Comment.Status.APPROVED
    )
    warm(client, post.url)
    Comment.objects.get(pk=comment.pk).delete()
    response = client.get(post.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert b"Soon gone." not in response.content


def test_bulk_approval_in_the_admin_refreshes_the_post(client, editor, post):
    comment = Comment.objects.create(post=post, author_name="Reader", body="Approved in bulk.")
    warm(client, post.url)
    response = editor.post(bulk_action_url("approve", comment.pk), {"next": "/admin/"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert_fresh(client, post.url, b"Approved in bulk.")


def test_bulk_spam_of_pending_comments_changes_nothing(client, editor, post):
    comment = Comment.objects.create(post=post, author_name="Spammer", body="Buy now.")
    warm(client, post.url)
    response = editor.post(bulk_action_url("spam", comment.pk), {"next": "/admin/"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert state(client, post.url) == (200, "hit")


def test_changing_an_image_in_use_refreshes_pages_and_one_not_in_use_does_not(client, post):
    used = Image.objects.create(title="Harbour", file=get_test_image_file())
    unused = Image.objects.create(title="Mountain", file=get_test_image_file())
    post.feature_image = used
    post.save_revision().publish()
    warm(client, post.url)
    unused.title = "Mountain at dawn"
    unused.save()
    assert state(client, post.url) == (200, "hit")
    used.title = "Harbour at dusk"
    used.save()
    assert_fresh(client, post.url)


def test_deleting_an_image_in_use_refreshes_pages(client, post):
    image = Image.objects.create(title="Harbour", file=get_test_image_file())
    post.feature_image = image
    post.save_revision().publish()
    warm(client, post.url)
    image.delete()
    assert_fresh(client, post.url)


def test_changing_a_linked_document_refreshes_pages(client, site_tree):
    document = Document.objects.create(title="Treaty text", file=ContentFile(b"%PDF", "t.pdf"))
    post = BlogPostPageFactory(
        parent=site_tree["blog"],
        body=[
            {
                "type": "paragraph",
                "value": f'<p><a linktype="document" id="{document.pk}">The treaty</a></p>',
            }
        ],
    )
    warm(client, post.url)
    document.title = "Treaty text (1902)"
    document.save()
    assert_fresh(client, post.url)


def test_without_a_current_reference_index_every_image_counts_as_used(client, post, settings):
    image = Image.objects.create(title="Not used yet", file=get_test_image_file())
    warm(client, post.url)
    # Queued for a worker, the reference index may not know of a use made a moment ago.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image.title = "Used, as far as anyone knows"
    image.save()
    assert_fresh(client, post.url)


def test_the_front_cache_log_says_which_change_banned_it(
    site_tree, about, proxy, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="core.cache.frontend")
    company = ContentPage(title="Company", slug="company")
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["home"].add_child(instance=company)
        about.save_revision().publish()
        about.move(company, pos="last-child")
        about.unpublish()
        author = AuthorFactory(name="Ann Example")
        author_pk = author.pk
        author.delete()
    logged = {r.getMessage() for r in caplog.records if r.name == "core.cache.frontend"}
    for change in [
        f"page {company.pk} created live",
        f"page {about.pk} published",
        f"page {about.pk} moved",
        f"page {about.pk} unpublished",
        f"blog.Author {author_pk} saved",
        f"blog.Author {author_pk} deleted",
    ]:
        assert f"Front cache banned ({change})" in logged
