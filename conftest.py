"""Persona fixtures shared by every app's tests.

Two teams. `caseworker` and `teammate` work on `team`; `supervisor` supervises it. `outsider` and
`other_supervisor` belong to `other_team`. `admin_user` has the admin role. Cases made with
`case_for(...)` land on `team` with `caseworker` as primary case manager unless told otherwise.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory
from casemgmt.celery import app as celery_app
from cases.tests.factories import CaseFactory


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


@pytest.fixture(scope="session")
def migrated_rows_restored_at_exit(django_db_setup, django_db_blocker):
    """Puts the rows data migrations made (role groups, instruments) back once the session's tests
    are done.

    Transactional tests end by emptying every table, and their serialized rollback restores the
    rows only at the start of the next one. With --reuse-db the database outlives the session, so
    the next session would otherwise start without them.
    """
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        # flush restarted every id sequence, and the rows came back with their own ids: move
        # the sequences past them, or the next session's first new instrument gets id 1 again.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def _restore_migrated_rows_after_transactional_tests(request):
    """Every test with serialized rollback (browser tests, real workers, threads) arranges the
    restore above."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        request.getfixturevalue("migrated_rows_restored_at_exit")
