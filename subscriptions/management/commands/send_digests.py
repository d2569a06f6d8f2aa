"""Queue the daily digest (run once a day from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from subscriptions.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Send each daily-digest subscriber the posts announced since their last digest."

    def handle(self, *args, **options) -> None:
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued ({result.id}).")
