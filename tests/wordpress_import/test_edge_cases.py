"""Smaller exports written inline: older WXR versions, odd statuses, hostile paths, progress output."""

import io

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

import pytest

from blog.models import BlogPostPage
from comments.models import Comment
from wordpress_import.importer import WordPressImporter
from wordpress_import.report import Progress

pytestmark = pytest.mark.django_db


def export(tmp_path, items: str, version: str = "1.2") -> str:
    path = tmp_path / "export.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/{version}/"
     xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/">
<channel><title>Edge</title><link>https://edge.example</link>
<wp:base_blog_url>https://edge.example</wp:base_blog_url>
{items}
</channel></rss>""",
        encoding="utf-8",
    )
    return path


def item(
    post_id: int, title: str, *, status="publish", post_type="post", extra="", content="Body text."
) -> str:
    return f"""<item><title>{title}</title><dc:creator>someone</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2015-05-05 10:00:00</wp:post_date>
<wp:post_date_gmt>2015-05-05 09:00:00</wp:post_date_gmt><wp:post_name>{title.lower().replace(" ", "-")}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>{post_type}</wp:post_type>{extra}</item>"""


def test_wxr_1_0_password_trash_and_orphan_reply(site_tree, tmp_path):
    reply = """<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Late</wp:comment_author>
<wp:comment_content>Replying to a removed comment.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>8</wp:comment_parent><wp:comment_date_gmt>2015-05-06 10:00:00</wp:comment_date_gmt></wp:comment>"""
    path = export(
        tmp_path,
        item(1, "Locked", extra="<wp:post_password>sesame</wp:post_password>" + reply)
        + item(2, "Binned", status="trash")
        + item(3, "Menu", post_type="nav_menu_item"),
        version="1.0",
    )
    report = WordPressImporter(path).run()
    locked = BlogPostPage.objects.get(slug="locked")
    assert locked.live
    restriction = PageViewRestriction.objects.get(page=locked)
    assert (restriction.restriction_type, restriction.password) == ("password", "sesame")
    assert not BlogPostPage.objects.filter(slug="binned").exists()
    assert report.skipped["post"] == 1 and report.skipped["nav_menu_item"] == 1
    comment = Comment.objects.get(wordpress_id=9)
    assert comment.parent is None
    assert any("missing from the export" in m for m in report.messages_for("post 1 “Locked”"))


def test_attachment_paths_cannot_leave_the_media_folder(site_tree, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for import")
    media = tmp_path / "uploads"
    media.mkdir()
    attachment = item(
        5,
        "Sneaky",
        status="inherit",
        post_type="attachment",
        extra="<wp:attachment_url>https://edge.example/wp-content/uploads/x.png</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>../secret.png</wp:meta_value></wp:postmeta>",
    )
    report = WordPressImporter(export(tmp_path, attachment), media_dir=media).run()
    assert not get_image_model().objects.exists()
    assert any("not found" in m for m in report.messages_for("attachment 5 “Sneaky”"))


def test_commit_hooks_leave_a_sound_tree(site_tree, tmp_path, django_capture_on_commit_callbacks):
    japanese = item(7, "日本の港", content="港の朝は静かです。漁船が戻ってきました。")
    with django_capture_on_commit_callbacks(execute=True):
        WordPressImporter(export(tmp_path, japanese + item(8, "English harbour"))).run()
    assert Page.find_problems() == ([], [], [], [], [])
    blog = site_tree["blog"]
    blog.refresh_from_db()
    assert blog.numchild == blog.get_children().count()


def test_progress_draws_a_bar_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(4, stream, interactive=True)
    for _ in range(4):
        progress.advance()
    progress.finish()
    assert "\r[" in stream.getvalue()
    assert "4/4 (100%)" in stream.getvalue()


def test_progress_prints_plain_lines_elsewhere():
    stream = io.StringIO()
    progress = Progress(100, stream, interactive=False)
    for _ in range(100):
        progress.advance()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Imported 1 of 100 items"
    assert lines[-1] == "Imported 100 of 100 items"
    assert len(lines) == 11
