"""Serves the demo blog from a throwaway SQLite database with gunicorn, for `make audit` and `make screenshots`."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def wait_until_up(url: str, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {limit} seconds")


@contextlib.contextmanager
def demo_server(port: int, create_admin: bool = False) -> Iterator[str]:
    """Migrates a fresh database, loads the demo content and serves it; yields the base URL.

    ``create_admin`` adds the demo's local superuser (load_demo_content --create-admin).
    """
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="blog-demo-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.dev",
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            # Absolute URLs (canonical, hreflang, feeds) name the address the pages are served at.
            "WAGTAILADMIN_BASE_URL": base_url,
            "LOG_LEVEL": "WARNING",
        }
        manage = [PYTHON, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - our own arguments
            [*manage, "load_demo_content", "-v0", *(["--create-admin"] if create_admin else [])],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                PYTHON,
                "-m",
                "gunicorn",
                "settings.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            # The access log would bury the report; errors still show.
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"{base_url}/", server)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=30)
