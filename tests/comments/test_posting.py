"""Sending a comment: accepted for moderation, or refused with a clear message and the text kept."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

import pytest

from comments.models import Comment
from tests.comments.conftest import comment_data, set_discussion
from tests.comments.factories import CommentFactory
from tests.factories import translate_page

pytestmark = pytest.mark.django_db


def post_url(post) -> str:
    return reverse("comments:post", args=[post.pk])


def test_a_valid_comment_waits_for_moderation_and_the_reader_is_told(client, post):
    response = client.post(post_url(post), comment_data(post), HTTP_USER_AGENT="TestBrowser/1.0")

    assert response.status_code == 302
    assert response["Location"] == post.url + "#comments"
    comment = Comment.objects.get()
    assert comment.post_id == post.pk
    assert comment.status == Comment.Status.PENDING
    assert comment.author_name == "Alice Reader"
    assert comment.ip_address == "127.0.0.1"
    assert comment.user_agent == "TestBrowser/1.0"
    page = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page
    # The pending comment itself is not on the page.
    assert "A thoughtful remark" not in page


def test_a_pending_comment_is_never_shown_publicly(client, post):
    CommentFactory(post=post, body="Pending words", status=Comment.Status.PENDING)
    CommentFactory(post=post, body="Spam words", status=Comment.Status.SPAM)
    CommentFactory(post=post, body="Binned words", status=Comment.Status.TRASH)
    CommentFactory(post=post, body="Approved words", status=Comment.Status.APPROVED)

    page = client.get(post.url).content.decode()

    assert "Approved words" in page
    for hidden in ("Pending words", "Spam words", "Binned words"):
        assert hidden not in page
    assert "1 Comment" in page


def test_moderators_are_emailed_about_a_new_comment(
    client, post, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(post), comment_data(post))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.com"]
    assert "The new alliance" in message.subject
    comment = Comment.objects.get()
    assert f"/admin/snippets/comments/comment/edit/{comment.pk}/" in message.body
    assert "A thoughtful remark" in message.body


def test_configured_moderator_addresses_take_precedence(
    client, post, settings, django_capture_on_commit_callbacks
):
    settings.BLOG_COMMENTS_MODERATOR_EMAILS = ["moderation@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(post), comment_data(post))
    assert [m.to for m in mail.outbox] == [["moderation@example.com"]]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"author_name": ""}, "author_name", "This field is required."),
        ({"author_email": "not-an-email"}, "author_email", "Enter a valid email address."),
        ({"body": "   "}, "body", "This field is required."),
        ({"author_url": "not a url"}, "author_url", "Enter a valid URL."),
    ],
)
def test_an_invalid_comment_is_refused_with_the_reader_input_kept(
    client, post, overrides, field, message
):
    data = comment_data(post, **{"body": "Keep these words, please.", **overrides})

    response = client.post(post_url(post), data)

    assert response.status_code == 400
    assert not Comment.objects.exists()
    page = response.content.decode()
    assert message in page
    # The error is tied to its field for screen readers.
    assert f'id="id_{field}_error"' in page
    form = response.context["comment_form"]
    assert f"id_{field}_error" in form.fields[field].widget.attrs["aria-describedby"]
    assert form.fields[field].widget.attrs["aria-invalid"] == "true"
    # Whatever the reader typed comes back.
    if field != "author_name":
        assert 'value="Alice Reader"' in page
    if field != "body":
        assert "Keep these words, please." in page


def test_a_refused_form_carries_a_fresh_timestamp(client, post):
    response = client.post(post_url(post), comment_data(post, author_name=""))
    old = comment_data(post)["timestamp"]
    assert response.status_code == 400
    assert 'name="timestamp"' in response.content.decode()
    assert response.context["timestamp"] != old


def test_japanese_comment_on_the_japanese_site(client, post, site_tree):
    ja_post = translate_page(post, site_tree["ja"], title="新しい同盟")
    with translation.override("ja"):
        url = reverse("comments:post", args=[ja_post.pk])
    assert url.startswith("/ja/")

    response = client.post(
        url,
        comment_data(
            ja_post, author_name="山田太郎", body="日英同盟についての感想です。\n二行目。"
        ),
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/ja/")
    comment = Comment.objects.get()
    assert comment.post_id == ja_post.pk
    assert comment.author_name == "山田太郎"
    assert comment.body == "日英同盟についての感想です。\n二行目。"


def test_logged_in_moderator_comments_are_published_at_once(client, post, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)

    response = client.post(post_url(post), comment_data(post))

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.user == user
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_returning_commenters_are_approved_only_when_the_setting_allows(client, post):
    CommentFactory(post=post, author_email="alice@example.com", status=Comment.Status.APPROVED)

    client.post(post_url(post), comment_data(post, body="Second thoughts"))
    assert Comment.objects.get(body="Second thoughts").status == Comment.Status.PENDING

    set_discussion(comments_auto_approve_returning=True)
    client.post(
        post_url(post), comment_data(post, body="Third thoughts", author_email="ALICE@example.com")
    )
    assert Comment.objects.get(body="Third thoughts").status == Comment.Status.APPROVED

    # A commenter with only pending or spam comments still waits.
    client.post(
        post_url(post), comment_data(post, body="New voice", author_email="bob@example.com")
    )
    client.post(
        post_url(post), comment_data(post, body="New voice again", author_email="bob@example.com")
    )
    assert set(
        Comment.objects.filter(author_email="bob@example.com").values_list("status", flat=True)
    ) == {Comment.Status.PENDING}


def test_get_is_not_allowed_and_unknown_posts_are_not_found(client, post):
    assert client.get(post_url(post)).status_code == 405
    missing = reverse("comments:post", args=[post.pk + 999])
    assert client.post(missing, comment_data(post)).status_code == 404


def test_unpublished_posts_take_no_comments(client, post):
    post.unpublish()
    response = client.post(post_url(post), comment_data(post))
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_form_renders_with_labels_and_a_hidden_honeypot(client, post):
    page = client.get(post.url).content.decode()
    for field in ("author_name", "author_email", "author_url", "body"):
        assert f'for="id_{field}"' in page
    assert 'aria-describedby="id_author_email_helptext"' in page
    assert 'class="comment-hp" aria-hidden="true"' in page
    assert 'name="subject"' in page
    assert f'action="{post_url(post)}#respond"' in page
    # No Gravatar or any other outside request.
    assert "gravatar" not in page.lower()


@pytest.mark.parametrize("parent", ["abc", "99999999999999999999999", "-1", "١٢"])
def test_a_mangled_parent_is_a_message_not_an_error(client, post, parent):
    response = client.post(
        post_url(post), comment_data(post, parent=parent, body="Typed with care.")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "You cannot reply to that comment" in page
    assert "Typed with care." in page


def test_huge_ids_in_addresses_are_not_found_or_ignored(client, post):
    huge = "99999999999999999999999"
    assert client.post(f"/comments/post/{huge}/", comment_data(post)).status_code == 404
    assert client.get(f"{post.url}?replyto={huge}").status_code == 200
