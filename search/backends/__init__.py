"""Wagtail's database search backend, with newest-first search made fast on SQLite.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}

PostgreSQL and MySQL get Wagtail's backend unchanged; SQLite gets the subclass in
search/backends/sqlite.py.
"""

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The database backend for the default database, with the SQLite compiler replaced."""
    backend = DatabaseSearchBackend(params)
    if type(backend).__module__ == "modelsearch.backends.database.sqlite.sqlite":
        from search.backends.sqlite import NewestFirstSQLiteSearchBackend

        return NewestFirstSQLiteSearchBackend(params)
    return backend
