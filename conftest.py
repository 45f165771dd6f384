"""Persona fixtures shared by every app's tests.

Two teams. `caseworker` and `teammate` work on `team`; `supervisor` supervises it. `outsider` and
`other_supervisor` belong to `other_team`. `admin_user` has the admin role. Cases made with
`case_for(...)` land on `team` with `caseworker` as primary case manager unless told otherwise.
"""

import pytest

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory
from casemgmt.celery import app as celery_app
from clients.tests.factories import CaseFactory


@pytest.fixture
def team(db):
    return TeamFactory(name="North Team")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="South Team")


@pytest.fixture
def caseworker(team):
    user = UserFactory(
        username="casey", first_name="Casey", last_name="Worker", role=Role.CASE_MANAGER
    )
    team.members.add(user)
    return user


@pytest.fixture
def teammate(team):
    user = UserFactory(
        username="terry", first_name="Terry", last_name="Mate", role=Role.CASE_MANAGER
    )
    team.members.add(user)
    return user


@pytest.fixture
def supervisor(team):
    user = UserFactory(username="sam", first_name="Sam", last_name="Super", role=Role.SUPERVISOR)
    team.supervisors.add(user)
    return user


@pytest.fixture
def outsider(other_team):
    user = UserFactory(
        username="olive", first_name="Olive", last_name="Out", role=Role.CASE_MANAGER
    )
    other_team.members.add(user)
    return user


@pytest.fixture
def other_supervisor(other_team):
    user = UserFactory(username="otto", first_name="Otto", last_name="Visor", role=Role.SUPERVISOR)
    other_team.supervisors.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="ada", first_name="Ada", last_name="Admin", is_staff=True, role=Role.ADMIN
    )


@pytest.fixture
def case_for(team, caseworker):
    """Factory: a case on `team` carried by `caseworker`; override any field."""

    def make(**kwargs):
        kwargs.setdefault("team", team)
        kwargs.setdefault("primary_case_manager", caseworker)
        return CaseFactory(**kwargs)

    return make


@pytest.fixture(autouse=True, scope="session")
def tasks_run_in_process():
    """Tasks run in the test's own process (Celery's eager mode), so no test publishes to a real
    broker by accident, where a development worker would pick it up. The worker test starts a
    real worker and switches this off for itself (accounts/tests/test_worker.py)."""
    celery_app.conf.task_always_eager = True


def pytest_configure(config):
    # Real password hashing costs ~0.3 s per user the factories create; tests need no such cost.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
