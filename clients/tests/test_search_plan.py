"""Client search reads its matches through indexes, never every client (issue 13): each kind of
match is served by its own index, on a few thousand clients of realistic names. The benchmark
(benchmarks/pages.py) measures the same at 200,000."""

import datetime
import itertools

import pytest
from django.db import connection

from benchmarks import plans
from clients.models import Client

# Committed, so that autovacuum, which may analyse the table at any moment, counts the same
# clients as the test: inside a test's transaction it would see none, and the planner, told the
# table is empty, would read it whole.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRST = ["James", "Mary", "John", "Maria", "Wei", "Aisha", "Omar", "Priya", "Olga", "Kofi"]
# Surnames as varied as a real agency's: a few hundred, each sounding its own way.
SYLLABLES = ["ba", "ko", "ri", "ten", "mar", "lu", "sen", "dor", "vik", "na", "pel", "zu", "gan"]
COINED = [(a + b + c).capitalize() for a, b, c in itertools.product(SYLLABLES, repeat=3)]
LAST = ["Smith", "Okafor", "Kowalski", *COINED[:600]]
CLIENTS = 6_000


@pytest.fixture
def agency(team, caseworker):
    names = itertools.cycle(itertools.product(LAST, FIRST))
    Client.objects.bulk_create(
        Client(
            client_number=f"P{n:07d}",
            legal_first_name=first,
            legal_last_name=last,
            date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=n * 7 % 25_000),
            registered_team=team,
            registered_by=caseworker,
        )
        for n, (last, first) in zip(range(CLIENTS), names, strict=False)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_client")


def _clients_read(caseworker, term) -> list[str]:
    """How the search's queries read clients, planned as on a large table: on a few thousand
    rows a sequential scan may cost the planner less than an index that fits, so sequential
    scans are priced out (enable_seqscan off). A branch that no index serves still gets one."""
    with plans.recording() as ran:
        list(Client.objects.findable_by(caseworker).search(term)[:101])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return [
                str(scan)
                for query in ran
                for scan in plans.scans(plans.explain(query))
                if scan.table == "clients_client"
            ]
        finally:
            cursor.execute("RESET enable_seqscan")


TERMS = [
    *["P0001234", "1961-04-09", "smi 04/09/1961", "okafor", "jon smyth", "kowalsky", "tenma"],
    "ko",  # too short for the trigram index: matched by sound alone
]


def test_a_search_reads_clients_only_through_indexes(agency, caseworker):
    read = {term: _clients_read(caseworker, term) for term in TERMS}

    assert all(read.values())
    assert {term: [s for s in scans if "Seq Scan" in s] for term, scans in read.items()} == {
        term: [] for term in TERMS
    }
