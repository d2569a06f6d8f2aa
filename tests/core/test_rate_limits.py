"""Rate limits (core.form_guard.RateLimit) count in the database: every worker, every machine
and every restart sees the same hits, with or without Redis (issue 18)."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

import pytest

from core.form_guard import RateLimit
from core.models import RateLimitHit
from tests.workers import worker_cache

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("rate_limit_worker.py")


@pytest.mark.django_db
class TestRateLimit:
    def test_refuses_an_address_once_the_window_is_full(self):
        limit = RateLimit("test", 2, 600)
        assert [limit.allow("192.0.2.1") for _ in range(3)] == [True, True, False]
        assert limit.exceeded("192.0.2.1")
        # Another address, and another limit for the same address, are counted apart.
        assert limit.allow("192.0.2.2")
        assert RateLimit("other", 2, 600).allow("192.0.2.1")
        assert RateLimitHit.objects.filter(name="test", address="192.0.2.1").count() == 2

    def test_no_address_is_never_limited_nor_recorded(self):
        limit = RateLimit("test", 1, 600)
        assert limit.allow(None) and limit.allow(None) and limit.allow("")
        assert not RateLimitHit.objects.exists()

    def test_the_window_ends(self):
        limit = RateLimit("test", 2, 600)
        old = timezone.now() - datetime.timedelta(seconds=601)
        for _ in range(2):
            RateLimitHit.objects.create(name="test", address="192.0.2.1", at=old)
        RateLimitHit.objects.create(name="test", address="192.0.2.1", at=timezone.now())

        # The two old hits are outside the window: one more is allowed, then no more.
        assert not limit.exceeded("192.0.2.1")
        assert limit.allow("192.0.2.1")
        assert not limit.allow("192.0.2.1")

    def test_recording_forgets_the_hits_that_left_the_window(self):
        old = timezone.now() - datetime.timedelta(seconds=601)
        RateLimitHit.objects.create(name="test", address="192.0.2.9", at=old)
        RateLimitHit.objects.create(name="other", address="192.0.2.9", at=old)

        RateLimit("test", 2, 600).record("192.0.2.1")

        assert sorted(RateLimitHit.objects.values_list("name", "address")) == [
            ("other", "192.0.2.9"),
            ("test", "192.0.2.1"),
        ]

    def test_a_long_forwarded_address_is_cut_to_the_column(self):
        limit = RateLimit("test", 1, 600)
        address = "x" * 300
        assert limit.allow(address)
        assert not limit.allow(address)

    def test_holds_across_workers_and_restarts(self):
        limit = RateLimit("test", 2, 600)
        with worker_cache("a"):
            assert limit.allow("192.0.2.1")
        with worker_cache("b"):
            assert limit.allow("192.0.2.1")
            assert not limit.allow("192.0.2.1")
        # A restart empties every cache: the count stays.
        for alias in caches:
            caches[alias].clear()
        with worker_cache("a"):
            assert limit.exceeded("192.0.2.1")


def database_url(tmp_path: Path) -> str:
    """The URL of the database this test uses, for a process of its own."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"
    # The suite's SQLite database lives in this process's memory: the processes share a
    # file instead, holding the rate limit's table.
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    run(url, [str(WORKER), "create"])
    return url


def run(url: str, args: list[str]) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_the_count(tmp_path):
    url = database_url(tmp_path)
    worker = [str(WORKER), "processes", "3", "600", "192.0.2.1"]

    # Two hits in one process, then two more tries in another: only one more is allowed.
    assert run(url, [*worker, "2"]) == "2"
    assert run(url, [*worker, "2"]) == "1"
    # A third process (a restart) finds the window full.
    assert run(url, [*worker, "1"]) == "0"
