"""Demo data: two programs, two teams, nine logins and 80 clients with cases in every state, each
app giving its own part (demo/parts.py). Idempotent: each part creates only what is missing of
it, so a second run creates nothing and changes nothing."""

import time

import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

import accounts.demo
from demo.parts import PARTS


class Command(BaseCommand):
    help = "Load demo data (idempotent): two teams, nine logins, 80 clients, cases in every state."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            said = [part.seed() for part in PARTS]
        summary = "; ".join(phrase for phrase in said if phrase)
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f} s: {summary}.")
        self.stdout.write(accounts.demo.logins_table())
