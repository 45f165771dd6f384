"""Idle sessions end after SESSION_IDLE_MINUTES, even with a page left open polling the bell, and
an htmx request after that sends the whole page to the login."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

MINUTES = datetime.timedelta(minutes=1)
CASELOAD = reverse("cases:caseload")
BELL = reverse("reminders:bell")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{CASELOAD}?page=2"}


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_using_the_pages_keeps_the_session_going(client, caseworker, clock, settings):
    client.force_login(caseworker)
    for _ in range(3):
        clock.shift(20 * MINUTES)
        assert client.get(CASELOAD).status_code == 200


def test_the_bells_poll_does_not_keep_an_idle_session_going(client, caseworker, clock, settings):
    client.force_login(caseworker)
    client.get(CASELOAD)
    for _ in range(3):
        clock.shift(10 * MINUTES)
        assert client.get(BELL, **HTMX).status_code == 200

    clock.shift(settings.SESSION_COOKIE_AGE * datetime.timedelta(seconds=1) - 25 * MINUTES)

    assert client.get(CASELOAD).url.startswith(reverse("login"))


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_the_login(
    client, caseworker, clock, settings
):
    client.force_login(caseworker)
    clock.shift(settings.SESSION_COOKIE_AGE * datetime.timedelta(seconds=1) + MINUTES)

    response = client.get(BELL, **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={CASELOAD}%3Fpage%3D2"


def test_a_plain_request_after_the_session_ended_is_redirected_to_the_login(
    client, caseworker, clock, settings
):
    client.force_login(caseworker)
    clock.shift(settings.SESSION_COOKIE_AGE * datetime.timedelta(seconds=1) + MINUTES)

    response = client.get(BELL)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={BELL}"


def test_requests_a_minute_apart_save_the_session_once(
    client, caseworker, clock, django_assert_num_queries
):
    client.force_login(caseworker)
    client.get(CASELOAD)
    clock.shift(datetime.timedelta(seconds=20))

    with CaptureQueriesContext(connection) as first:
        client.get(CASELOAD)
    clock.shift(datetime.timedelta(seconds=50))
    with CaptureQueriesContext(connection) as second:
        client.get(CASELOAD)

    saves = [q for q in first.captured_queries + second.captured_queries if "UPDATE" in q["sql"]]
    assert ["django_session" in q["sql"] for q in saves] == [True]
    assert len(second.captured_queries) == len(first.captured_queries) + 3


def test_the_users_roles_and_teams_come_with_the_user(client, caseworker, team, supervisor):
    client.force_login(supervisor)

    with CaptureQueriesContext(connection) as captured:
        client.get(BELL, **HTMX)

    sql = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in sql if "auth_group" in q and "accounts_user" not in q]
    assert not [q for q in sql if q.startswith('SELECT "accounts_team"')]
