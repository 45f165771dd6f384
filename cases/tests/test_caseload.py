import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import ProgramFactory
from cases.models import Case, CaseNote
from cases.tests.factories import CaseFactory, CaseNoteFactory
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=TZ)
URL = reverse("cases:caseload")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _rows(response) -> list[Case]:
    return list(response.context["page"].object_list)


def test_the_caseload_is_the_home_page_after_login(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_caseload_lists_open_cases_the_user_carries_as_primary_or_care_team(
    client, caseworker, teammate, case_for
):
    primary = case_for()
    on_care_team = case_for(primary_case_manager=teammate, care_team=[caseworker])
    client.force_login(caseworker)

    response = client.get(URL)

    assert set(_rows(response)) == {primary, on_care_team}


def test_the_caseload_leaves_out_closed_cases_and_cases_carried_by_others(
    client, caseworker, teammate, case_for
):
    case_for(status=Case.Status.CLOSED)
    case_for(primary_case_manager=teammate)
    CaseFactory()
    client.force_login(caseworker)

    response = client.get(URL)

    assert _rows(response) == []


def test_each_row_says_whether_the_user_is_primary_or_on_the_care_team(
    client, caseworker, teammate, case_for
):
    case_for(client=ClientFactory(legal_first_name="Pria", legal_last_name="Primary"))
    case_for(
        primary_case_manager=teammate,
        care_team=[caseworker],
        client=ClientFactory(legal_first_name="Cara", legal_last_name="Team"),
    )
    client.force_login(caseworker)

    response = client.get(URL + "?sort=client")

    rows = response.content.decode().split("<tr>")[2:]
    assert "Pria Primary" in rows[0] and ">Primary<" in rows[0]
    assert "Cara Team" in rows[1] and ">Care team<" in rows[1]


def test_days_since_contact_counts_calendar_days_since_the_last_client_contact(
    client, caseworker, case_for, frozen
):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=_days_ago(20))
    CaseNoteFactory(case=case, occurred_at=_days_ago(10))
    client.force_login(caseworker)

    response = client.get(URL)

    assert _rows(response)[0].days_since_contact == 10
    assert "10 days ago" in response.content.decode()


def test_days_since_contact_ignores_supervision_and_collateral_notes(
    client, caseworker, case_for, frozen
):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=_days_ago(12))
    CaseNoteFactory(
        case=case, occurred_at=_days_ago(1), contact_type=CaseNote.ContactType.SUPERVISION
    )
    CaseNoteFactory(
        case=case, occurred_at=_days_ago(2), contact_type=CaseNote.ContactType.COLLATERAL
    )
    client.force_login(caseworker)

    response = client.get(URL)

    assert _rows(response)[0].days_since_contact == 12


def test_a_case_without_any_contact_shows_never(client, caseworker, case_for, frozen):
    case_for()
    client.force_login(caseworker)

    response = client.get(URL)

    assert _rows(response)[0].days_since_contact is None
    assert "never" in response.content.decode()


@pytest.mark.parametrize(
    ("acuity", "threshold"),
    [
        (Case.Acuity.INTENSIVE, 7),
        (Case.Acuity.HIGH, 14),
        (Case.Acuity.MODERATE, 30),
        (Case.Acuity.LOW, 60),
    ],
)
def test_contact_is_overdue_only_once_past_the_acuity_threshold(
    case_for, frozen, acuity, threshold
):
    on_time = case_for(acuity=acuity)
    CaseNoteFactory(case=on_time, occurred_at=_days_ago(threshold))
    late = case_for(acuity=acuity)
    CaseNoteFactory(case=late, occurred_at=_days_ago(threshold + 1))

    overdue = dict(Case.objects.with_contact_due().values_list("pk", "contact_overdue"))

    assert overdue == {on_time.pk: False, late.pk: True}


def test_a_never_contacted_case_is_overdue_once_the_threshold_passes_since_opening(
    case_for, frozen
):
    fresh = case_for(acuity=Case.Acuity.INTENSIVE, opened_on=_days_ago(7).date())
    stale = case_for(acuity=Case.Acuity.INTENSIVE, opened_on=_days_ago(8).date())

    overdue = dict(Case.objects.with_contact_due().values_list("pk", "contact_overdue"))

    assert overdue == {fresh.pk: False, stale.pk: True}


def test_an_overdue_contact_is_marked_in_words_not_only_color(client, caseworker, case_for, frozen):
    case = case_for(acuity=Case.Acuity.INTENSIVE)
    CaseNoteFactory(case=case, occurred_at=_days_ago(9))
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Overdue" in response.content.decode()


def test_each_case_also_has_a_card_for_narrow_screens_with_its_client_and_a_way_in(
    client, caseworker, case_for
):
    case = case_for(client=ClientFactory(legal_first_name="Amara", legal_last_name="Okafor"))
    client.force_login(caseworker)

    response = client.get(URL)

    card = response.text.split(f'aria-labelledby="case-card-{case.pk}"')[1].split("</article>")[0]
    assert "Amara Okafor" in card
    assert case.client.client_number in card
    assert f'href="{case.get_absolute_url()}"' in card


def test_a_restricted_case_is_marked_restricted_on_the_caseload(client, caseworker, case_for):
    case_for(restricted=True)
    client.force_login(caseworker)

    response = client.get(URL)

    assert response.text.count("Restricted</span>") == 2  # on its card and on its row


def test_the_summary_counts_open_high_acuity_and_overdue_cases(
    client, caseworker, case_for, frozen
):
    case_for(acuity=Case.Acuity.LOW, opened_on=_days_ago(1).date())
    case_for(acuity=Case.Acuity.HIGH, opened_on=_days_ago(1).date())
    overdue = case_for(acuity=Case.Acuity.INTENSIVE)
    CaseNoteFactory(case=overdue, occurred_at=_days_ago(8))
    client.force_login(caseworker)

    response = client.get(URL)

    assert response.context["summary"] == {
        "open_cases": 3,
        "high_acuity": 2,
        "overdue_contact": 1,
        "overdue_assessment": 0,
    }


def test_filtering_by_status_acuity_and_program(client, caseworker, team, case_for):
    other_program = ProgramFactory(name="Housing First")
    wanted = case_for(status=Case.Status.ON_HOLD, acuity=Case.Acuity.HIGH)
    case_for(status=Case.Status.ACTIVE, acuity=Case.Acuity.HIGH)
    case_for(status=Case.Status.ON_HOLD, acuity=Case.Acuity.LOW)
    case_for(status=Case.Status.ON_HOLD, acuity=Case.Acuity.HIGH, program=other_program)
    client.force_login(caseworker)

    response = client.get(
        URL, {"status": "on_hold", "acuity": Case.Acuity.HIGH, "program": team.program.pk}
    )

    assert _rows(response) == [wanted]


def test_an_invalid_filter_value_is_ignored_rather_than_failing(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.get(URL, {"acuity": "lots", "program": "x"})

    assert response.status_code == 200
    assert _rows(response) == [case]


def test_sorting_by_client_name_both_ways(client, caseworker, case_for):
    zed = case_for(client=ClientFactory(legal_last_name="Zimmer"))
    abe = case_for(client=ClientFactory(legal_last_name="Abbott"))
    client.force_login(caseworker)

    ascending = _rows(client.get(URL, {"sort": "client"}))
    descending = _rows(client.get(URL, {"sort": "-client"}))

    assert (ascending, descending) == ([abe, zed], [zed, abe])


def test_sorting_by_last_contact_puts_never_contacted_cases_first(
    client, caseworker, case_for, frozen
):
    recent = case_for()
    CaseNoteFactory(case=recent, occurred_at=_days_ago(1))
    older = case_for()
    CaseNoteFactory(case=older, occurred_at=_days_ago(5))
    never = case_for()
    client.force_login(caseworker)

    response = client.get(URL, {"sort": "contact"})

    assert _rows(response) == [never, older, recent]


def test_sorting_by_acuity_descending_puts_intensive_first(client, caseworker, case_for):
    low = case_for(acuity=Case.Acuity.LOW)
    intensive = case_for(acuity=Case.Acuity.INTENSIVE)
    client.force_login(caseworker)

    response = client.get(URL, {"sort": "-acuity"})

    assert _rows(response) == [intensive, low]


def test_an_unknown_sort_key_falls_back_to_the_default_order(client, caseworker, case_for):
    case_for()
    client.force_login(caseworker)

    response = client.get(URL, {"sort": "client__date_of_birth"})

    assert response.status_code == 200
    assert response.context["filterset"].sort == "contact"


def test_the_caseload_shows_25_cases_a_page(client, caseworker, team):
    CaseFactory.create_batch(27, team=team, primary_case_manager=caseworker)
    client.force_login(caseworker)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert (len(_rows(first)), len(_rows(second))) == (25, 2)


def test_a_supervisor_without_cases_sees_a_friendly_empty_state(client, supervisor, case_for):
    case_for()
    client.force_login(supervisor)

    response = client.get(URL)

    assert response.status_code == 200
    assert "No open cases on your caseload" in response.content.decode()


def test_the_caseload_query_count_does_not_grow_with_cases(
    client, caseworker, teammate, team, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for extra in (2, 12):
        for case in CaseFactory.create_batch(extra, team=team, primary_case_manager=caseworker):
            CaseNoteFactory(case=case)
        CaseFactory.create_batch(
            extra, team=team, primary_case_manager=teammate, care_team=[caseworker]
        )

        with django_assert_max_num_queries(7):
            response = client.get(URL, {"program": team.program.pk, "sort": "-contact"})

        assert response.status_code == 200
