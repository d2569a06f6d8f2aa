"""A pytest plugin: ``--database-dependent-only`` runs just what the database engine can change.

CI runs the suite twice, on SQLite and on PostgreSQL. A test that touches no database, or whose
outcome does not depend on the engine it runs on (the browser suite, the two app servers with
their own PostgreSQL, the shared services), gains nothing from the second pass: it runs in the
first one only. Such a module declares it with ``pytestmark = pytest.mark.database_independent``;
a test that asks for no database at all is recognised by itself. ``make test`` runs everything.
"""

from django.test import TransactionTestCase

import pytest

OPTION = "--database-dependent-only"
# pytest-django's fixtures that give a test the database; ``db`` and its kin all request the
# helper, and the ``django_db`` marker is read separately.
DATABASE_FIXTURES = {"_django_db_helper", "db", "transactional_db", "live_server"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        help="run only the tests whose outcome depends on the database engine "
        "(CI's pass on the second database)",
    )


def touches_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    test_class = getattr(item, "cls", None)
    return test_class is not None and issubclass(test_class, TransactionTestCase)


def depends_on_database(item: pytest.Item) -> bool:
    # The browser suite drives the site as a reader does: what it proves is the same whatever
    # the database (the database's behaviour is the other tests' business).
    declared_independent = item.get_closest_marker(
        "database_independent"
    ) or item.get_closest_marker("browser")
    return declared_independent is None and touches_database(item)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption(OPTION):
        return
    kept = [item for item in items if depends_on_database(item)]
    deselected = [item for item in items if not depends_on_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = kept
