"""Accounts and permissions: login lockout, strong passwords, and what each role can see."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from comments.models import Comment
from settings import base
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory

PASSWORD = "correct-horse-battery-staple"


def login_form(client, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", "editor@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reader(db):
    """A signed-in account with no admin access, such as a commenter's."""
    return get_user_model().objects.create_user("reader", "reader@example.com", PASSWORD)


@pytest.mark.django_db
@override_settings(
    AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AUTHENTICATION_BACKENDS=base.AUTHENTICATION_BACKENDS
)
def test_password_guessing_locks_the_login_for_that_address(client, editor):
    for _ in range(4):
        response = login_form(client, "a-wrong-guess")
        assert response.status_code == 200
        assert response.wsgi_request.user.is_anonymous
    # The fifth wrong guess locks the login.
    assert login_form(client, "a-wrong-guess").status_code == 429
    # The right password no longer helps from the guessing address...
    locked = login_form(client, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # A forged X-Forwarded-For does not get round it (no proxy is configured in front)...
    forged = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert forged.status_code == 429
    # ...while the real editor, elsewhere, still gets in.
    elsewhere = login_form(client, PASSWORD, address="10.0.0.2")
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize(
    "weak",
    ["alliance", "password1234", "12345678901234", "editor@example.com", "qwertyuiop"],
)
@pytest.mark.django_db
def test_weak_passwords_are_refused(weak):
    user = get_user_model()(username="editor", email="editor@example.com")
    with pytest.raises(ValidationError):
        validate_password(weak, user)


@pytest.mark.django_db
def test_a_strong_password_is_accepted():
    user = get_user_model()(username="editor", email="editor@example.com")
    validate_password("Kanagawa-treaty-1854-anniversary", user)


@pytest.fixture
def pages(site_tree):
    """A live post with a newer draft, a never-published draft and two private posts."""
    blog = site_tree["blog"]
    live = BlogPostPageFactory(parent=blog, title="Live post", slug="live-post")
    live.title = "Unpublished rewrite"
    live.save_revision()
    draft = BlogPostPageFactory(parent=blog, title="Secret draft", slug="secret-draft", live=False)
    members = BlogPostPageFactory(parent=blog, title="Members briefing", slug="members-briefing")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    password = BlogPostPageFactory(parent=blog, title="Embargoed briefing", slug="embargoed")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="embargo-2026"
    )
    pending = CommentFactory(
        post=live,
        body="Pending remark",
        author_email="hidden@example.com",
        status=Comment.Status.PENDING,
    )
    return {
        "live": live,
        "draft": draft,
        "members": members,
        "password": password,
        "pending": pending,
    }


ROLES = ["anonymous", "reader", "editor"]


def sign_in(client, role: str, request) -> None:
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_nobody_sees_drafts_on_the_public_site(client, pages, role, request):
    sign_in(client, role, request)
    live = client.get("/blog/live-post/")
    assert live.status_code == 200
    assert "Live post" in live.content.decode()
    assert "Unpublished rewrite" not in live.content.decode()
    assert client.get("/blog/secret-draft/").status_code == 404
    listing = client.get("/blog/").content.decode()
    assert "Secret draft" not in listing
    assert "Unpublished rewrite" not in listing
    # Search finds the live post, never the draft, the pending rewrite or the private posts.
    for query, hidden in [
        ("Secret", "/blog/secret-draft/"),
        ("Unpublished", "/blog/live-post/"),
        ("briefing", "/blog/members-briefing/"),
        ("briefing", "/blog/embargoed/"),
    ]:
        assert f'href="{hidden}"' not in client.get("/search/", {"query": query}).content.decode()
    assert 'href="/blog/live-post/"' in client.get("/search/", {"query": "Live"}).content.decode()


@pytest.mark.parametrize("role", ["anonymous", "reader"])
@pytest.mark.django_db
def test_readers_cannot_open_previews_or_the_admin(client, pages, role, request):
    sign_in(client, role, request)
    for url in [
        f"/admin/pages/{pages['draft'].pk}/edit/preview/",
        f"/admin/pages/{pages['live'].pk}/edit/",
        f"/admin/pages/{pages['draft'].pk}/revisions/",
        "/admin/users/",
        "/admin/",
    ]:
        response = client.get(url)
        # Signed out or signed in without admin access: sent to the admin's login.
        assert response.status_code == 302, url
        assert response["Location"] == f"/admin/login/?next={url}", url
        assert "Secret draft" not in response.content.decode()


@pytest.mark.django_db
def test_an_editor_previews_drafts_but_not_other_users_accounts(client, pages, editor, reader):
    client.force_login(editor)
    revision = pages["draft"].save_revision()
    preview = client.get(f"/admin/pages/{pages['draft'].pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "Secret draft" in preview.content.decode()
    other_account = reverse("wagtailusers_users:edit", args=[reader.pk])
    # Wagtail sends an editor without the permission back to the dashboard; Django's admin,
    # which editors are not staff of, to its own login.
    refused_to_editors = {
        "/admin/users/": (302, "/admin/"),
        other_account: (302, "/admin/"),
        "/admin/groups/": (302, "/admin/"),
        "/django-admin/": (302, "/django-admin/login/?next=/django-admin/"),
    }
    for url in ["/admin/users/", other_account, "/admin/groups/", "/django-admin/"]:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == refused_to_editors[url], url
        assert "reader@example.com" not in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "editor"])
@pytest.mark.django_db
def test_private_pages_need_a_login_or_their_password(client, pages, role, request):
    sign_in(client, role, request)
    members = client.get("/blog/members-briefing/")
    if role == "anonymous":
        assert members.status_code == 302
        assert "Members briefing" not in members.content.decode()
    else:
        assert members.status_code == 200
    embargoed = client.get("/blog/embargoed/")
    assert embargoed.status_code == 200
    assert (
        "Embargoed briefing"
        not in embargoed.content.decode().split("<title>")[-1].split("</title>")[-1]
    )
    assert 'type="password"' in embargoed.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_comments_show_no_pending_text_and_no_email_addresses(client, pages, role, request):
    sign_in(client, role, request)
    CommentFactory(post=pages["live"], body="Approved remark", author_email="shown-not@example.com")
    html = client.get("/blog/live-post/").content.decode()
    assert "Pending remark" not in html
    assert "hidden@example.com" not in html
    assert "shown-not@example.com" not in html
