"""Each page's SQL floor (issue 13): the queries a hand-written minimal implementation of the page
would run (the same rows the page shows, under the same access rule), one file per page in
benchmarks/sql/, run through psycopg2 on a connection of its own. How much longer the page takes
than its floor is what Django, the templates and the middleware add."""

from pathlib import Path

import psycopg2

SQL = Path(__file__).resolve().parent / "sql"


def statements(name: str) -> list[str]:
    """The statements of sql/<name>.sql, split at the semicolons that end a line."""
    text = (SQL / f"{name}.sql").read_text()
    return [s.strip() for s in text.split(";\n") if s.strip()]


def connect():
    """A psycopg2 connection to Django's database, outside Django, with JIT off as in settings."""
    from django.db import connection

    db = connection.settings_dict
    floor = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"],
        options="-c jit=off",
    )
    floor.autocommit = True  # reads only: no transaction to open and close around them
    return floor


def run(connection, queries: list[str], params: dict) -> int:
    """Run the statements in turn, fetching every row as a page would; returns the rows."""
    rows = 0
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows
