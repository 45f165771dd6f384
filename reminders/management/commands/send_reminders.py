from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = (
        "One whole reminder cycle without Celery (scan, deliver, email, digests): cron can run "
        "this instead of beat and the workers."
    )

    def handle(self, *args, **options):
        figures = services.run_once(timezone.now())
        self.stdout.write(
            "Reminders: {created} new, {delivered} delivered, {emailed} emailed, "
            "{digests} digests sent.".format(**figures)
        )
