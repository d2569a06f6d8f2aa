"""python manage.py load_demo_content: build the bilingual demo blog, idempotently."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from blog.models import BlogPostPage
from demo.builder import build_demo_site, follow_local_address
from home.models import HomePage

DEMO_ADMIN = ("admin", "admin-demo-password")


class Command(BaseCommand):
    help = "Create the demo site (English and Japanese home, blog, categories and posts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has a home page or posts (its own, or an import's).",
        )
        parser.add_argument(
            "--create-admin",
            action="store_true",
            help=f"Also create a superuser '{DEMO_ADMIN[0]}' for local use, if no superuser exists.",
        )

    def handle(self, *args, if_empty: bool = False, create_admin: bool = False, **options):
        # A home page means someone built this site (an import of a blog with no posts yet
        # makes one too); the demo must never mix its posts and slugs into it.
        if if_empty and (BlogPostPage.objects.exists() or HomePage.objects.exists()):
            self.stdout.write("The site already has content; demo content not loaded.")
        else:
            report = build_demo_site()
            for item in report.created:
                self.stdout.write(f"Created {item}")
            self.stdout.write(
                self.style.SUCCESS(f"Demo content ready ({len(report.created)} new objects).")
            )
        if site := follow_local_address():
            self.stdout.write(f"The site now answers at {site.root_url}/ (WAGTAILADMIN_BASE_URL).")
        if create_admin:
            self.ensure_admin()

    def ensure_admin(self) -> None:
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            username, password = DEMO_ADMIN
            User.objects.create_superuser(username, "admin@localhost", password)
        self.stdout.write(
            self.style.WARNING(
                f"Admin for local use: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/ "
                f"user '{DEMO_ADMIN[0]}', password '{DEMO_ADMIN[1]}' (created only if no superuser existed)."
            )
        )
