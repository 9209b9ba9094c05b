from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from uploads.services import uploads_clean_unattached


class Command(BaseCommand):
    help = (
        "Delete uploaded images that no post or FAQ entry references, once older than "
        "WENDA_UPLOAD_UNATTACHED_HOURS (24): files from storage and their rows. Run it from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="Age in hours (default: WENDA_UPLOAD_UNATTACHED_HOURS).",
        )

    def handle(self, *args, hours=None, **options):
        hours = settings.WENDA_UPLOAD_UNATTACHED_HOURS if hours is None else hours
        deleted = uploads_clean_unattached(older_than=timezone.now() - timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} unattached upload(s) older than {hours} hours.")
