"""A pytest plugin for ``make mutation``: test databases kept between mutants, one per worker.

mutmut runs the guarding tests once per mutant, each time in a new pytest session, and building
the test database (every migration of Wagtail and the project) takes about a minute on this
machine: far longer than the tests themselves. With ``MUTATION_DATABASES`` set to a folder
(the Makefile does it), a session takes the first free slot in that folder, and keeps that
slot's database when it ends. A slot is a lock file held for the whole session (the kernel
drops it when mutmut kills a slow mutant), so mutants tested side by side never share a
database. On SQLite a new slot starts as a copy of an existing one (SQLite's backup, which
reads a consistent state while another session writes), so only the very first session
migrates: a mutant whose session had to migrate would be cut off as a timeout by mutmut, whose
time limit counts the tests and not the set-up. Unset, nothing changes.
"""

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TextIO

from django.conf import settings

import dj_database_url
import pytest

ENVIRONMENT = "MUTATION_DATABASES"


def mutation_folder() -> Path | None:
    folder = os.environ.get(ENVIRONMENT, "").strip()
    return Path(folder).resolve() if folder else None


def take_free_slot(folder: Path) -> tuple[int, TextIO]:
    """The number of the first slot no other session holds, and its lock (open while held)."""
    folder.mkdir(parents=True, exist_ok=True)
    slot = 0
    while True:
        lock = (folder / f"slot{slot}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            slot += 1
        else:
            return slot, lock


def slot_database(folder: Path, slot: int) -> str:
    """The name of ``slot``'s test database. On SQLite a slot's first session copies another
    slot's file, if there is one: the migrations then find nothing to do."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # The session that forked this one may have left the test database's name in NAME.
        configured = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
        return f"test_{configured}_mutation{slot}"
    database = folder / f"slot{slot}.sqlite3"
    existing = sorted(folder.glob("slot*.sqlite3"))
    if not database.exists() and existing:
        with (
            closing(sqlite3.connect(existing[0])) as origin,
            closing(sqlite3.connect(database)) as copy,
        ):
            origin.backup(copy)
    return str(database)


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    return mutation_folder() is not None or request.config.getvalue("reuse_db")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
) -> Iterator[None]:
    folder = mutation_folder()
    if folder is None:
        yield
        return
    slot, lock = take_free_slot(folder)
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = slot_database(folder, slot)
    try:
        yield
    finally:
        lock.close()
