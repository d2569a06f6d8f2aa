"""Database dumps and media archives for `manage.py backup` and `manage.py restore`.

PostgreSQL goes through pg_dump / pg_restore (custom format, restorable into any empty database);
SQLite through its online backup API, safe while the site is running. Media on the local disk is
archived as a tarball; media in a bucket is left to the bucket's own versioning and replication.
"""

import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _pg_command(program: str, db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [program, "--no-owner", "--no-privileges"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def _media_root() -> Path | None:
    """The local media folder, or None when uploads live in object storage."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def backup(target: Path) -> dict[str, Any]:
    """Write the database and the media to ``target`` (a new or empty folder)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new folder for each backup.")
    db = connection.settings_dict
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    dump = target / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        args, env = _pg_command("pg_dump", db)
        _run([*args, "--format=custom", "--file", str(dump), db["NAME"]], env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_root = _media_root()
    if media_root is not None:
        with tarfile.open(target / MEDIA_FILE, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname=".")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": vendor,
        "media": "archive" if media_root is not None else "object storage (not archived)",
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
    return manifest


def database_has_content() -> bool:
    """Whether the database already holds a page tree that a restore would overwrite."""
    if "wagtailcore_page" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
        return cursor.fetchone()[0] > 0


def restore(source: Path, force: bool = False) -> dict[str, Any]:
    """Load a backup made by :func:`backup` into this site's database and media folder."""
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST_FILE}.") from error
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database, not {vendor}.")
    if database_has_content() and not force:
        raise BackupError("The database is not empty; restore into a new database, or use --force.")
    db = connection.settings_dict
    dump = source / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        args, env = _pg_command("pg_restore", db)
        clean = ["--clean", "--if-exists"] if force else []
        connection.close()
        _run(
            [
                *args,
                *clean,
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                db["NAME"],
                str(dump),
            ],
            env,
        )
    else:
        connection.close()
        with sqlite3.connect(dump) as backup_copy, sqlite3.connect(db["NAME"]) as live:
            backup_copy.backup(live)
    media_root = _media_root()
    archive_path = source / MEDIA_FILE
    if media_root is not None and archive_path.exists():
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(media_root, filter="data")
    return manifest
