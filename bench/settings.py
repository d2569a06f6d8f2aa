"""The production settings as benchmarked: plus one trivial view, the Python ceiling."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "0123456789" * 5)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# wrk speaks plain HTTP to 127.0.0.1; TLS would sit in a proxy in front.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from settings.production import *  # noqa: F403
from settings.production import PAGE_CACHE_EXCLUDED_PATHS

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_EXCLUDED_PATHS = (*PAGE_CACHE_EXCLUDED_PATHS, "/bench/")
# `make bench`'s cold server (BENCH_COLD=true): nothing is kept between requests. Django's
# caches are dummies (the page cache, fragments, cached values and Wagtail's own cached site
# root paths and renditions keep nothing), and a dummy cache holds no content generation, so
# every request starts a new one and the per-process memos start empty (bench/cold.py).
if os.environ.get("BENCH_COLD", "").lower() in ("1", "true", "yes"):
    CACHES = dict.fromkeys(CACHES, {"BACKEND": "django.core.cache.backends.dummy.DummyCache"})  # noqa: F405
    PAGE_CACHE_ENABLED = False
    PAGE_CACHE_FRAGMENTS = False
PAGE_CACHE_GENERATION_FILE = os.environ.get(
    "PAGE_CACHE_GENERATION_FILE", "/tmp/blog-bench-page-cache-generation"
)
