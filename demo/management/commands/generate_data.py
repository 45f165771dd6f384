"""Agency-scale synthetic data (issue 13), added alongside what the database holds: the demo
data and any earlier run stay, and new rows take ids past theirs. The SQL is benchmarks/dataset.py,
which the benchmarks use too."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarks import dataset


class Command(BaseCommand):
    help = gettext_lazy(
        "Generate agency-scale data alongside the data there (never deleting any): S is 1,000 "
        "clients, L 200,000, with their cases, notes, assessments, plans, referrals and reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(dataset.SCALES), default="S")
        parser.add_argument(
            "--clients", type=int, help=gettext_lazy("Clients to generate instead of the scale's.")
        )
        parser.add_argument(
            "--seed", type=int, default=0, help=gettext_lazy("Same seed, same data (0).")
        )

    def handle(self, *args, scale, clients, seed, **options):
        try:
            size = dataset.Size(clients=clients or dataset.SCALES[scale])
        except ValueError as e:
            raise CommandError(_("Generate at least 25 clients.")) from e
        started = time.monotonic()
        steps = dataset.generate(size, now=timezone.now(), seed=seed)
        seconds = time.monotonic() - started
        # Rows added per table (an UPDATE of rows already counted is shown, not added).
        rows = sum(n for table, n, _s in steps if "." not in table)
        width = max(len(table) for table, *_ in steps)
        for table, n, took in steps:
            self.stdout.write(f"{table:<{width}}  {n:>12,}  {took:7.1f} s")
        self.stdout.write(
            _("%(rows)s rows in %(seconds).1f s: %(rate)s rows/s.")
            % {"rows": f"{rows:,}", "seconds": seconds, "rate": f"{rows / seconds:,.0f}"}
        )
