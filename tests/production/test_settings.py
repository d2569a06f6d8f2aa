"""Production settings: `check --deploy` is clean, and the site refuses to start half-configured.

Configuration cannot crash by accident: ``.env.example`` exported as written gives a clean
``check --deploy``, an empty value means the default for every variable, and ``.env`` is read.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from dotenv import dotenv_values

from tests.production.servers import PROJECT

EXAMPLE = dotenv_values(PROJECT / ".env.example")
# Prints every setting (and gunicorn's) as JSON, to compare two environments.
DUMP_SETTINGS = """
import json, re, runpy
from django.conf import settings
def show(value):  # without the memory addresses in the repr of lazy objects
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))
gunicorn = runpy.run_path("gunicorn.conf.py")
dump = {name: show(getattr(settings, name)) for name in dir(settings) if name.isupper()}
dump.update({f"gunicorn.{name}": show(value) for name, value in gunicorn.items()
             if name in {"bind", "workers", "threads", "timeout", "max_requests",
                         "forwarded_allow_ips", "loglevel"}})
print(json.dumps(dump))
"""

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "blog.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://blog.example.com",
    "LOG_LEVEL": "WARNING",
}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Python in the project folder with ``env`` over this environment minus the project's
    variables (and a .env file of the developer's, which ``DJANGO_ENV_FILE`` replaces)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in EXAMPLE
    }
    clean["DJANGO_ENV_FILE"] = os.devnull
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


def test_check_deploy_is_clean_with_env_example_exported_as_written():
    # Only what the example leaves to the operator: production settings and a secret key.
    env = {
        **EXAMPLE,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    }
    assert EXAMPLE["MEDIA_ROOT"] == EXAMPLE["STATIC_ROOT"] == ""  # as written
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def settings_dump(env: dict[str, str]) -> dict[str, str]:
    result = run(env, "-c", "import django; django.setup()\n" + DUMP_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_empty_value_means_the_default_for_every_variable():
    required = {
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
        "DJANGO_ALLOWED_HOSTS": "blog.example.com",
    }
    unset = settings_dump(required)
    empty = settings_dump({**dict.fromkeys(EXAMPLE, ""), **required})
    assert empty == unset
    assert len(unset) > 150  # every setting, not an empty dump
    project = PROJECT.resolve()
    assert unset["MEDIA_ROOT"] == repr(project / "media")
    assert unset["STATIC_ROOT"] == repr(project / "static_collected")
    assert "db.sqlite3" in unset["DATABASES"]
    assert unset["gunicorn.bind"] == repr("127.0.0.1:8000")


def test_every_variable_the_example_lists_is_read_from_the_environment():
    # A line in .env.example that nothing reads would be a setting that silently does nothing.
    sources = "\n".join(
        path.read_text()
        for path in [PROJECT / "gunicorn.conf.py", PROJECT / "manage.py", PROJECT / "Makefile"]
        + sorted((PROJECT / "settings").glob("*.py"))
    )
    unread = [
        name for name in EXAMPLE if f'"{name}"' not in sources and name not in {"HOST", "PORT"}
    ]
    assert unread == []


def test_the_env_file_is_read_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "site.env"
    env_file.write_text(
        "DJANGO_SETTINGS_MODULE=settings.production\n"
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(60)}\n"
        "DJANGO_ALLOWED_HOSTS=from-the-file.example   # a comment, as in .env.example\n"
        "WAGTAIL_SITE_NAME=Read from the file\n"
    )
    script = "from django.conf import settings; print(settings.WAGTAIL_SITE_NAME, settings.ALLOWED_HOSTS, settings.DEBUG)"
    result = run(
        {"DJANGO_ENV_FILE": str(env_file), "WAGTAIL_SITE_NAME": "From the environment"},
        "manage.py",
        "shell",
        "-c",
        script,
    )
    assert result.returncode == 0, result.stderr
    # The file chose production settings (DEBUG off) and its hosts; the environment won the name.
    assert (
        result.stdout.strip().splitlines()[-1]
        == "From the environment ['from-the-file.example'] False"
    )
