"""Editors saving at the same moment: autosave, save draft, publish and editing-session pings.

Several clients, each a thread with its own session, write through real HTTP to ``manage.py
runserver`` (what ``make run`` starts, one thread per request) on the database the suite runs
on. On SQLite that is a real file (a copy of the test database made with ``VACUUM INTO``): in
memory there is one connection and no file lock to wait for. With the settings before
``transaction_mode`` IMMEDIATE (ATOMIC_REQUESTS, deferred transactions, ``timeout=20``) a run of
this test gave 5 server errors in 46 requests (5 of the 6 logins, "database is locked").
"""

import os
import sqlite3
import subprocess
import threading
from collections import Counter
from itertools import cycle
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import requests

from tests.factories import BlogPostPageFactory
from tests.production.servers import PROJECT, PYTHON, free_port, wait_until

CLIENTS = 6
WRITES_PER_CLIENT = 40
POSTS = 3
PASSWORD = "a-long-password-for-editors"
# Each client repeats this mix: the editor's browser autosaves and pings far more often than
# the editor clicks.
ACTIONS = ["autosave", "ping", "autosave", "save_draft", "ping", "autosave", "publish", "ping"]


class DevServer:
    """``manage.py runserver --noreload`` on a free port, on the database ``database_url`` names."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.dev",
            "DATABASE_URL": database_url,
            "AXES_ENABLED": "false",
            "PAGE_CACHE_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }

    def __enter__(self) -> "DevServer":
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=PROJECT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if not wait_until(self._answers):
            self.__exit__()
            raise AssertionError(f"runserver did not start:\n{self.log_path.read_text()}")
        return self

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"runserver exited:\n{self.log_path.read_text()}")
        try:
            requests.get(f"{self.url}/healthz", timeout=30)
        except (requests.ConnectionError, requests.Timeout):
            return False
        return True

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def edit_form(post, number: int) -> dict:
    return nested_form_data(
        {
            "title": f"{post.title} ({number})",
            "slug": post.slug,
            "date": "2024-05-01 09:00",
            "excerpt": f"Edit number {number}.",
            "body": streamfield([("paragraph", rich_text(f"<p>Words, edit {number}.</p>"))]),
            "category_links": inline_formset([]),
            "tag_links": inline_formset([]),
        }
    )


class Editor(threading.Thread):
    """One browser: logs in, then writes ``WRITES_PER_CLIENT`` times to one post."""

    def __init__(self, base_url: str, username: str, post, results: list) -> None:
        super().__init__()
        self.base_url, self.username, self.post, self.results = base_url, username, post, results
        self.session = requests.Session()

    def login(self) -> requests.Response:
        login_url = f"{self.base_url}/admin/login/"
        self.session.get(login_url, timeout=60)
        return self.session.post(
            login_url,
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
            },
            timeout=120,
            allow_redirects=False,
        )

    def write(self, action: str, number: int) -> requests.Response:
        headers = {"X-CSRFToken": self.session.cookies["csrftoken"]}
        edit_url = f"{self.base_url}/admin/pages/{self.post.pk}/edit/"
        if action == "ping":
            url = f"{self.base_url}/admin/editing-sessions/ping/wagtailcore/page/{self.post.pk}/0/"
            return self.session.post(url, data={"is_editing": "1"}, headers=headers, timeout=120)
        data = edit_form(self.post, number)
        if action == "autosave":  # what the editor's script sends: a JSON answer wanted
            headers["Accept"] = "application/json"
        if action == "publish":
            data["action-publish"] = "action-publish"
        return self.session.post(
            edit_url, data=data, headers=headers, timeout=120, allow_redirects=False
        )

    def run(self) -> None:
        try:
            response = self.login()
        except requests.RequestException as error:
            self.results.append(("login", repr(error), ""))
            return
        self.results.append(("login", response.status_code, response.text[:300]))
        if response.status_code != 302:
            return
        actions = cycle(ACTIONS)
        for number in range(WRITES_PER_CLIENT):
            action = next(actions)
            try:
                response = self.write(action, number)
            except requests.RequestException as error:
                self.results.append((action, repr(error), ""))
                continue
            self.results.append((action, response.status_code, response.text[:300]))


def expected(action: str, status, body: str) -> bool:
    if action == "autosave":
        return status == 200 and '"success": true' in body
    if action == "ping":
        return status == 200
    return status == 302  # login, save draft and publish redirect


def revision_count(database_url: str, pks: list[int]) -> int:
    """Revisions of ``pks`` as the server's database holds them."""
    if database_url.startswith("sqlite:"):
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            marks = ",".join("?" * len(pks))
            sql = f"SELECT COUNT(*) FROM wagtailcore_revision WHERE object_id IN ({marks})"  # noqa: S608
            return db.execute(sql, [str(pk) for pk in pks]).fetchone()[0]
    return Revision.objects.filter(object_id__in=[str(pk) for pk in pks]).count()


@pytest.mark.django_db(transaction=True)
def test_editors_writing_at_once_never_meet_a_server_error(site_tree, tmp_path):
    # Hashed for the server's settings (the suite's own hasher is MD5, which dev does not accept).
    password = PBKDF2PasswordHasher().encode(PASSWORD, "concurrent-editing", iterations=1000)
    users = [
        get_user_model().objects.create_superuser(f"editor{n}", f"e{n}@example.com", None)
        for n in range(CLIENTS)
    ]
    get_user_model().objects.filter(pk__in=[user.pk for user in users]).update(password=password)
    posts = [
        BlogPostPageFactory(parent=site_tree["blog"], title=f"Post {n}", slug=f"post-{n}")
        for n in range(POSTS)
    ]
    for post in posts:
        post.save_revision().publish()
    if connection.vendor == "sqlite":
        database_file = tmp_path / "site.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(database_file)])
        database_url = f"sqlite:///{database_file}"
    else:
        # The server shares the test database: everything above is committed.
        db = connection.settings_dict
        database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    pks = [post.pk for post in posts]
    revisions_before = revision_count(database_url, pks)

    results: list = []
    with DevServer(database_url, tmp_path / "server.log") as server:
        editors = [
            Editor(server.url, user.username, posts[n % POSTS], results)
            for n, user in enumerate(users)
        ]
        for editor in editors:
            editor.start()
        for editor in editors:
            editor.join(timeout=900)
    log = (tmp_path / "server.log").read_text()

    server_errors = [r for r in results if not isinstance(r[1], int) or r[1] >= 500]
    assert server_errors == [], (
        f"{len(server_errors)} of {len(results)} requests failed, e.g. {server_errors[:2]}\n"
        f"{log[-3000:]}"
    )
    assert "database is locked" not in log
    assert len(results) == CLIENTS * (1 + WRITES_PER_CLIENT)
    unexpected = [r for r in results if not expected(*r)]
    assert unexpected == [], unexpected[:5]
    # Every autosave, draft and publish wrote its revision (none lost in a rolled-back request).
    saves = Counter(action for action, *_ in results if action not in {"login", "ping"})
    assert revision_count(database_url, pks) - revisions_before == sum(saves.values())
