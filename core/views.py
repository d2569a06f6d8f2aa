"""Views outside the page tree: the health check and the error pages that must never fail."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Seconds a browser or load balancer is asked to wait before trying again during an outage.
RETRY_AFTER = "30"


@never_cache
# Outside ATOMIC_REQUESTS: opening the transaction would fail before the check could report it.
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether this app server can reach its database and cache, for a load balancer's checks.

    The database is required (503 without it). The cache is reported but not required: with
    Redis down the site still serves pages, only slower, so the server should stay in rotation.
    """
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unreachable", exc_info=True)
        checks["database"] = "unavailable"
    key = f"healthz:{get_random_string(12)}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        checks["cache"] = "unavailable"
    cache.delete(key)
    status = 200 if checks["database"] == "ok" else 503
    response = JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", **checks}, status=status
    )
    if status == 503:
        response["Retry-After"] = RETRY_AFTER
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page, or a friendly 503 when the cause is the database being out of reach.

    Neither template touches the database, so both render while it is down; the next request
    opens a fresh connection (``CONN_HEALTH_CHECKS``), so the site recovers on its own.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError) and is_connection_failure(exc):
        response = HttpResponse(loader.render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
    return HttpResponse(loader.render_to_string("500.html", request=None), status=500)


def is_connection_failure(exc: DatabaseError) -> bool:
    """Whether a database error means the server is unreachable, not a bad query."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    # SQLite raises OperationalError for a locked or missing file as well as for bad SQL.
    message = str(exc).lower()
    return connection.vendor != "sqlite" or any(
        phrase in message for phrase in ("unable to open", "disk i/o", "locked", "readonly")
    )
