"""The whole command: every app's part, in one transaction, under one history context."""

import importlib
import importlib.util
import tomllib
from io import StringIO
from pathlib import Path

import pghistory.models
import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import Program, Team, User
from assessments.models import Assessment, IdentifiedNeed
from careplans.models import CarePlan, Task
from cases.models import CareTeamMember, Case, CaseEvent, CaseNote
from clients.models import Client, ClientFlag, Consent, Contact, Coverage
from demo.parts import PARTS
from discharge.models import Admission, Barrier, UtilizationReview
from referrals.models import Referral, Service
from reminders.models import Preference

pytestmark = pytest.mark.django_db

SEEDED = [
    User,
    Program,
    Team,
    Client,
    Contact,
    Coverage,
    Consent,
    ClientFlag,
    Case,
    CareTeamMember,
    CaseEvent,
    CaseNote,
    Assessment,
    IdentifiedNeed,
    Task,
    CarePlan,
    Service,
    Preference,
    Referral,
    Admission,
    Barrier,
    UtilizationReview,
    pghistory.models.Events,
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_seeding_twice_leaves_the_same_counts():
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["Client"] == 80


def test_the_summary_says_what_each_part_created():
    said = seed()

    assert "created 80 of 80 clients (80 in the database); created 72 of 72 cases" in said
    assert (
        "cases assessed; 3 cases given care plans; 104 services listed, 5 referrals made; "
        "12 hospital stays, 1 choice list offered." in said
    )


def test_a_second_run_says_it_created_nothing():
    seed()

    said = seed()

    assert "created 0 of 80 clients" in said
    assert "created 0 of 72 cases" in said
    assert (
        "; 0 cases assessed; 0 cases given care plans; 0 services listed, 0 referrals made; "
        "0 hospital stays." in said
    )


def test_the_table_of_logins_follows_the_summary():
    lines = seed().splitlines()

    assert lines[0].startswith("Demo data ready in ")
    assert lines[1:3] == ["", "Demo logins:"]
    assert len(lines[3:]) == 2 + 9  # the heading and its rule, then one row a login


def test_every_history_row_the_seed_adds_names_the_command():
    before = pghistory.models.Events.objects.count()

    seed()

    added = pghistory.models.Events.objects.count() - before
    by_command = pghistory.models.Events.objects.filter(pgh_context__command="seed_demo")
    assert added > 0
    assert by_command.count() == added


def test_every_seeded_client_and_case_has_its_history():
    seed()

    assert not Client.objects.filter(history=None).exists()
    assert not Case.objects.filter(history=None).exists()


def test_the_one_safety_alert_puts_one_safety_plan_review_on_its_case():
    seed()

    assert Task.objects.filter(description="Safety plan review").count() == 1


def test_the_parts_run_lowest_app_first_and_none_is_left_out():
    pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    layers = next(contract["layers"] for contract in contracts if contract["type"] == "layers")
    with_part = [app for app in reversed(layers) if _has_part(app)]

    assert [part.__name__.removesuffix(".demo") for part in PARTS] == with_part


def _has_part(app: str) -> bool:
    """casemgmt.demo is no part: it holds what the parts share."""
    name = f"{app}.demo"
    return importlib.util.find_spec(name) is not None and hasattr(
        importlib.import_module(name), "seed"
    )
