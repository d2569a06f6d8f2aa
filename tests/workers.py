"""Stand-ins for separate app-server workers inside one test process."""

from django.test import override_settings


def worker_cache(name: str) -> override_settings:
    """The cache of one gunicorn worker without Redis: a local-memory cache of its own.

    Requests made inside ``with worker_cache("a"):`` see only what worker "a" cached, as two
    workers (or a worker before and after a restart) do.
    """
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"worker-{name}",
            }
        }
    )
