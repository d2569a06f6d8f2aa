from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the media folder into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new or empty folder for this backup")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the {manifest['database']} database and media to {folder}")
