from io import StringIO

import pghistory.models
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Program, Team, User
from assessments.models import Assessment, IdentifiedNeed
from careplans.models import CarePlan, Task
from clients.models import (
    CareTeamMember,
    Case,
    CaseEvent,
    CaseNote,
    Client,
    ClientFlag,
    Consent,
    Contact,
    Coverage,
)
from referrals.models import Referral, Service
from reminders.models import Preference

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["admin", "supervisor1", "supervisor2", "cm1", "cm2", "cm3", "cm4", "cm5", "cm6"]
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
    pghistory.models.Events,
]


def seed():
    call_command("seed_demo", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_seeding_twice_leaves_the_same_counts():
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["Client"] == 80


def test_seeding_creates_cases_in_every_status():
    seed()

    statuses = set(Case.objects.values_list("status", flat=True))

    assert statuses == set(Case.Status.values)


def test_seeded_cases_reach_their_status_through_recorded_moves():
    seed()

    unexplained = Case.objects.exclude(status=Case.Status.REFERRED).exclude(
        events__kind=CaseEvent.Kind.STATUS
    )

    assert not unexplained.exists()
    assert CaseEvent.objects.filter(from_status=Case.Status.CLOSED).exists()


def test_every_demo_login_works(client):
    seed()

    logins = {name: client.login(username=name, password="casemgmt-demo") for name in DEMO_LOGINS}

    assert logins == dict.fromkeys(DEMO_LOGINS, True)


def test_the_demo_admin_gets_into_the_admin(client):
    seed()
    client.login(username="admin", password="casemgmt-demo")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_seeding_creates_every_acuity():
    seed()

    acuities = set(Case.objects.values_list("acuity", flat=True))

    assert acuities == set(Case.Acuity.values)


def test_every_restricted_demo_case_has_a_care_team():
    seed()

    without_team = Case.objects.filter(restricted=True, care_team_members=None)

    assert Case.objects.filter(restricted=True).exists()
    assert not without_team.exists()


def test_the_near_duplicate_was_registered_with_a_reason():
    seed()

    jon = Client.objects.get(legal_first_name="Jon", legal_last_name="Smyth")
    matches = Client.objects.exclude(pk=jon.pk).probable_duplicates(
        first_name="Jon", last_name="Smyth", date_of_birth=jon.date_of_birth
    )

    assert [match.legal_name for match in matches] == ["John Smith"]
    assert jon.duplicate_override_reason


def test_seeding_assesses_some_open_cases_over_time_with_one_safety_alert():
    seed()

    assert Assessment.objects.filter(status=Assessment.Status.COMPLETED).count() > 20
    assert IdentifiedNeed.objects.exists()
    assert Task.objects.filter(description="Safety plan review").count() == 1


def test_seeding_gives_care_plans_in_every_stage_of_approval():
    seed()

    statuses = set(CarePlan.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "active"} <= statuses


def test_seeding_lists_resources_and_makes_referrals_in_several_states():
    seed()

    assert Service.objects.count() >= 95
    assert {"draft", "sent", "scheduled", "completed"} <= set(
        Referral.objects.values_list("status", flat=True)
    )


def test_some_demo_users_get_a_daily_digest_and_the_rest_one_email_each():
    seed()

    digest = Preference.objects.filter(digest=True).values_list("user__username", flat=True)

    assert sorted(digest) == ["cm2", "supervisor1", "supervisor2"]
