"""Production settings: `check --deploy` is clean, and the site refuses to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.production.servers import PROJECT

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "blog.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://blog.example.com",
    "LOG_LEVEL": "WARNING",
}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run(PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "django-insecure-short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(missing, message):
    result = run({**PRODUCTION_ENV, **missing}, "-c", "import settings.production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_database_connections_persist_and_writes_are_atomic(settings):
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    # A connection broken by a database restart is replaced, not reused.
    assert database["CONN_HEALTH_CHECKS"] is True
    # Requests that write run in one transaction (test_faults.py), reads in none.
    assert settings.MIDDLEWARE[-1] == "core.middleware.AtomicWritesMiddleware"
    assert database["ATOMIC_REQUESTS"] is False


def test_sqlite_writers_queue_instead_of_failing():
    result = run(
        {"DJANGO_SETTINGS_MODULE": "settings.dev", "DATABASE_URL": "sqlite:////tmp/x.sqlite3"},
        "-c",
        "import settings.dev as s; print(s.DATABASES['default']['OPTIONS'])",
    )
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout, result.stderr
    assert "journal_mode=WAL" in result.stdout
