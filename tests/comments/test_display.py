"""What readers see: threads, escaping, links, counts and plurals, and no query per post."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from blog.models import BlogPostPage
from comments.forms import CommentForm
from comments.models import Comment
from comments.templatetags.comment_tags import comment_body, comment_widget
from tests.comments.conftest import comment_data
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, translate_page

pytestmark = pytest.mark.django_db


def test_a_script_payload_is_escaped_everywhere(client, post):
    CommentFactory(
        post=post,
        author_name="<script>alert('name')</script>",
        body="<script>alert('x')</script> <b>bold</b> \"quoted\"",
    )
    page = client.get(post.url).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page


def test_a_refused_script_payload_is_escaped_in_the_form(client, post):
    response = client.post(
        reverse("comments:post", args=[post.pk]),
        comment_data(post, author_email="bad", body="<script>alert(1)</script>"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_body_keeps_line_breaks_and_links_urls_with_nofollow_ugc():
    html = comment_body("First line\nsecond line\n\nNew paragraph: https://example.com/a?b=1&c=2.")
    assert html == (
        "<p>First line<br>second line</p>\n\n"
        '<p>New paragraph: <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.com/a?b=1&amp;c=2</a>.</p>"
    )


def test_a_url_next_to_japanese_text_stops_at_the_japanese():
    html = comment_body("詳しくはhttps://example.jp/pathを見てください。")
    assert html == (
        '<p>詳しくは<a href="https://example.jp/path" rel="nofollow ugc">https://example.jp/path</a>'
        "を見てください。</p>"
    )


def test_a_javascript_link_is_not_made(client, post):
    CommentFactory(
        post=post,
        author_name="Mallory",
        author_url="javascript:alert(1)",
        body="javascript:alert(2)",
    )
    page = client.get(post.url).content.decode()
    assert 'href="javascript:' not in page
    assert "Mallory" in page


def test_commenter_website_is_linked_with_nofollow_ugc_and_email_never_shown(client, post):
    CommentFactory(
        post=post,
        author_name="Carol",
        author_url="https://carol.example/",
        author_email="carol@private.example",
    )
    page = client.get(post.url).content.decode()
    assert '<a href="https://carol.example/" rel="nofollow ugc noopener">Carol</a>' in page
    assert "carol@private.example" not in page


def test_approved_comments_are_listed_oldest_first(client, post):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    CommentFactory(post=post, body="Second said", created_at=now - datetime.timedelta(hours=1))
    CommentFactory(post=post, body="First said", created_at=now - datetime.timedelta(hours=2))
    page = client.get(post.url).content.decode()
    assert page.index("First said") < page.index("Second said")


def test_replies_nest_under_their_parent_up_to_the_configured_depth(client, post, settings):
    settings.BLOG_COMMENTS_MAX_DEPTH = 2
    top = CommentFactory(post=post, body="Top level")
    reply = CommentFactory(post=post, parent=top, body="A reply")
    deeper = CommentFactory(post=post, parent=reply, body="Reply to the reply")

    page = client.get(post.url).content.decode()

    top_item = page[page.index(f'id="comment-{top.pk}"') :]
    # The reply sits in a nested list inside the top comment's item.
    assert re.search(
        r'<ol class="comment-replies">\s*<li class="comment comment-depth-2">', top_item
    )
    assert f'id="comment-{reply.pk}"' in page
    # The deeper reply (from old data) is still shown, flattened at the deepest level.
    assert f'<li class="comment comment-depth-2">\n    <article id="comment-{deeper.pk}"' in page
    # Readers may reply to the top comment but not beyond the depth limit.
    assert f"?replyto={top.pk}#respond" in page
    assert f"?replyto={reply.pk}#respond" not in page


def test_a_reply_is_saved_in_its_thread(client, post):
    top = CommentFactory(post=post, author_name="Dora")
    page = client.get(post.url + f"?replyto={top.pk}").content.decode()
    assert "Reply to Dora" in page
    assert f'name="parent" value="{top.pk}"' in page

    response = client.post(
        reverse("comments:post", args=[post.pk]), comment_data(post, parent=top.pk)
    )

    assert response.status_code == 302
    assert Comment.objects.get(parent=top).body == comment_data(post)["body"]


@pytest.mark.parametrize("kind", ["pending", "other_post", "too_deep"])
def test_replies_to_hidden_foreign_or_too_deep_comments_are_refused(
    client, post, site_tree, settings, kind
):
    settings.BLOG_COMMENTS_MAX_DEPTH = 2
    if kind == "pending":
        parent = CommentFactory(
            post=post, status=Comment.Status.PENDING, author_name="Hidden Person"
        )
    elif kind == "other_post":
        parent = CommentFactory(post=BlogPostPageFactory(parent=site_tree["blog"]))
    else:
        parent = CommentFactory(post=post, parent=CommentFactory(post=post))

    response = client.post(
        reverse("comments:post", args=[post.pk]),
        comment_data(post, parent=parent.pk, body="Typed with care."),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "You cannot reply to that comment" in page
    assert "Typed with care." in page
    # The refused parent is dropped, so sending again posts the comment on its own.
    assert 'name="parent" value=""' in page
    assert "Hidden Person" not in page
    assert not Comment.objects.filter(body="Typed with care.").exists()


def test_deleting_a_comment_keeps_its_replies_in_the_thread(post):
    top = CommentFactory(post=post)
    middle = CommentFactory(post=post, parent=top)
    reply = CommentFactory(post=post, parent=middle)

    middle.delete()
    reply.refresh_from_db()
    assert reply.parent_id == top.pk

    # A bulk delete of a parent and its child keeps the grandchild.
    child = CommentFactory(post=post, parent=reply)
    grandchild = CommentFactory(post=post, parent=child)
    Comment.objects.filter(pk__in=[reply.pk, child.pk]).delete()
    grandchild.refresh_from_db()
    assert grandchild.parent_id == top.pk


def comment_counts_on(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return re.findall(r'<a class="comment-count" href="[^"]*">([^<]*)</a>', page)


def test_counts_on_listings_have_english_plurals(client, site_tree):
    blog = site_tree["blog"]
    none = BlogPostPageFactory(parent=blog, title="No comments")
    one = BlogPostPageFactory(parent=blog, title="One comment")
    three = BlogPostPageFactory(parent=blog, title="Three comments")
    CommentFactory(post=one)
    CommentFactory(post=one, status=Comment.Status.PENDING)
    CommentFactory.create_batch(3, post=three)
    CommentFactory(post=three, status=Comment.Status.SPAM)

    counts = comment_counts_on(client, blog.url)

    # Newest first: the factory dates each later post a day earlier.
    assert counts == ["Leave a comment", "1 Comment", "3 Comments"]
    post_page = client.get(three.url).content.decode()
    assert '<h2 id="comments-heading">3 Comments</h2>' in post_page
    assert none.url + "#respond" in client.get(blog.url).content.decode()


def test_a_closed_post_without_comments_shows_no_invitation(client, site_tree):
    BlogPostPageFactory(parent=site_tree["blog"], comments_enabled=False)
    assert comment_counts_on(client, site_tree["blog"].url) == []


def test_counts_on_the_japanese_site_use_japanese_plurals(client, site_tree):
    en_one = BlogPostPageFactory(parent=site_tree["blog"], title="One")
    en_three = BlogPostPageFactory(parent=site_tree["blog"], title="Three")
    en_none = BlogPostPageFactory(parent=site_tree["blog"], title="None")
    ja_blog = translate_page(site_tree["blog"], site_tree["ja"])
    ja_one = translate_page(en_one, site_tree["ja"], title="一件")
    ja_three = translate_page(en_three, site_tree["ja"], title="三件")
    translate_page(en_none, site_tree["ja"], title="なし")
    CommentFactory(post=ja_one)
    CommentFactory.create_batch(3, post=ja_three)

    with translation.override("ja"):
        counts = comment_counts_on(client, ja_blog.url)

    # Japanese has one plural form; the wording is the catalogue's (locale/ja).
    assert counts == ["コメント 1 件", "コメント 3 件", "コメントを書く"]
    with translation.override("ja"):
        page = client.get(ja_three.url).content.decode()
    assert '<h2 id="comments-heading">コメント 3 件</h2>' in page


def test_the_listing_counts_comments_without_a_query_per_post(client, site_tree):
    blog = site_tree["blog"]
    first = BlogPostPageFactory(parent=blog)
    CommentFactory.create_batch(2, post=first)
    client.get(blog.url)  # warm caches (site root, locales)
    with CaptureQueriesContext(connection) as one_post:
        client.get(blog.url)

    for _ in range(4):
        CommentFactory.create_batch(2, post=BlogPostPageFactory(parent=blog))
    with CaptureQueriesContext(connection) as five_posts:
        response = client.get(blog.url)

    assert comment_counts_on(client, blog.url) == ["2 Comments"] * 5
    assert response.status_code == 200
    comment_queries = [q for q in five_posts.captured_queries if "comments_comment" in q["sql"]]
    assert len(comment_queries) == len(
        [q for q in one_post.captured_queries if "comments_comment" in q["sql"]]
    )


def test_the_post_page_lists_comments_in_a_fixed_number_of_queries(client, post):
    def queries_for_page() -> tuple[int, str]:
        client.get(post.url)  # warm the caches that saving comments made stale
        with CaptureQueriesContext(connection) as captured:
            page = client.get(post.url).content.decode()
        return len(captured.captured_queries), page

    CommentFactory.create_batch(2, post=post)
    few, _ = queries_for_page()
    for comment in CommentFactory.create_batch(5, post=post):
        CommentFactory(post=post, parent=comment)
    many, page = queries_for_page()

    assert "12 Comments" in page
    assert many == few


def test_annotation_matches_the_approved_count(site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"])
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, status=Comment.Status.TRASH)
    annotated = BlogPostPage.objects.for_listing().get(pk=post.pk)
    assert annotated.approved_comment_count == 2


def test_an_unsaved_post_in_preview_renders_without_comments(rf, site_tree):
    from django.template.loader import render_to_string

    from comments.templatetags.comment_tags import approved_count

    unsaved = BlogPostPage(title="Draft", slug="draft")
    html = render_to_string("comments/for_post.html", {"page": unsaved}, request=rf.get("/"))
    assert html.strip() == ""
    assert approved_count(unsaved) == 0


@pytest.mark.parametrize("bound", [False, True])
def test_the_form_fields_are_written_as_django_widgets_would_write_them(post, bound):
    """The hand-written inputs (comment_widget) keep Django's markup: names, ids, values,
    maxlength, autocomplete, required, aria-describedby and aria-invalid."""
    data = {"author_name": 'A <b>&"', "author_email": "bad", "author_url": "x y", "body": "<p>\nhi"}
    form = CommentForm(data if bound else None, post=post)
    if bound:
        assert not form.is_valid()
    form.prepare_for_render()
    for name in form.fields:
        assert comment_widget(form[name]) == str(form[name])
