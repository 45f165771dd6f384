"""The generate_data command: the clients asked for, alongside the demo data, with its figures."""

from io import StringIO

import pytest
from django.core.management import call_command

from clients.models import Client

pytestmark = pytest.mark.django_db


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_data", stdout=out, **options)
    return out.getvalue()


def test_the_command_generates_the_clients_asked_for():
    generate(clients=40)

    assert Client.objects.count() == 40


def test_the_command_says_rows_per_table_and_rows_per_second():
    said = generate(clients=40).splitlines()

    assert any(line.startswith("clients_client ") and " 40 " in line for line in said)
    assert said[-1].endswith(" rows/s.")


def test_the_demo_data_stays_when_data_is_generated_alongside_it():
    call_command("seed_demo", stdout=StringIO())
    demo = set(Client.objects.values_list("pk", "client_number"))

    generate(clients=40, seed=1)

    assert demo <= set(Client.objects.values_list("pk", "client_number"))
    assert Client.objects.count() == len(demo) + 40
