"""Publishes and unpublishes scheduled pages on time: Wagtail's ``publish_scheduled``, in a loop.

Wagtail ships the command but nothing that runs it. ``make run`` and ``make serve`` start this
beside the web server and stop it with them; in production one copy runs per site (a systemd
service, or a cron job calling ``publish_scheduled`` each minute: docs/deploy.md).
"""

import signal
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run publish_scheduled every --interval seconds until stopped (SIGTERM or Ctrl-C)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between runs (default 30): a page goes live at most this late.",
        )
        parser.add_argument("--once", action="store_true", help="Run once, then exit.")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Scheduler: publishing scheduled pages every {interval:g} s")
        while not stop.is_set():
            try:
                call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # a failed run is retried next time
                self.stderr.write(f"Scheduler: publish_scheduled failed: {error!r}")
            if once:
                break
            # Between runs of a long-lived process: no connection kept past its age or after
            # the database dropped it (as Django does between requests).
            close_old_connections()
            stop.wait(interval)
        self.stdout.write("Scheduler: stopped")
