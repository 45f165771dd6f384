"""My referrals: the referrals on the cases the user carries, overdue first, then the longest in
their status."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import CaseFactory
from referrals.models import Referral
from referrals.tests.referral_helpers import put_in, send_at

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("America/New_York")
# A Wednesday at noon.
NOW = datetime.datetime(2026, 6, 17, 12, 0, tzinfo=TZ)
URL = reverse("referrals:queue")


def june(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 6, day, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rows(response) -> list[Referral]:
    return list(response.context["page"].object_list)


def test_the_queue_lists_overdue_referrals_first_then_the_longest_in_their_status(
    client, caseworker, case_for
):
    case = case_for()
    due_tuesday = send_at(june(15), case, by=caseworker)  # routine: due the 22nd
    overdue_since_10th = send_at(june(3), case, by=caseworker)
    accepted_on_12th = send_at(june(1), case, by=caseworker)
    with time_machine.travel(june(12), tick=False):
        accepted_on_12th.accept(by=caseworker)
    overdue_since_15th = send_at(june(8), case, by=caseworker)
    sent_yesterday = send_at(june(16), case, by=caseworker)
    client.force_login(caseworker)

    response = client.get(URL)

    assert rows(response) == [
        overdue_since_10th,
        overdue_since_15th,
        accepted_on_12th,
        due_tuesday,
        sent_yesterday,
    ]
    assert [r.late for r in rows(response)] == [True, True, False, False, False]


@pytest.mark.parametrize(
    ("sent_on", "badge"),
    [(9, "Overdue"), (3, "Escalated")],  # due the 16th (escalated the 18th); due the 10th
)
def test_overdue_rows_are_marked_on_the_page(sent_on, badge, client, caseworker, case_for):
    send_at(june(sent_on), case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(URL)

    html = response.content.decode()
    assert 'class="table-danger"' in html
    assert badge in html


def test_the_queue_shows_open_referrals_by_default(client, caseworker, case_for):
    case = case_for()
    sent = send_at(june(15), case, by=caseworker)
    declined = send_at(june(15), case, by=caseworker)
    declined.decline(by=caseworker, reason=Referral.DeclineReason.NO_CAPACITY)
    completed = put_in(send_at(june(10), case, by=caseworker), Referral.Status.COMPLETED)
    client.force_login(caseworker)

    response = client.get(URL)

    assert rows(response) == [sent]
    assert declined not in rows(response)
    assert completed not in rows(response)


def test_the_status_filter_shows_only_that_status(client, caseworker, case_for):
    case = case_for()
    send_at(june(15), case, by=caseworker)
    declined = send_at(june(15), case, by=caseworker)
    declined.decline(by=caseworker, reason=Referral.DeclineReason.NO_CAPACITY)
    client.force_login(caseworker)

    response = client.get(URL, {"status": "declined"})

    assert rows(response) == [declined]
    assert response.context["status"] == "declined"


def test_the_all_filter_includes_closed_referrals(client, caseworker, case_for):
    case = case_for()
    sent = send_at(june(15), case, by=caseworker)
    cancelled = send_at(june(10), case, by=caseworker)
    cancelled.cancel(by=caseworker, note="Client moved away")
    client.force_login(caseworker)

    response = client.get(URL, {"status": "all"})

    assert set(rows(response)) == {sent, cancelled}


def test_referrals_on_a_case_the_user_is_on_the_care_team_of_are_listed(
    client, caseworker, teammate, case_for
):
    shared_case = case_for(primary_case_manager=teammate)
    shared_case.care_team_members.create(user=caseworker, role="Nurse care manager")
    theirs_with_me = send_at(june(15), shared_case, by=teammate)
    client.force_login(caseworker)

    response = client.get(URL)

    assert rows(response) == [theirs_with_me]


def test_other_case_managers_referrals_are_absent(client, caseworker, teammate, outsider, case_for):
    mine = send_at(june(15), case_for(), by=caseworker)
    send_at(june(15), case_for(primary_case_manager=teammate), by=teammate)
    send_at(
        june(15), CaseFactory(team=outsider.teams.get(), primary_case_manager=outsider), by=outsider
    )
    client.force_login(caseworker)

    response = client.get(URL, {"status": "all"})

    assert rows(response) == [mine]


def test_referrals_of_closed_cases_leave_the_queue(client, caseworker, case_for):
    case = case_for()
    send_at(june(15), case, by=caseworker)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=NOW.date())
    client.force_login(caseworker)

    response = client.get(URL)

    assert rows(response) == []


def test_the_queue_query_count_does_not_grow_with_referrals(client, caseworker, case_for):
    client.force_login(caseworker)

    def queries_for(total: int) -> int:
        while Referral.objects.count() < total:
            send_at(june(15), case_for(), by=caseworker)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert len(rows(response)) == total
        return len(queries)

    assert queries_for(3) == queries_for(12)
