"""What a piece of code asks PostgreSQL, and how PostgreSQL answers: the queries it runs, and
the scan nodes of their plans (which table is read, by which index or sequentially)."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple


@contextmanager
def recording():
    """Collect every query run in the block, in order, with its parameters."""
    ran: list[Query] = []

    def record(execute, sql, params, many, context):
        ran.append(Query(sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield ran


def explain(query: Query, *, analyze: bool = False) -> dict:
    """The plan as PostgreSQL's JSON; with `analyze` the query runs, and the plan carries
    actual rows, times and buffers."""
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {query.sql}", query.params)
        # psycopg2 decodes the json column: a list holding one plan.
        (output,) = cursor.fetchone()
    return output[0]


def explain_text(query: Query) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query.sql}", query.params)
        return "\n".join(line for (line,) in cursor.fetchall())


@dataclass(frozen=True)
class Scan:
    node: str  # Seq Scan, Index Scan, Index Only Scan, Bitmap Heap Scan
    table: str
    index: str  # "" for a sequential scan; "a+b" for a bitmap combining two indexes
    rows: float  # per loop: actual when analysed, else the planner's estimate
    loops: int
    parallel: bool = False  # one scan shared out between processes

    def __str__(self):
        node = f"Parallel {self.node}" if self.parallel else self.node
        how = f"{node} using {self.index}" if self.index else node
        loops = f" x {self.loops:,} loops" if self.loops > 1 else ""
        return f"{self.table}: {how} ({self.rows:,.0f} rows{loops})"


def scans(plan: dict) -> list[Scan]:
    """Every node of the plan that reads a table, outermost first."""
    found = []

    def walk(node):
        if "Relation Name" in node:
            index = node.get("Index Name", "")
            if node["Node Type"] == "Bitmap Heap Scan":
                index = "+".join(_bitmap_indexes(node["Plans"][0]))
            rows = node.get("Actual Rows", node["Plan Rows"])
            loops = node.get("Actual Loops", 1)
            parallel = node["Parallel Aware"]
            if parallel:
                # Its loops are the processes that shared the one scan: count all their rows.
                rows, loops = rows * loops, 1
            scan = Scan(node["Node Type"], node["Relation Name"], index, rows, loops, parallel)
            found.append(scan)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return found


def _bitmap_indexes(node: dict) -> list[str]:
    if node["Node Type"] == "Bitmap Index Scan":
        return [node["Index Name"]]
    return [name for child in node.get("Plans", []) for name in _bitmap_indexes(child)]
