"""Every screen the admin's menu leads to, every listing search and every chooser answers 200.

The menu is read from Wagtail's own registry (what a superuser's sidebar shows), so a model
added to the admin later is walked without changing this test. Each listing is opened with and
without a query; each chooser registered as a viewset, and the page chooser, is searched.
"""

from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.contrib.redirects.models import Redirect
from wagtail_localize.models import Translation, TranslationSource

import pytest
import wagtail_factories

from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import AuthorFactory, BlogPostPageFactory, TagFactory, translate_page

# Words found in the rows made below (so a search returns rows), and one found nowhere.
QUERIES = ["pact", "team", "存在しない"]


@pytest.fixture
def client():
    """A client that reports a server error as a 500 response, so one walk lists them all."""
    return Client(raise_request_exception=False)


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("walker", "walker@example.com", "pw-walker")


@pytest.fixture
def every_kind_of_row(site_tree):
    """At least one row of each model the admin lists, with words the queries find."""
    author = AuthorFactory(name="Editorial team")
    tag = TagFactory(name="pact", locale=site_tree["en"])
    post = BlogPostPageFactory(
        parent=site_tree["blog"], title="The pact of 1902", slug="pact", author=author, tags=[tag]
    )
    post.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(post)
    Translation.objects.get_or_create(source=source, target_locale=site_tree["ja"])
    translate_page(post, site_tree["ja"], title="日英同盟")
    CommentFactory(post=post, body="A pact worth keeping.", status=Comment.Status.PENDING)
    wagtail_factories.ImageFactory(title="Signing of the pact")
    wagtail_factories.DocumentFactory(title="Text of the pact")
    Redirect.objects.create(old_path="/old-pact", redirect_page=post)
    return post


def menu_urls(user) -> list[str]:
    """The address of every item in the admin menu a user sees, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls: list[str] = []
    pending = list(admin_menu.menu_items_for_request(request))
    while pending:
        item = pending.pop()
        if isinstance(item, SubmenuMenuItem):
            pending.extend(item.menu.menu_items_for_request(request))
        elif item.url.startswith("/admin/"):
            urls.append(item.url)
    return sorted(set(urls))


def chooser_urls() -> list[str]:
    urls = [reverse("wagtailadmin_choose_page"), reverse("wagtailadmin_choose_page_search")]
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ChooserViewSet):
            urls.append(reverse(viewset.get_url_name("choose")))
            urls.append(reverse(viewset.get_url_name("choose_results")))
    return urls


@pytest.mark.django_db
def test_the_menu_reaches_every_model_the_admin_shows(admin):
    urls = menu_urls(admin)
    for expected in [
        "/admin/pages/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/blog/tag/",
        "/admin/snippets/blog/author/",
        "/admin/snippets/comments/comment/",
        "/admin/redirects/",
    ]:
        assert any(url.startswith(expected) for url in urls), (expected, urls)


@pytest.mark.django_db
def test_every_menu_screen_and_its_search_answers(client, admin, every_kind_of_row):
    client.force_login(admin)
    failures = []
    for url in menu_urls(admin):
        for query in ["", *QUERIES]:
            address = f"{url}?q={query}" if query else url
            response = client.get(address, follow=True)
            if response.status_code != 200:
                failures.append((address, response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_every_chooser_searches(client, admin, every_kind_of_row):
    client.force_login(admin)
    failures = []
    for url in chooser_urls():
        # A chooser opened from a Japanese page searches within that language (``locale``).
        for params in ["", "locale=ja", *(f"q={q}" for q in QUERIES), "q=pact&locale=ja"]:
            address = f"{url}?{params}" if params else url
            response = client.get(address, headers={"x-requested-with": "XMLHttpRequest"})
            if response.status_code != 200:
                failures.append((address, response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_a_tag_search_finds_the_tag(client, admin, every_kind_of_row):
    client.force_login(admin)
    listing = client.get("/admin/snippets/blog/tag/?q=pact")
    assert listing.status_code == 200
    assert "pact" in listing.content.decode()
    chooser = client.get(
        reverse("wagtailsnippetchoosers_blog_tag:choose_results") + "?q=pact&locale=en"
    )
    assert chooser.status_code == 200
    assert "pact" in chooser.content.decode()
    authors = client.get("/admin/snippets/blog/author/?q=team")
    assert authors.status_code == 200
    assert "Editorial team" in authors.content.decode()
