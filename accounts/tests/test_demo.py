import re

import pytest
from django.urls import reverse

import accounts.demo
from accounts.models import Program, Team, User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["admin", "supervisor1", "supervisor2", "cm1", "cm2", "cm3", "cm4", "cm5", "cm6"]


def counts():
    return {
        "users": User.objects.count(),
        "programs": Program.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Team.members.through.objects.count(),
        "supervisions": Team.supervisors.through.objects.count(),
        "roles": User.groups.through.objects.count(),
    }


def test_every_demo_login_works(client):
    accounts.demo.seed()

    logins = {name: client.login(username=name, password="casemgmt-demo") for name in DEMO_LOGINS}

    assert logins == dict.fromkeys(DEMO_LOGINS, True)


def test_the_demo_admin_gets_into_the_admin(client):
    accounts.demo.seed()
    client.login(username="admin", password="casemgmt-demo")

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_each_demo_team_has_its_supervisor_and_three_case_managers():
    accounts.demo.seed()

    teams = accounts.demo.teams()

    assert {key: demo_team.team.name for key, demo_team in teams.items()} == {
        "north": "North Team",
        "south": "South Team",
    }
    assert [teams["north"].supervisor.username, teams["south"].supervisor.username] == [
        "supervisor1",
        "supervisor2",
    ]
    assert {user.username for user in teams["south"].case_managers} == {"cm4", "cm5", "cm6"}
    assert set(teams["south"].team.members.all()) == set(teams["south"].case_managers)


def test_seeding_the_staff_twice_changes_nothing():
    accounts.demo.seed()
    first = counts()

    accounts.demo.seed()

    assert counts() == first
    assert first["users"] == len(DEMO_LOGINS)


def test_the_logins_table_gives_every_login_its_password_and_team():
    table = accounts.demo.logins_table()

    rows = [re.split(r"\s{2,}", line) for line in table.splitlines()[4:]]
    assert [row[0] for row in rows] == DEMO_LOGINS
    assert {row[1] for row in rows} == {"casemgmt-demo"}
    assert rows[0][3] == "all teams"
    assert rows[6] == ["cm4", "casemgmt-demo", "case manager", "South Team", "RN case manager"]
