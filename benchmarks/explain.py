"""The plans of each page's heaviest queries (issue 13): captured while the page is requested,
explained with their own parameters (EXPLAIN ANALYZE, reads only), stored as JSON, and checked
for sequential scans of big tables."""

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import plans

# A sequential scan of a table the planner counts more rows in than this fails the run.
BIG_TABLE = 100_000
# The page's slowest queries that are explained and stored.
HEAVIEST = 3
# (page, table): a sequential scan found there on purpose, and why. None yet.
INTENDED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Timed:
    query: plans.Query
    ms: float


@contextmanager
def recording():
    """Collect every query run in the block with its parameters and how long it took."""
    from django.db import connection

    ran: list[Timed] = []

    def record(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ran.append(Timed(plans.Query(sql, params), (time.perf_counter() - began) * 1000))

    with connection.execute_wrapper(record):
        yield ran


def heaviest(ran: list[Timed], n: int = HEAVIEST) -> list[Timed]:
    """The n slowest SELECTs: EXPLAIN ANALYZE runs what it explains, so never a write."""
    reads = [t for t in ran if t.query.sql.lstrip().upper().startswith("SELECT")]
    return sorted(reads, key=lambda t: t.ms, reverse=True)[:n]


def explain(ran: list[Timed]) -> list[dict]:
    """Each heaviest query's SQL, parameters, time in the page and analysed plan."""
    return [
        {
            "sql": t.query.sql,
            "params": [str(p) for p in t.query.params or ()],
            "ms_in_page": round(t.ms, 3),
            "plan": plans.explain(t.query, analyze=True),
        }
        for t in heaviest(ran)
    ]


def big_seq_scans(page: str, explained: list[dict], sizes: dict[str, int]) -> list[str]:
    """The sequential scans of tables over BIG_TABLE rows in the plans, unless INTENDED."""
    return [
        f"{page}: Seq Scan on {scan.table} ({sizes[scan.table]:,} rows)"
        for entry in explained
        for scan in plans.scans(entry["plan"])
        if scan.node == "Seq Scan"
        and sizes.get(scan.table, 0) > BIG_TABLE
        and (page, scan.table) not in INTENDED
    ]


def store(directory: Path, slug: str, explained: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{slug}.json").write_text(json.dumps(explained, indent=2, default=str))
