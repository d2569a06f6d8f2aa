"""Two gunicorn app servers sharing PostgreSQL and Redis, as behind a load balancer.

These tests need PostgreSQL and Redis on this machine (``.ci/run`` starts them); each builds its
own database from a URL it constructs, whatever ``DATABASE_URL`` the suite runs on. They share one
migrated database, so they live in one module and run in order.
"""

import json
import re
import secrets
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from tests.production.seed import ADMIN_PASSWORD, DRAFT_TITLE, PUBLISHED_TITLE
from tests.production.servers import AppServer, TcpProxy, manage, wait_until

PG_HOST, PG_PORT = "127.0.0.1", 5432
# The load balancer terminates TLS and says so; the servers trust it (SECURE_PROXY_SSL_HEADER).
BEHIND_TLS = {"X-Forwarded-Proto": "https"}
# It also passes the site's public host name to every server, so both build the same page-cache
# key for one address (the servers' own ports would make two).
PUBLIC_HOST = {"Host": "localhost"}

# Each test builds its own PostgreSQL database, whatever the suite runs on: one CI pass is enough.
pytestmark = pytest.mark.database_independent


def pg_admin() -> psycopg.Connection:
    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user="postgres",
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    )


def require_services() -> None:
    try:
        pg_admin().close()
    except psycopg.OperationalError as error:
        pytest.skip(
            f"PostgreSQL is not running on {PG_HOST}:{PG_PORT} ({error}); .ci/run starts it"
        )
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not running on 127.0.0.1:6379 ({error}); .ci/run starts it")


def create_database(name: str) -> None:
    with pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(name: str, port: int = PG_PORT) -> str:
    return f"postgres://postgres@{PG_HOST}:{port}/{name}"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A migrated, seeded PostgreSQL database reached through a proxy, static files and media."""
    require_services()
    root = tmp_path_factory.mktemp("deployment")
    name = f"blog_prod_{uuid.uuid4().hex[:10]}"
    create_database(name)
    proxy = TcpProxy(PG_HOST, PG_PORT)
    proxy.restore()
    env = {
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(name, proxy.port),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": name,
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "immediate",
    }
    try:
        # Set-up talks to PostgreSQL directly: through the proxy (a Python thread in this
        # process), the migrations' thousands of statements took several times as long.
        direct = {**env, "DATABASE_URL": database_url(name)}
        manage(direct, "migrate", "--noinput", "--verbosity", "0")
        manage(direct, "collectstatic", "--noinput", "--verbosity", "0")
        output = manage(direct, "shell", "-c", "from tests.production.seed import seed; seed()")
        seeded = json.loads(output.strip().splitlines()[-1])
        yield {"name": name, "env": env, "proxy": proxy, "root": root, **seeded}
    finally:
        proxy.cut()
        drop_database(name)
        client = redis.Redis(host="127.0.0.1", port=6379)
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)


@pytest.fixture(scope="module")
def servers(deployment):
    """Two app servers, as two machines behind a load balancer would run them.

    Each has its own temporary folder, as two machines have their own disks: anything kept
    on one machine (a file in /tmp) is not seen by the other, only what is in Redis.
    """
    root = deployment["root"]
    machines = {}
    for name in ("a", "b"):
        (root / f"{name}-tmp").mkdir()
        machines[name] = {**deployment["env"], "TMPDIR": str(root / f"{name}-tmp")}
    with (
        AppServer(machines["a"], root / "a.log") as a,
        AppServer(machines["b"], root / "b.log") as b,
    ):
        yield a, b


class Browser(requests.Session):
    """A requests session that behaves like a browser reaching the site over HTTPS.

    The servers mark their cookies Secure; the proxy in front speaks HTTPS to the reader and
    plain HTTP to the servers, so the cookies are replayed here over HTTP.
    """

    def request(self, method, url, **kwargs):
        headers = {**BEHIND_TLS, **(kwargs.pop("headers", None) or {})}
        kwargs["allow_redirects"] = False
        response = super().request(method, url, headers=headers, timeout=30, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def log_in(browser: Browser, server: AppServer) -> None:
    login_url = f"{server.url}/admin/login/"
    page = browser.get(login_url)
    assert page.status_code == 200
    response = browser.post(
        login_url,
        data={
            "username": "admin",
            "password": ADMIN_PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": f"https://127.0.0.1:{server.port}/admin/login/"},
    )
    assert response.status_code == 302, response.text[:500]


def test_a_post_published_through_one_server_is_served_fresh_by_the_other(deployment, servers):
    a, b = servers
    post_url = "/blog/fresh-news/"
    reader = Browser()
    built = reader.get(f"{a.url}{post_url}", headers=PUBLIC_HOST)
    assert built.status_code == 200
    assert PUBLISHED_TITLE in built.text
    assert built.headers["X-Page-Cache"] == "miss"
    # B has never served this page: only the cache the two share can answer for it.
    shared = reader.get(f"{b.url}{post_url}", headers=PUBLIC_HOST)
    assert shared.status_code == 200
    assert shared.headers["X-Page-Cache"] == "hit"
    assert shared.headers["ETag"] == built.headers["ETag"]
    assert PUBLISHED_TITLE in shared.text

    editor = Browser()
    log_in(editor, a)
    publish_url = (
        f"{a.url}/admin/bulk/wagtailcore/page/publish/?id={deployment['post']}&next=/admin/"
    )
    confirm = editor.get(publish_url)
    assert confirm.status_code == 200
    published = editor.post(
        publish_url,
        data={"csrfmiddlewaretoken": csrf_token(confirm.text)},
        headers={"Referer": f"https://127.0.0.1:{a.port}/admin/"},
    )
    assert published.status_code == 302, published.text[:500]

    # A's change reaches B at once: B builds the new page instead of serving the old one...
    after = reader.get(f"{b.url}{post_url}", headers=PUBLIC_HOST)
    assert after.status_code == 200
    assert after.headers["X-Page-Cache"] == "miss"
    assert DRAFT_TITLE in after.text
    assert PUBLISHED_TITLE not in after.text.replace(DRAFT_TITLE, "")
    # ...and the page B built is what A now serves from the shared cache.
    again = reader.get(f"{a.url}{post_url}", headers=PUBLIC_HOST)
    assert again.headers["X-Page-Cache"] == "hit"
    assert again.headers["ETag"] == after.headers["ETag"] != built.headers["ETag"]
    assert DRAFT_TITLE in again.text

    # The editor's session, written through A, is valid on B: sessions are shared.
    assert editor.get(f"{b.url}/admin/pages/").status_code == 200


def test_database_outage_gives_a_503_page_and_the_site_recovers_by_itself(deployment, servers):
    _, b = servers
    reader = Browser()
    # A page no one has visited, so the shared cache cannot answer for the database.
    missing = f"{b.url}/blog/no-such-post-{uuid.uuid4().hex[:6]}/"
    assert reader.get(missing).status_code == 404
    deployment["proxy"].cut()
    try:
        outage = reader.get(missing)
        assert outage.status_code == 503
        assert outage.headers["Retry-After"]
        assert "Back shortly" in outage.text
        assert "Traceback" not in outage.text
        assert "OperationalError" not in outage.text
        health = reader.get(f"{b.url}/healthz")
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"
        # Pages already in the shared cache are still served.
        cached = reader.get(f"{b.url}/blog/fresh-news/", headers=PUBLIC_HOST)
        assert cached.status_code == 200
        assert cached.headers["X-Page-Cache"] == "hit"
    finally:
        deployment["proxy"].restore()
    assert wait_until(lambda: reader.get(missing).status_code == 404, attempts=50)
    assert reader.get(f"{b.url}/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


def test_backup_restores_into_a_fresh_database_with_the_same_content(deployment, tmp_path):
    env = deployment["env"]
    backup_dir = tmp_path / "backup"
    manage(env, "backup", str(backup_dir))
    assert (backup_dir / "database.dump").stat().st_size > 0
    assert (backup_dir / "media.tar.gz").stat().st_size > 0

    restored = f"{deployment['name']}_restored"
    create_database(restored)
    try:
        restored_media = tmp_path / "restored-media"
        restored_env = {
            **env,
            "DATABASE_URL": database_url(restored),
            "MEDIA_ROOT": str(restored_media),
        }
        manage(restored_env, "restore", str(backup_dir), "--noinput")
        assert snapshot(deployment["name"]) == snapshot(restored)
        assert (restored_media / deployment["image"]).is_file()
        # Restoring over a database that has content is refused without --force.
        with pytest.raises(AssertionError, match="not empty"):
            manage(restored_env, "restore", str(backup_dir), "--noinput")
    finally:
        drop_database(restored)


def snapshot(name: str) -> dict:
    """What a restore must bring back: pages, revisions, translations and comments."""
    queries = {
        "pages": "SELECT p.translation_key, l.language_code, p.title, p.live, p.url_path"
        " FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id ORDER BY p.path",
        "revisions": "SELECT object_id, content->>'title' FROM wagtailcore_revision ORDER BY id",
        "translations": "SELECT s.object_id, l.language_code FROM wagtail_localize_translation t"
        " JOIN wagtail_localize_translationsource s ON s.id = t.source_id"
        " JOIN wagtailcore_locale l ON l.id = t.target_locale_id ORDER BY t.id",
        "comments": "SELECT post_id, parent_id, body, status FROM comments_comment ORDER BY id",
    }
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=name) as conn:
        found = {key: conn.execute(sql).fetchall() for key, sql in queries.items()}
    assert all(found.values()), f"the seeded database lacks some content: {found}"
    return found


def test_structured_logs_are_json_lines(servers):
    a, _ = servers
    Browser().get(f"{a.url}/healthz")
    lines = [line for line in Path(a.log_path).read_text().splitlines() if line.startswith("{")]
    access = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
    assert any(entry["path"] == "/healthz" and entry["status"] == "200" for entry in access)
