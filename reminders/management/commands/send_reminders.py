from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "One scan and delivery cycle without Celery: cron can run this instead of beat."

    def handle(self, *args, **options):
        created = services.scan(timezone.now())
        delivered = services.deliver_all()
        self.stdout.write(f"Reminders: {created} new, {delivered} delivered.")
