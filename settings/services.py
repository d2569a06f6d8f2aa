"""Shared services switched on by the environment: cache, sessions, media storage, search, tasks.

Each function reads a mapping (``os.environ`` in the settings, a plain dict in tests) and returns
the Django setting for it, so every combination can be checked without the service running.
With none of the variables set, the site runs on one machine with nothing but its database.
As everywhere in the settings, a variable set to an empty value counts as unset (``value()``).
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


def value(env: Mapping[str, str], name: str, default: str = "") -> str:
    """``env[name]`` without surrounding spaces, or ``default`` when it is unset or empty."""
    return (env.get(name) or "").strip() or default


def caches(env: Mapping[str, str]) -> dict[str, Any]:
    """A Redis cache shared by every app server when ``REDIS_URL`` is set, else local memory.

    Redis being down must make pages slower, never fail them: django-redis turns every cache
    error into a miss (``IGNORE_EXCEPTIONS``), and short timeouts keep a dead server from holding
    a request for long.
    """
    redis_url = value(env, "REDIS_URL")
    if not redis_url:
        # Room for the page cache's pages and fragments (core.cache) beside everything else;
        # Django's default of 300 entries would keep evicting them.
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 5000},
            }
        }
    timeout = float(value(env, "REDIS_TIMEOUT", "0.5"))
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": value(env, "CACHE_KEY_PREFIX", "blog"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    }


def session_engine(env: Mapping[str, str]) -> str:
    """Sessions written to the database and read through the cache when Redis is shared.

    ``cached_db`` keeps editors logged in while Redis is down (reads fall back to the database),
    and any app server can read a session another one wrote.
    """
    if value(env, "REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def storages(env: Mapping[str, str]) -> dict[str, Any]:
    """Media on S3-compatible object storage when ``AWS_STORAGE_BUCKET_NAME`` is set.

    Static files stay with WhiteNoise on each app server (a CDN in front caches them), so
    only uploads, which every app server must see, go to the bucket.
    """
    staticfiles = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    bucket = value(env, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": staticfiles,
        }
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Uploads never overwrite one another, and objects are private unless a CDN serves them.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": not value(env, "AWS_S3_CUSTOM_DOMAIN"),
        "object_parameters": {"CacheControl": "max-age=86400"},
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "location": "AWS_LOCATION",
    }
    for option, name in optional.items():
        if setting := value(env, name):
            options[option] = setting
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": staticfiles,
    }


def media_origins(env: Mapping[str, str]) -> list[str]:
    """The origins media is served from when it lives in a bucket, for the Content-Security-Policy."""
    if not value(env, "AWS_STORAGE_BUCKET_NAME"):
        return []
    if domain := value(env, "AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{domain}"]
    if endpoint := value(env, "AWS_S3_ENDPOINT_URL"):
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}"]
    return ["https://*.amazonaws.com"]


# Japanese needs a morphological analyser: OpenSearch and Elasticsearch ship kuromoji as the
# analysis-kuromoji plugin. English text keeps the standard English analyser, and a CJK bigram
# filter is the fallback that finds compound words kuromoji splits differently.
JAPANESE_ANALYZER: dict[str, Any] = {
    "type": "custom",
    "tokenizer": "kuromoji_tokenizer",
    "filter": [
        "kuromoji_baseform",
        "kuromoji_part_of_speech",
        "cjk_width",
        "ja_stop",
        "kuromoji_stemmer",
        "lowercase",
    ],
}
# Merged by Wagtail into its own index settings, beside its n-gram analysers for autocomplete.
JAPANESE_INDEX_SETTINGS: dict[str, Any] = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": JAPANESE_ANALYZER,
                "default_search": JAPANESE_ANALYZER,
                "ja_bigram": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
            }
        }
    }
}


def search_backends(env: Mapping[str, str]) -> dict[str, Any]:
    """Wagtail's search: OpenSearch or Elasticsearch when ``SEARCH_URL`` is set, else the database.

    ``SEARCH_BACKEND`` picks the client: ``opensearch3`` (default), ``opensearch2``,
    ``elasticsearch8`` or ``elasticsearch9``, matching the server's major version. The server
    needs the analysis-kuromoji plugin for the Japanese analyser in ``INDEX_SETTINGS``.
    """
    url = value(env, "SEARCH_URL")
    if not url:
        return {"default": {"BACKEND": "search.backends"}}
    flavour = value(env, "SEARCH_BACKEND", "opensearch3")
    allowed = {"opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8", "elasticsearch9"}
    if flavour not in allowed:
        raise ValueError(f"SEARCH_BACKEND must be one of {sorted(allowed)}, not {flavour!r}")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"SEARCH_URL must be an http(s) URL, not {url!r}")
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.{flavour}",
            "URLS": [url],
            "INDEX_PREFIX": value(env, "SEARCH_INDEX_PREFIX", "blog_"),
            "TIMEOUT": int(value(env, "SEARCH_TIMEOUT", "5")),
            "INDEX_SETTINGS": JAPANESE_INDEX_SETTINGS,
            "OPTIONS": {},
        }
    }


def tasks(env: Mapping[str, str]) -> dict[str, Any]:
    """Background tasks: run at once by default, or queued in the database for a worker.

    ``TASKS_BACKEND=database`` queues Wagtail's tasks (search indexing, reference index) in
    PostgreSQL; run ``manage.py db_worker`` beside the app servers to process them.
    """
    backend = value(env, "TASKS_BACKEND", "immediate")
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if backend != "immediate":
        raise ValueError(f"TASKS_BACKEND must be 'immediate' or 'database', not {backend!r}")
    return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
