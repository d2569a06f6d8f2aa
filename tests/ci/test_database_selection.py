"""CI's second pass (``--database-dependent-only``) keeps what the database engine can change."""

import subprocess
import sys

import pytest

from tests.production.servers import PROJECT

pytestmark = pytest.mark.database_independent

MODULES = [
    "tests/production/test_settings.py",  # no database at all
    "tests/production/test_app_servers.py",  # declared: builds its own PostgreSQL database
    "tests/browser/test_comments.py",  # the browser marker
    "tests/blog/test_archives.py",  # the database, through pytest-django
]


def collected(*options: str) -> set[str]:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "--collect-only", "-q", *options]
        + MODULES,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_the_second_pass_runs_only_database_dependent_modules():
    assert collected() == set(MODULES)
    assert collected("--database-dependent-only") == {"tests/blog/test_archives.py"}
