"""``manage.py import_wordpress EXPORT.xml``: bring a WordPress blog across, posts, comments, media and links."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wordpress_import import upstream
from wordpress_import.comments import PINGBACK_POLICIES
from wordpress_import.importer import WordPressImporter
from wordpress_import.parser import WxrError
from wordpress_import.structure import SiteStructureMissing


def parse_url_map(entry: str) -> tuple[str, str]:
    """``OLD=NEW`` as a pair of address prefixes; NEW may be a path on this site."""
    old, separator, new = entry.partition("=")
    old, new = old.strip(), new.strip()
    if (
        not separator
        or urlsplit(old).scheme not in {"http", "https"}
        or not (urlsplit(new).scheme in {"http", "https"} or new.startswith("/"))
    ):
        raise CommandError(
            _(
                "--media-url-map takes OLD=NEW, two addresses such as "
                "https://blog.example/wp-content/uploads/=https://files.example/uploads/ "
                "(NEW may be a path on this site); got “%(entry)s”."
            )
            % {"entry": entry}
        )
    return old, new


class Command(BaseCommand):
    help = (
        "Imports a WordPress export (WXR) file: authors, categories, tags, posts, pages, "
        "comments and attachments, with redirects from the old addresses. Running it again "
        "updates what it imported before instead of duplicating it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("export", help="The WXR file from WordPress's Tools → Export.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the blog's wp-content/uploads folder; attachments are read from it, never downloaded.",
        )
        parser.add_argument(
            "--media-url-map",
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="Files whose address starts with OLD are served from NEW now (a CDN, another "
            "host): links and players point there. May be given more than once.",
        )
        parser.add_argument(
            "--language",
            choices=["auto", "en", "ja"],
            default="auto",
            help="Which language tree posts go into; auto puts a post written mostly in Japanese into the Japanese tree.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite pages and comments changed on this site since the last import.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, and change nothing."
        )
        parser.add_argument(
            "--pingbacks",
            choices=PINGBACK_POLICIES,
            help="keep (with their WordPress status), pending (hold for moderation) or skip; "
            "defaults to the BLOG_IMPORT_PINGBACKS setting, else keep.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Print no progress while importing."
        )

    def handle(self, *args, **options) -> None:
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": export})
        media_dir = options.get("media_dir")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": media_dir})
        url_map = [parse_url_map(entry) for entry in options["media_url_map"]]
        stream = None if options["no_progress"] else upstream.real_stream(self.stderr)
        importer = WordPressImporter(
            export,
            media_dir=media_dir,
            media_url_map=url_map,
            language=options["language"],
            update=options["update"],
            dry_run=options["dry_run"],
            pingbacks=options.get("pingbacks"),
            progress=stream,
            interactive=bool(stream is not None and stream.isatty()),
        )
        try:
            report = importer.run()
        except WxrError as error:
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        except SiteStructureMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.render())
