"""Stands in for ``manage.py`` (and gunicorn) when the Makefile test runs ``make run``/``serve``.

Usage: ``python fake_manage.py LOG COMMAND [ARGS…]``. Each command is recorded in LOG.
``run_scheduler`` runs until it is sent SIGTERM or SIGINT and records that it stopped; the web
server (``runserver`` or ``gunicorn``) waits until the scheduler has started, then exits as a
stopped server would. Everything else exits at once.
"""

import signal
import sys
import time
from pathlib import Path

LOG = Path(sys.argv[1])
COMMAND = sys.argv[2:]


def record(line: str) -> None:
    with LOG.open("a") as handle:
        handle.write(line + "\n")


def stop(*_) -> None:
    record("stopped run_scheduler")
    sys.exit(0)


record("started " + " ".join(COMMAND))
if COMMAND[0] == "run_scheduler":
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        signal.pause()
elif COMMAND[0] in {"runserver", "gunicorn"}:
    for _ in range(600):
        if "started run_scheduler" in LOG.read_text():
            break
        time.sleep(0.1)
    record(f"exited {COMMAND[0]}")
