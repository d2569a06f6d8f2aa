"""Backups of the embedded SQLite database: made while the site runs, restored into a fresh file.

The PostgreSQL round trip is in test_app_servers.py; this one runs when the suite is on SQLite.
"""

import sqlite3

from django.core.management import call_command
from django.db import connection

import pytest

from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, translate_page
from tests.production.servers import manage

QUERIES = {
    "pages": "SELECT translation_key, locale_id, title, live FROM wagtailcore_page ORDER BY path",
    "revisions": "SELECT object_id, json_extract(content, '$.title') FROM wagtailcore_revision ORDER BY id",
    "comments": "SELECT post_id, body, status FROM comments_comment ORDER BY id",
}


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_a_fresh_database(site_tree, tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL; its backups are tested in test_app_servers.py")
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Kept", slug="kept")
    post.save_revision().publish()
    translate_page(post, site_tree["ja"], title="保存")
    CommentFactory(post=post, body="Still here.")
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "map.png").write_bytes(b"\x89PNG not really")
    settings.MEDIA_ROOT = str(tmp_path / "media")

    call_command("backup", str(tmp_path / "backup"))
    with connection.cursor() as cursor:
        expected = {key: cursor.execute(sql).fetchall() for key, sql in QUERIES.items()}
    assert all(expected.values())

    restored_db = tmp_path / "restored.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "DATABASE_URL": f"sqlite:///{restored_db}",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    manage(env, "restore", str(tmp_path / "backup"), "--noinput")
    with sqlite3.connect(restored_db) as restored:
        found = {key: restored.execute(sql).fetchall() for key, sql in QUERIES.items()}
    assert [tuple(row) for rows in found.values() for row in rows] == [
        tuple(row) for rows in expected.values() for row in rows
    ]
    assert (
        tmp_path / "restored-media" / "images" / "map.png"
    ).read_bytes() == b"\x89PNG not really"
