"""Shared services switched on by the environment: Redis, S3-compatible media, OpenSearch, tasks.

Redis and the S3 server (moto's) are real processes on 127.0.0.1; OpenSearch cannot run on this
machine, so its configuration is built into Wagtail's real backend object and checked there.
"""

import io
import os
import subprocess
import sys
import uuid

from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

import pytest
import redis
import requests
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from blog.models import BlogPostPage
from settings import services
from tests.factories import BlogPostPageFactory
from tests.production.servers import free_port, wait_until

REDIS = "redis://127.0.0.1:6379/0"

# Redis, the S3 server and the task queue behave the same over either database: one CI pass.
pytestmark = pytest.mark.database_independent


def redis_running() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def closed_port() -> int:
    return free_port()


@pytest.fixture
def redis_cache():
    if not redis_running():
        pytest.skip("Redis is not running on 127.0.0.1:6379; .ci/run starts it")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    env = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix}
    with override_settings(
        CACHES=services.caches(env), SESSION_ENGINE=services.session_engine(env)
    ):
        yield prefix
        # Only this test's keys: clear() would flush the Redis database other tests share.
        cache.delete_pattern("*")


@pytest.mark.django_db
def test_redis_holds_the_shared_cache_and_sessions(client, redis_cache, admin_user, site_tree):
    cache.set("treaty", "1902", 60)
    direct = redis.Redis.from_url(REDIS)
    assert any(
        key.decode().startswith(f"{redis_cache}:") for key in direct.scan_iter(f"{redis_cache}:*")
    )
    assert cache.get("treaty") == "1902"
    client.force_login(admin_user)
    session_key = client.session.session_key
    assert direct.exists(f"{redis_cache}:1:django.contrib.sessions.cached_db{session_key}")
    assert client.get("/admin/pages/").status_code == 200
    assert client.get("/healthz").json()["cache"] == "ok"


@pytest.mark.django_db
def test_redis_down_means_slower_pages_not_errors(client, site_tree, django_user_model):
    env = {"REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0", "REDIS_TIMEOUT": "0.2"}
    django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "a-long-password-123"
    )
    with override_settings(
        CACHES=services.caches(env),
        SESSION_ENGINE=services.session_engine(env),
        PAGE_CACHE_ENABLED=True,
    ):
        assert caches["default"].get("anything") is None
        for _ in range(2):
            assert client.get("/").status_code == 200
            assert client.get("/blog/").status_code == 200
        # Logging in and staying logged in work from the database alone.
        login = client.post(
            "/admin/login/", {"username": "editor", "password": "a-long-password-123"}
        )
        assert login.status_code == 302
        assert client.get("/admin/pages/").status_code == 200
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto's S3 server on a free loopback port, with credentials it accepts."""
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return requests.get(endpoint, timeout=2).status_code < 500
        except requests.ConnectionError:
            return False

    try:
        assert wait_until(answers), "moto's S3 server did not start"
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def bucket(s3_server, monkeypatch):
    import boto3

    name = f"media-{uuid.uuid4().hex[:8]}"
    env = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    with override_settings(STORAGES=services.storages(env)):
        yield client, name


@pytest.mark.django_db
def test_media_uploaded_through_the_admin_lands_in_the_bucket(
    client, admin_user, site_tree, bucket
):
    s3, name = bucket
    client.force_login(admin_user)
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (64, 48), os.urandom(64 * 48 * 3)).save(buffer, "PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/images/add/",
        {
            "title": "Harbour",
            "file": SimpleUploadedFile("harbour.png", buffer.getvalue()),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Harbour")
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=name)["Contents"]}
    assert image.file.name in keys
    # Renditions are made from the stored original and stored beside it.
    rendition = image.get_rendition("fill-32x32")
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=name)["Contents"]}
    assert rendition.file.name in keys
    # The URL a page gets is the bucket's, signed, and serves the same bytes.
    served = requests.get(image.file.url, timeout=10)
    assert served.status_code == 200
    assert served.content == buffer.getvalue()


def test_the_media_origin_joins_the_content_security_policy():
    assert services.media_origins({}) == []
    assert services.media_origins(
        {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://s3.example.net:9000/x"}
    ) == ["https://s3.example.net:9000"]
    assert services.media_origins(
        {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_CUSTOM_DOMAIN": "media.example.com"}
    ) == ["https://media.example.com"]


def test_opensearch_backend_gets_the_japanese_analyser():
    config = services.search_backends(
        {"SEARCH_URL": "https://search.internal:9200", "SEARCH_INDEX_PREFIX": "blog_prod_"}
    )
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        backend = get_search_backend("default")
    assert type(backend).__module__.endswith("opensearch3")
    assert backend.get_index_for_model(BlogPostPage).name == "blog_prod_wagtailcore_page"
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    # Wagtail's own analysers for partial matching survive beside the Japanese one.
    assert {"ngram_analyzer", "edgengram_analyzer", "default", "default_search"} <= set(analyzers)
    for name in ("default", "default_search"):
        assert analyzers[name]["tokenizer"] == "kuromoji_tokenizer"
        assert "kuromoji_baseform" in analyzers[name]["filter"]
        assert "cjk_width" in analyzers[name]["filter"]
    assert analyzers["ja_bigram"]["filter"][-1] == "cjk_bigram"
    assert backend.hosts[0]["host"] == "search.internal"
    assert backend.hosts[0]["port"] == 9200
    assert backend.hosts[0]["use_ssl"] is True


def test_search_falls_back_to_the_database_and_refuses_bad_configuration():
    assert services.search_backends({}) == {"default": {"BACKEND": "search.backends"}}
    with pytest.raises(ValueError, match="SEARCH_BACKEND"):
        services.search_backends({"SEARCH_URL": "http://x:9200", "SEARCH_BACKEND": "solr"})
    with pytest.raises(ValueError, match="SEARCH_URL"):
        services.search_backends({"SEARCH_URL": "search.internal:9200"})


@pytest.mark.django_db(transaction=True)
def test_database_task_backend_queues_wagtail_tasks_for_a_worker(site_tree):
    from wagtail.tasks import update_reference_index_task

    post = BlogPostPageFactory(parent=site_tree["blog"], title="Queued", slug="queued")
    with override_settings(TASKS=services.tasks({"TASKS_BACKEND": "database"})):
        result = update_reference_index_task.enqueue("blog", "blogpostpage", post.pk)
        queued = DBTaskResult.objects.get(id=result.id)
        assert queued.status == "READY"
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        queued.refresh_from_db()
        assert queued.status == "SUCCESSFUL"
    assert services.tasks({}) == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    with pytest.raises(ValueError, match="TASKS_BACKEND"):
        services.tasks({"TASKS_BACKEND": "celery"})
