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
PAGE_CACHE_GENERATION_FILE = os.environ.get(
    "PAGE_CACHE_GENERATION_FILE", "/tmp/blog-bench-page-cache-generation"
)
