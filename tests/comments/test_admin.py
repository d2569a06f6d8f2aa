"""The moderation queue in the Wagtail admin: listing, filters, actions, dashboard and erasure."""

from urllib.parse import parse_qs

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from comments.admin_views import bulk_action_url
from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_comments_comment:list"


def bulk_url(action: str, *comments: Comment) -> str:
    ids = "&".join(f"id={comment.pk}" for comment in comments)
    return reverse("wagtail_bulk_action", args=("comments", "comment", action)) + "?" + ids


@pytest.fixture
def moderator(client, django_user_model):
    user = django_user_model.objects.create_superuser("moderator", "mod@example.com", "pw")
    client.force_login(user)
    return user


def test_the_queue_filters_by_status_and_post(client, moderator, post, site_tree):
    other = BlogPostPageFactory(parent=site_tree["blog"], title="Another post")
    CommentFactory(post=post, author_name="Pending Pat", status=Comment.Status.PENDING)
    CommentFactory(post=post, author_name="Approved Amy")
    CommentFactory(post=other, author_name="Other Otto", status=Comment.Status.PENDING)

    everything = client.get(reverse(LIST)).content.decode()
    assert all(name in everything for name in ("Pending Pat", "Approved Amy", "Other Otto"))

    pending = client.get(reverse(LIST) + "?status=pending").content.decode()
    assert "Pending Pat" in pending and "Other Otto" in pending
    assert "Approved Amy" not in pending

    on_post = client.get(reverse(LIST) + f"?status=pending&post={post.pk}").content.decode()
    assert "Pending Pat" in on_post
    assert "Other Otto" not in on_post


def moderate_url(comment: Comment, action: str) -> str:
    return reverse("wagtailsnippets_comments_comment:moderate", args=[comment.pk, action])


def test_each_row_offers_one_click_approve_spam_and_delete(client, moderator, post):
    pending = CommentFactory(post=post, status=Comment.Status.PENDING)
    approved = CommentFactory(post=post, status=Comment.Status.APPROVED)
    page = client.get(reverse(LIST)).content.decode()
    for action in ("approve", "spam", "delete"):
        assert f'action="{moderate_url(pending, action)}" method="post"' in page
    # An approved comment offers no second approval.
    assert moderate_url(approved, "approve") not in page
    assert moderate_url(approved, "spam") in page


def test_one_click_approves_marks_spam_and_deletes(client, moderator, post):
    comment = CommentFactory(post=post, body="Now you see me", status=Comment.Status.PENDING)
    back = reverse(LIST) + "?status=pending"
    response = client.post(moderate_url(comment, "approve"), {"next": back})
    assert response.status_code == 302 and response.url == back
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    client.logout()
    assert "Now you see me" in client.get(post.url).content.decode()
    client.force_login(moderator)

    response = client.post(moderate_url(comment, "spam"), {"next": "https://evil.example/"})
    assert response.url == reverse(LIST)  # only addresses of this site are followed
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert client.post(moderate_url(comment, "delete")).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    # Only POST changes anything, and only known actions exist.
    other = CommentFactory(post=post, status=Comment.Status.PENDING)
    assert client.get(moderate_url(other, "approve")).status_code == 405
    assert client.post(moderate_url(other, "publish")).status_code == 404
    other.refresh_from_db()
    assert other.status == Comment.Status.PENDING


def test_approving_one_comment_publishes_it(client, moderator, post):
    comment = CommentFactory(post=post, body="Now you see me", status=Comment.Status.PENDING)
    assert "Now you see me" not in client.get(post.url).content.decode()

    confirm = client.get(bulk_url("approve", comment))
    assert confirm.status_code == 200
    assert "Publish these comments on the site?" in confirm.content.decode()
    response = client.post(bulk_url("approve", comment))

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    client.logout()
    assert "Now you see me" in client.get(post.url).content.decode()


def test_bulk_approve_spam_and_delete(client, moderator, post):
    first, second, third = CommentFactory.create_batch(3, post=post, status=Comment.Status.PENDING)

    client.post(bulk_url("approve", first, second))
    assert set(
        Comment.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {Comment.Status.APPROVED}
    assert Comment.objects.get(pk=third.pk).status == Comment.Status.PENDING

    client.post(bulk_url("spam", second, third))
    assert set(
        Comment.objects.filter(pk__in=[second.pk, third.pk]).values_list("status", flat=True)
    ) == {Comment.Status.SPAM}

    response = client.post(bulk_url("delete", first, third))
    assert response.status_code == 302
    assert list(Comment.objects.values_list("pk", flat=True)) == [second.pk]


def test_deleting_and_editing_one_comment(client, moderator, post):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="Original")
    edit = reverse("wagtailsnippets_comments_comment:edit", args=[comment.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "post": post.pk,
            "status": "spam",
            "comment_type": "comment",
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": "",
            "body": "Original",
            "created_at": "2024-01-01 10:00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM

    delete = reverse("wagtailsnippets_comments_comment:delete", args=[comment.pk])
    assert client.post(delete).status_code == 302
    assert not Comment.objects.exists()


def test_users_without_the_permission_cannot_moderate(client, django_user_model, post):
    editor = django_user_model.objects.create_user("writer", "writer@example.com", "pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)

    # Wagtail's answer to a missing permission: back to the dashboard, with a message.
    listing = client.get(reverse(LIST))
    assert (listing.status_code, listing["Location"]) == (302, "/admin/")
    client.post(bulk_url("approve", comment))
    client.post(moderate_url(comment, "approve"))
    client.post(moderate_url(comment, "delete"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    erase = client.get(reverse("wagtailsnippets_comments_comment:erase"))
    assert (erase.status_code, erase["Location"]) == (302, "/admin/")
    assert "awaiting moderation" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_dashboard_shows_the_pending_count(client, moderator, post):
    CommentFactory.create_batch(2, post=post, status=Comment.Status.PENDING)
    CommentFactory(post=post, status=Comment.Status.APPROVED)

    page = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "2 comments awaiting moderation" in page
    assert reverse(LIST) + "?status=pending" in page


def test_erasing_a_commenter_anonymises_their_comments(client, moderator, post):
    mine = CommentFactory(
        post=post,
        author_email="Erin@Example.com",
        author_name="Erin",
        author_url="https://erin.example/",
        ip_address="192.0.2.1",
        user_agent="Browser",
        body="My words",
    )
    theirs = CommentFactory(post=post, author_email="frank@example.com", author_name="Frank")
    url = reverse("wagtailsnippets_comments_comment:erase")
    assert client.get(url).status_code == 200

    refused = client.post(url, {"email": "erin@example.com", "mode": "anonymise"})
    assert refused.status_code == 200  # the confirmation box was not ticked
    mine.refresh_from_db()
    assert mine.author_name == "Erin"

    response = client.post(url, {"email": "erin@example.com", "mode": "anonymise", "confirm": "on"})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (
        mine.author_name,
        mine.author_email,
        mine.author_url,
        mine.ip_address,
        mine.user_agent,
    ) == ("Anonymous", "", "", None, "")
    assert mine.body == "My words"
    theirs.refresh_from_db()
    assert theirs.author_name == "Frank"


def test_erasing_a_commenter_can_delete_their_comments_and_keep_replies(client, moderator, post):
    mine = CommentFactory(post=post, author_email="erin@example.com")
    reply = CommentFactory(post=post, parent=mine, author_email="frank@example.com")

    client.post(
        reverse("wagtailsnippets_comments_comment:erase"),
        {"email": "ERIN@example.com", "mode": "delete", "confirm": "on"},
    )

    assert list(Comment.objects.all()) == [reply]
    reply.refresh_from_db()
    assert reply.parent is None


def test_the_pending_panel_counts_and_pluralises(post, rf):
    from comments.admin_views import PendingCommentsPanel

    assert "No comments awaiting moderation." in PendingCommentsPanel().render_html({})
    CommentFactory(post=post, status=Comment.Status.PENDING)
    assert "1 comment awaiting moderation" in PendingCommentsPanel().render_html({})
    CommentFactory(post=post, status=Comment.Status.PENDING)
    CommentFactory(post=post, status=Comment.Status.SPAM)
    assert "2 comments awaiting moderation" in PendingCommentsPanel().render_html({})


def test_inspect_shows_moderators_the_private_details(client, moderator, post):
    comment = CommentFactory(post=post, ip_address="203.0.113.5", author_email="ivy@example.com")
    page = client.get(reverse("wagtailsnippets_comments_comment:inspect", args=[comment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "203.0.113.5" in html and "ivy@example.com" in html
    listing = client.get(reverse(LIST)).content.decode()
    assert reverse("wagtailsnippets_comments_comment:erase") in listing


def test_bulk_action_links_encode_the_next_address():
    url = bulk_action_url("approve", 7, 8, next_url="/admin/snippets/comments/comment/?q=a&b#c d")

    path, query = url.split("?", 1)
    assert path == "/admin/bulk/comments/comment/approve/"
    assert parse_qs(query) == {
        "id": ["7", "8"],
        "next": ["/admin/snippets/comments/comment/?q=a&b#c d"],
    }
    assert "#" not in query and " " not in query
