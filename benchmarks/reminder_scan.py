"""The reminder scan at agency scale (issue 6): does each kind's query read its table through an
index, and how long does the scan, reminders.scan.scan(now), take?

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/casemgmt \\
        .venv/bin/python benchmarks/reminder_scan.py [--clients 200000] [--tasks N] [--due N] \\
        [--reset]

DATABASE_URL says which PostgreSQL server to use (and as whom); the benchmark works in a
database of its own there, --database (casemgmt_bench), which it creates and migrates when
needed. It generates the data (benchmarks/dataset.py: --clients and what follows from them,
5.5 tasks a client unless --tasks says otherwise) once and reuses it on later runs the same day
(--reset regenerates it). It prints the data set; each kind's queries with the table scans of their
plans (EXPLAIN ANALYZE, fastest of three); the scan timed twice, the first run storing
the reminders and the second finding them all stored already; and the scan's own queries.
"""

import argparse
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the repository is not on the path

# Neither touches settings on import: models are imported once Django is set up, in connect().
from benchmarks import dataset, plans  # noqa: E402 (needs the path above)

# The local server casemgmt's settings default to.
DEFAULT_SERVER = "postgres://postgres:postgres@127.0.0.1:5432/"
# A sequential scan over fewer rows than this costs less than an index would save.
BIG_TABLE = 10_000
# A query run more often than this in one find() runs once per row found.
REPEATED = 10


@dataclass(frozen=True)
class Measured:
    """One distinct query: how many times the code ran it, and its fastest plan."""

    query: plans.Query
    runs: int
    plan: dict

    @property
    def ms(self) -> float:
        return self.plan["Execution Time"]


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    connect(args.database)

    from django.urls import get_resolver
    from django.utils import timezone

    size = dataset.Size(clients=args.clients, tasks=args.tasks, due=args.due, sent=args.sent)
    now = timezone.now()
    load = os.getloadavg()[0]
    print(f"Database {args.database}: {size}; load average {load:.1f} on {os.cpu_count()} CPUs\n")
    started = time.monotonic()
    try:
        steps = dataset.prepare(size, now=now, reset_first=args.reset)
    except dataset.ForeignData as e:
        sys.exit(str(e))
    if steps:
        rows = [(name, "" if n is None else f"{n:,}", f"{s:.1f}") for name, n, s in steps]
        rows.append(("total", "", f"{time.monotonic() - started:.1f}"))
        table(["generated", "rows", "s"], rows)
    else:
        print("Reusing the data set generated today (--reset generates it again).\n")
    forget_earlier_runs()
    table(["data set", "rows"], [(name, f"{n:,}") for name, n in counts(now)])

    # Import the URLconf (and every view with it) now, not in the first find() to build a URL.
    get_resolver().url_patterns  # noqa: B018
    sizes = table_sizes()
    kind_sql = report_kinds(now, sizes=sizes, show_plans=args.show_plans)
    report_scan(now, sizes=sizes, kind_sql=kind_sql, show_plans=args.show_plans)


def parse(argv):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--clients", type=int, default=dataset.SCALES["L"], help="clients (%(default)s)"
    )
    parser.add_argument("--tasks", type=int, help="tasks in all (5.5 a client)")
    parser.add_argument("--due", type=int, help="open tasks due by tomorrow (1 in 200 clients)")
    parser.add_argument(
        "--sent", type=int, help="delivered reminders already in the outbox (1 a client)"
    )
    parser.add_argument("--database", default="casemgmt_bench", help="(%(default)s)")
    parser.add_argument("--reset", action="store_true", help="generate the data set again")
    parser.add_argument(
        "--show-plans", action="store_true", help="also print each plan in full (EXPLAIN text)"
    )
    return parser.parse_args(argv)


def connect(database: str) -> None:
    """Set Django up on `database` of DATABASE_URL's server, creating and migrating it if needed."""
    url = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_SERVER))
    os.environ["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{database}"))
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")

    import django

    django.setup()

    import psycopg2
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from psycopg2 import sql

    db = connection.settings_dict
    server = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"],
    )
    server.autocommit = True  # CREATE DATABASE refuses to run in a transaction
    with server.cursor() as cursor:
        cursor.execute("SELECT FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            print(f"Creating database {database}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    server.close()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(f"Migrating {database}")
        call_command("migrate", verbosity=0)


def forget_earlier_runs() -> None:
    """Delete the reminders an earlier run's scans stored (the generated ones are delivered), so
    that the first scan of this run stores them again."""
    from reminders.models import Reminder

    Reminder.objects.pending().delete()


def counts(now) -> list[tuple[str, int]]:
    import datetime

    from django.utils import timezone

    from careplans.models import CarePlan, Goal, Task
    from cases.models import Case, CaseNote
    from clients.models import Consent
    from referrals.models import Referral
    from reminders.models import Reminder

    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return [
        (name, queryset.count())
        for name, queryset in [
            ("tasks", Task.objects.all()),
            ("  open", Task.objects.open()),
            ("  open and due by tomorrow", Task.objects.open().filter(due_on__lte=tomorrow)),
            ("cases", Case.objects.all()),
            ("  open", Case.objects.open()),
            ("care plans", CarePlan.objects.all()),
            ("  active", CarePlan.objects.filter(status=CarePlan.Status.ACTIVE)),
            ("goals", Goal.objects.all()),
            ("case notes", CaseNote.objects.all()),
            ("consents", Consent.objects.all()),
            ("referrals", Referral.objects.all()),
            ("  sent, awaiting an answer", Referral.objects.filter(status=Referral.Status.SENT)),
            ("reminders in the outbox", Reminder.objects.all()),
        ]
    ]


def report_kinds(now, *, sizes: dict[str, int], show_plans: bool) -> set[str]:
    """Run each kind's find(now), then explain each distinct query it ran. Returns their SQL."""
    from reminders.registry import KINDS

    print("Each kind's queries (N x: run N times by one find(); ms, buffers: EXPLAIN ANALYZE):\n")
    summary, notes, kind_sql = [], [], set()
    for kind in KINDS.values():
        with plans.recording() as ran:
            started = time.perf_counter()
            found = len(list(kind.find(now)))
            find_ms = (time.perf_counter() - started) * 1000
        print(f"{kind.name}: {found:,} found, {len(ran):,} queries, find() {find_ms:,.1f} ms")
        if not ran:
            print("  (no query: never found by a scan)\n")
            continue
        measured = measure(ran, sizes=sizes, show_plans=show_plans)
        kind_sql |= {m.query.sql for m in measured}
        main = measured[0]
        biggest = max(plans.scans(main.plan), key=lambda scan: sizes.get(scan.table, 0))
        how = str(biggest).removeprefix(f"{biggest.table}: ")
        summary.append(
            (
                kind.name,
                f"{found:,}",
                f"{len(ran):,}",
                f"{find_ms:,.1f}",
                f"{biggest.table} ({sizes.get(biggest.table, 0):,})",
                how,
                f"{main.ms:.2f}",
            )
        )
        for m in measured:
            notes += [
                f"{kind.name}: Seq Scan on {scan.table} ({sizes[scan.table]:,} rows)"
                for scan in whole_table_reads(m.plan, sizes)
            ]
            if m.runs > REPEATED:
                table_read = plans.scans(m.plan)[0].table
                notes.append(f"{kind.name}: one query on {table_read} per row found ({m.runs:,})")
    table(
        ["kind", "found", "queries", "find ms", "largest table read", "read by", "main query ms"],
        summary,
        align="lrrrllr",
    )
    for note in dict.fromkeys(notes):
        print(f"  ! {note}")
    print()
    return kind_sql


def report_scan(now, *, sizes: dict[str, int], kind_sql: set[str], show_plans: bool) -> None:
    """Time scan(now) on an outbox holding only delivered reminders, then again."""
    from django.db.models import Count

    from reminders.models import Reminder
    from reminders.scan import scan

    results = []
    for run in ("first run", "second run"):
        with plans.recording() as ran:
            started = time.perf_counter()
            created = scan(now)
            ms = (time.perf_counter() - started) * 1000
        results.append((run, f"{ms:,.1f}", f"{created:,}", f"{len(ran):,}"))
    table(["scan(now)", "ms", "created", "queries"], results)
    created = Reminder.objects.pending().values_list("kind").annotate(n=Count("pk"))
    table(["created by the first run", "reminders"], [(k, f"{n:,}") for k, n in created])

    # The second run's reads besides the kinds': the first run's, minus what it inserted.
    own = [q for q in ran if q.sql not in kind_sql and q.sql.startswith("SELECT")]
    print("The scan's own reads (N x: run N times by one scan; ms: EXPLAIN ANALYZE):\n")
    measure(own, sizes=sizes, show_plans=show_plans, show_sql=True)


def measure(
    queries: list[plans.Query], *, sizes: dict[str, int], show_plans: bool, show_sql: bool = False
) -> list[Measured]:
    """Explain each distinct query once, fastest of three runs (noise only ever adds time), and
    print it: runs, time, rows, pages, then the tables it reads and how."""
    runs = Counter(q.sql for q in queries)
    first: dict[str, plans.Query] = {}
    for query in queries:
        first.setdefault(query.sql, query)
    measured = []
    for sql, n in runs.items():
        tries = [plans.explain(first[sql], analyze=True) for _ in range(3)]
        m = Measured(first[sql], n, min(tries, key=lambda plan: plan["Execution Time"]))
        top = m.plan["Plan"]
        pages = f"{top['Shared Hit Blocks']:,} hit, {top['Shared Read Blocks']:,} read"
        print(f"  {n:>6,} x {m.ms:8.2f} ms  {top['Actual Rows']:>7,} rows  buffers: {pages}")
        if show_sql:
            print(f"        {sql[:92]}…")
        whole = whole_table_reads(m.plan, sizes)
        for scan in plans.scans(m.plan):
            flag = f"  <- reads all {sizes[scan.table]:,} rows" if scan in whole else ""
            print(f"        {scan}{flag}")
        if show_plans:
            print("\n" + plans.explain_text(m.query) + "\n")
        measured.append(m)
    print()
    return measured


def whole_table_reads(plan: dict, sizes: dict[str, int]) -> list[plans.Scan]:
    return [
        scan
        for scan in plans.scans(plan)
        if scan.node == "Seq Scan" and sizes.get(scan.table, 0) >= BIG_TABLE
    ]


def table_sizes() -> dict[str, int]:
    """Rows per table, as the planner counts them (pg_class.reltuples, kept by ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        )
        return dict(cursor.fetchall())


def table(header: list[str], rows: list[tuple], align: str = "") -> None:
    """Print rows under a header; `align` has an l or r per column (default: the first column
    left, the others right)."""
    align = align or "l" + "r" * (len(header) - 1)
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print()


if __name__ == "__main__":
    main()
