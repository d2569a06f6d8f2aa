from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into this site's (empty) database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `manage.py backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that has content"
        )
        parser.add_argument("--noinput", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, folder: Path, force: bool, noinput: bool, **options):
        if force and not noinput:
            answer = input("This replaces the site's database and media. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore(folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created']} from {folder}")
