"""Scheduled publishing runs by itself: the scheduler command, and the Make targets that start it."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

import pytest

from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory

PROJECT = Path(__file__).resolve().parents[2]
FAKE_MANAGE = Path(__file__).with_name("fake_manage.py")


@pytest.mark.django_db
def test_the_scheduler_publishes_a_due_revision_and_unpublishes_an_expired_page(site_tree):
    due = BlogPostPageFactory(parent=site_tree["blog"], slug="due", live=False)
    revision = due.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    later = BlogPostPageFactory(parent=site_tree["blog"], slug="later", live=False)
    later_revision = later.save_revision()
    later_revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
    later_revision.save()
    expired = BlogPostPageFactory(parent=site_tree["blog"], slug="expired")
    expired.save_revision().publish()
    BlogPostPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("run_scheduler", "--once")

    assert BlogPostPage.objects.get(pk=due.pk).live
    assert not BlogPostPage.objects.get(pk=later.pk).live
    assert not BlogPostPage.objects.get(pk=expired.pk).live


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_starts_the_scheduler_beside_the_server_and_stops_it_with_it(target, tmp_path):
    log = tmp_path / "commands.log"
    fake = f"{sys.executable} {FAKE_MANAGE} {log}"
    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", target, f"MANAGE={fake}", f"GUNICORN={fake} gunicorn"],  # noqa: S607
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SECRET_KEY": "not-used-by-the-fake"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = log.read_text().splitlines()
    server = "runserver" if target == "run" else "gunicorn"
    started = lines.index(next(line for line in lines if line.startswith("started run_scheduler")))
    assert lines[started] == "started run_scheduler --interval 30"
    server_started = lines.index(
        next(line for line in lines if line.startswith(f"started {server}"))
    )
    # Both run at once: the server waited for the scheduler, and the scheduler outlived it.
    assert lines.index(f"exited {server}") > started
    assert lines[-1] == "stopped run_scheduler"
    assert lines.index("stopped run_scheduler") > lines.index(f"exited {server}") > server_started
