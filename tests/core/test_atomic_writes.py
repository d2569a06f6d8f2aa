"""One transaction around each request that may write; none around reads (see settings.base)."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_http_methods

import pytest

from core.middleware import AtomicWritesMiddleware


def transaction_depth() -> int:
    """Atomic blocks open inside the test's own transaction."""
    return len(connection.savepoint_ids)


@pytest.fixture
def seen() -> list:
    return []


@pytest.fixture
def view(seen):
    @require_http_methods(["GET", "HEAD", "POST", "PUT", "DELETE"])
    def record_depth(request):
        seen.append(transaction_depth())
        return HttpResponse("ok")

    return record_depth


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "atomic"),
    [("get", False), ("head", False), ("post", True), ("put", True), ("delete", True)],
)
def test_only_requests_that_may_write_run_in_a_transaction(view, seen, method, atomic):
    middleware = AtomicWritesMiddleware(lambda request: HttpResponse())
    request = getattr(RequestFactory(), method)("/")
    outside = transaction_depth()
    response = middleware.process_view(request, view, (), {})
    if response is None:  # left to Django, which calls the view itself
        response = view(request)
    assert response.status_code == 200
    assert seen == [outside + 1 if atomic else outside]


@pytest.mark.django_db
def test_a_view_that_opts_out_is_left_alone(view, seen):
    middleware = AtomicWritesMiddleware(lambda request: HttpResponse())
    opted_out = transaction.non_atomic_requests(view)
    assert middleware.process_view(RequestFactory().post("/"), opted_out, (), {}) is None
    assert seen == []


def test_it_is_the_last_middleware(settings):
    # Its process_view calls the view: any middleware after it would never see the request.
    assert settings.MIDDLEWARE[-1] == "core.middleware.AtomicWritesMiddleware"
