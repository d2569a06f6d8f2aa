"""Content pages take comments like posts when their editor opens them; other page types never do."""

from django.urls import reverse

import pytest

from blog.models import ContentPage
from comments.models import Comment

from .conftest import comment_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(site_tree):
    page = ContentPage(title="About us", slug="about", comments_enabled=True)
    site_tree["home"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_open_content_page_shows_the_form_and_takes_a_comment(client, about):
    shown = client.get(about.url)
    assert 'id="comments"' in shown.text or 'id="respond"' in shown.text
    assert reverse("comments:post", args=[about.pk]) in shown.text

    response = client.post(reverse("comments:post", args=[about.pk]), comment_data(about))
    assert response.status_code == 302
    assert response["Location"] == about.url + "#comments"
    comment = Comment.objects.get()
    assert comment.post_id == about.pk and comment.status == Comment.Status.PENDING


def test_approved_comments_are_shown_on_the_page(client, about):
    Comment.objects.create(
        post=about, author_name="Kenji", body="Thank you for this page.", status="approved"
    )
    assert "Thank you for this page." in client.get(about.url).text


def test_a_closed_content_page_refuses_comments(client, about):
    ContentPage.objects.filter(pk=about.pk).update(comments_enabled=False)
    response = client.post(reverse("comments:post", args=[about.pk]), comment_data(about))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_page_type_without_comments_is_not_found(client, site_tree):
    home = site_tree["home"]
    response = client.post(reverse("comments:post", args=[home.pk]), comment_data(home))
    assert response.status_code == 404
