"""Wagtail's database search backend, with newest-first search made fast on SQLite.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}

PostgreSQL and MySQL get Wagtail's backend unchanged; SQLite gets the subclass in
search/backends/sqlite.py.
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

SQLITE_MODULE = "modelsearch.backends.database.sqlite.sqlite"


def is_sqlite_fts(backend) -> bool:
    """Whether ``backend`` is modelsearch's SQLite FTS5 backend or a subclass of it.

    Judged by module name: that module cannot be imported on other databases.
    """
    return any(cls.__module__ == SQLITE_MODULE for cls in type(backend).__mro__)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The database backend for the default database, with the SQLite compiler replaced."""
    backend = DatabaseSearchBackend(params)
    if is_sqlite_fts(backend):
        # Imported here, not at the top: modelsearch's SQLite module fails to import when the
        # database is PostgreSQL, and this factory is the one place that knows which it is.
        from search.backends.sqlite import NewestFirstSQLiteSearchBackend

        return NewestFirstSQLiteSearchBackend(params)
    return backend
