"""Outcome reports (issue 15): each report's figures against a small hand-built fixture, the
filters, the scope (another team's data never appears), the CSV and XLSX downloads and their
audit rows, who may see them, and their query counts."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from assessments.tests.factories import complete, matrix
from careplans.models import Goal
from careplans.tests.plan_factories import add_goal, draft_plan
from cases.tests.factories import CaseFactory, CaseNoteFactory
from discharge.models import Admission, Barrier
from discharge.tests.factories import AdmissionFactory, BarrierFactory, HospitalFactory
from referrals.models import Referral
from referrals.tests.referral_factories import ServiceFactory, sent_referral
from reminders.registry import Due
from reminders.scan import ESCALATION, reminder_for
from supervision import reports
from supervision.models import ReportExport

pytestmark = pytest.mark.django_db


def _days(n):
    return datetime.timedelta(days=n)


def _case(team, manager):
    return CaseFactory(team=team, program=team.program, primary_case_manager=manager)


def _scope(team, user, manager=None, days=reports.DEFAULT_DAYS):
    today = timezone.localdate()
    return reports.Scope(
        team=team,
        user=user,
        date_from=today - datetime.timedelta(days=days - 1),
        date_to=today,
        manager=manager,
    )


def _rows(key, team, user, **scope):
    return reports.REPORT_KEYS[key].run(_scope(team, user, **scope)).rows


def _goal(case, by, domain, status):
    plan = case.care_plans.first() or draft_plan(case, by=by, goals=0)
    goal = add_goal(plan, by=by, domain=domain)
    reason = "Client moved away" if status == "discontinued" else ""
    Goal.objects.filter(pk=goal.pk).update(status=status, discontinued_reason=reason)
    return goal


def _goals(team, manager):
    case = _case(team, manager)
    for status in ["achieved", "achieved", "partial", "not_achieved", "discontinued"]:
        _goal(case, manager, "housing", status)
    _goal(case, manager, "income", "in_progress")
    return case


def _referral(case, by, *, organization=None, accepted_after_hours=None, outcome=""):
    service = ServiceFactory(organization=organization) if organization else ServiceFactory()
    referral, _link = sent_referral(case, by=by, service=service)
    if accepted_after_hours is not None:
        referral.accept(by=by)
        sent_at = timezone.now() - datetime.timedelta(hours=accepted_after_hours)
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent_at)
    if outcome:
        referral.complete(by=by, outcome=outcome)
    return referral


def _discharged(case, hospital, *, days_ago=10, stayed=4, returned_as=""):
    stay = AdmissionFactory(
        case=case,
        facility=hospital,
        admitted_at=timezone.now() - datetime.timedelta(days=days_ago + stayed),
        status=Admission.Status.DISCHARGED,
        discharged_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    if returned_as:
        AdmissionFactory(case=case, facility=hospital, index_stay=stay, returned_as=returned_as)
    return stay


def test_goal_attainment_counts_each_domains_goals_by_outcome(team, supervisor, caseworker):
    _goals(team, caseworker)

    assert _rows("goals", team, supervisor) == [
        ("Housing", 5, 2, 1, 2, 40.0),
        ("Income", 1, 0, 0, 0, 0.0),
    ]


def test_goals_set_before_the_range_are_left_out(team, supervisor, caseworker):
    case = _goals(team, caseworker)
    old = _goal(case, caseworker, "food", "achieved")
    Goal.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=200))

    assert "Food" not in [row[0] for row in _rows("goals", team, supervisor)]


def test_the_case_manager_filter_keeps_only_their_cases(team, supervisor, caseworker, teammate):
    _goals(team, caseworker)
    _goal(_case(team, teammate), teammate, "food", "achieved")

    assert _rows("goals", team, supervisor, manager=teammate) == [("Food", 1, 1, 0, 0, 100.0)]


def test_another_teams_goals_never_appear(team, other_team, supervisor, caseworker, outsider):
    _goals(other_team, outsider)

    assert _rows("goals", team, supervisor) == []


def test_referral_loops_count_closures_median_acceptance_and_open_loops(
    team, supervisor, caseworker
):
    case = _case(team, caseworker)
    pantry = ServiceFactory().organization
    _referral(case, caseworker, organization=pantry, accepted_after_hours=10, outcome="received")
    _referral(case, caseworker, organization=pantry, accepted_after_hours=20, outcome="partial")
    _referral(case, caseworker, organization=pantry, accepted_after_hours=60)
    _referral(case, caseworker, organization=pantry)

    [row] = _rows("referrals", team, supervisor)

    assert row == (pantry.name, 4, 2, 50.0, 20.0, 1, 1, 0, 2)


def test_another_teams_referrals_never_appear(team, other_team, supervisor, outsider):
    _referral(_case(other_team, outsider), outsider, outcome="")

    assert _rows("referrals", team, supervisor) == []


def test_readmissions_count_discharges_returns_and_the_rate(team, supervisor, caseworker):
    case = _case(team, caseworker)
    hospital = HospitalFactory(name="Riverbend General")
    _discharged(case, hospital, returned_as=Admission.Return.READMISSION)
    _discharged(case, hospital, days_ago=20, returned_as=Admission.Return.ED_RETURN)
    _discharged(case, hospital, days_ago=40)
    _discharged(case, hospital, days_ago=30)
    _discharged(case, hospital, days_ago=200)  # before the range

    assert _rows("readmissions", team, supervisor) == [("Riverbend General", 4, 1, 25.0, 1)]


def test_another_teams_discharges_never_appear(team, other_team, supervisor, outsider):
    _discharged(_case(other_team, outsider), HospitalFactory())

    assert _rows("readmissions", team, supervisor) == []


def test_length_of_stay_compares_the_mean_stay_with_the_expected(team, supervisor, caseworker):
    case = _case(team, caseworker)
    hospital = HospitalFactory(name="Riverbend General")
    for stayed, expected in [(4, "3.0"), (6, "5.0"), (2, "4.0")]:
        stay = _discharged(case, hospital, stayed=stayed)
        Admission.objects.filter(pk=stay.pk).update(expected_los_days=Decimal(expected))

    assert _rows("length_of_stay", team, supervisor) == [("Riverbend General", 3, 4.0, 4.0, 2)]


def test_avoidable_days_are_summed_by_barrier_type(team, supervisor, caseworker):
    stay = _discharged(_case(team, caseworker), HospitalFactory(), stayed=10)
    ready = timezone.localdate() - datetime.timedelta(days=13)  # 3 avoidable days to discharge
    Admission.objects.filter(pk=stay.pk).update(
        medically_ready_at=timezone.make_aware(datetime.datetime.combine(ready, datetime.time(9)))
    )
    BarrierFactory(plan=stay.plan, kind=Barrier.Kind.AUTHORIZATION, opened_on=ready)
    BarrierFactory(
        plan=stay.plan,
        kind=Barrier.Kind.EQUIPMENT,
        opened_on=ready,
        resolved_on=ready + datetime.timedelta(days=1),
    )

    assert _rows("avoidable_days", team, supervisor) == [
        ("Insurance authorization pending", 2.5),
        ("Equipment", 0.5),
    ]


def test_caseload_counts_cases_open_at_each_month_end_and_the_months_contacts(
    team, supervisor, caseworker
):
    scope = reports.Scope(
        team=team,
        user=supervisor,
        date_from=datetime.date(2026, 1, 1),
        date_to=datetime.date(2026, 2, 15),
    )
    CaseFactory(team=team, primary_case_manager=caseworker, opened_on=datetime.date(2025, 12, 1))
    late = CaseFactory(
        team=team, primary_case_manager=caseworker, opened_on=datetime.date(2026, 1, 20)
    )
    for day in [datetime.date(2026, 1, 25), datetime.date(2026, 2, 3), datetime.date(2026, 2, 20)]:
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        CaseNoteFactory(case=late, author=caseworker, occurred_at=at, contact_type="home")

    assert reports.REPORT_KEYS["caseload"].run(scope).rows == [
        ("2026-01", 2, 1, 0.5),
        ("2026-02", 2, 1, 0.5),
    ]


def test_escalations_count_items_escalated_by_kind(team, supervisor, caseworker):
    case = _case(team, caseworker)
    second = UserFactory()
    due = Due(case, caseworker.pk, timezone.now(), "No contact", case_id=case.pk)
    for recipient in supervisor, second:
        reminder_for(
            ESCALATION, due, recipient_id=recipient.pk, key_kind=f"{ESCALATION}:no_contact"
        ).save()

    assert _rows("escalations", team, supervisor) == [("No recent contact", 1, 2, 1)]


def test_domain_change_compares_each_cases_first_and_latest_matrix(team, supervisor, caseworker):
    today = timezone.localdate()
    improving, slipping = _case(team, caseworker), _case(team, caseworker)
    complete(improving, "life-domains", matrix(3, housing=1), assessed_on=today - _days(200))
    complete(improving, "life-domains", matrix(3, housing=2), assessed_on=today - _days(100))
    complete(improving, "life-domains", matrix(3, housing=4), assessed_on=today - _days(5))
    complete(slipping, "life-domains", matrix(3, housing=3), assessed_on=today - _days(60))
    complete(slipping, "life-domains", matrix(3, housing=2), assessed_on=today - _days(2))
    complete(_case(team, caseworker), "life-domains", matrix(1), assessed_on=today)  # only one

    rows = {row[0]: row for row in _rows("domain_change", team, supervisor)}

    assert rows["Housing"] == ("Housing", 2, 2.0, 3.0, 1.0, 1, 0, 1)
    assert rows["Income"] == ("Income", 2, 3.0, 3.0, 0.0, 0, 2, 0)


def test_a_case_whose_latest_matrix_is_before_the_range_is_left_out(team, supervisor, caseworker):
    case = _case(team, caseworker)
    today = timezone.localdate()
    complete(case, "life-domains", matrix(2), assessed_on=today - _days(300))
    complete(case, "life-domains", matrix(4), assessed_on=today - _days(200))

    assert _rows("domain_change", team, supervisor) == []


# ---------------------------------------------------------------------------------------------
# Pages, downloads, access


def _url(team, key="goals", fmt=None, query=""):
    if fmt:
        return reverse("supervision:export", args=[team.pk, key, fmt]) + query
    return reverse("supervision:report", args=[team.pk, key]) + query


def test_the_report_page_shows_the_chart_definition_and_rows(client, team, supervisor, caseworker):
    _goals(team, caseworker)
    client.force_login(supervisor)

    response = client.get(_url(team))

    assert response.status_code == 200
    assert [row[0] for row in response.context["table"].rows] == ["Housing", "Income"]
    assert response.context["chart"]["data"]["labels"] == ["Housing", "Income"]
    assert escape(str(reports.REPORT_KEYS["goals"].definition)) in response.content.decode()


def test_the_csv_holds_exactly_the_tables_rows(client, team, supervisor, caseworker, teammate):
    _goals(team, caseworker)
    _goal(_case(team, teammate), teammate, "food", "achieved")
    client.force_login(supervisor)
    query = f"?manager={caseworker.pk}"

    table = client.get(_url(team, query=query)).context["table"]
    body = client.get(_url(team, fmt="csv", query=query)).content.decode()

    assert list(csv.reader(io.StringIO(body))) == [
        table.headers,
        *[[("" if v is None else str(v)) for v in row] for row in table.rows],
    ]
    assert len(table.rows) == 2


def test_the_xlsx_holds_exactly_the_tables_rows(client, team, supervisor, caseworker):
    case = _case(team, caseworker)
    _referral(case, caseworker, accepted_after_hours=5, outcome="received")
    _referral(case, caseworker)
    client.force_login(supervisor)

    table = client.get(_url(team, "referrals")).context["table"]
    response = client.get(_url(team, "referrals", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active

    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        table.headers,
        *[list(row) for row in table.rows],
    ]


def test_a_name_like_a_formula_is_text_in_the_xlsx(client, team, supervisor, caseworker):
    organization = ServiceFactory(organization__name='=HYPERLINK("x")').organization
    _referral(_case(team, caseworker), caseworker, organization=organization)
    client.force_login(supervisor)

    response = client.get(_url(team, "referrals", fmt="xlsx"))
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]

    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


def test_a_name_like_a_formula_is_quoted_text_in_the_csv(client, team, supervisor, caseworker):
    organization = ServiceFactory(organization__name='=HYPERLINK("x")').organization
    _referral(_case(team, caseworker), caseworker, organization=organization)
    client.force_login(supervisor)

    response = client.get(_url(team, "referrals", fmt="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert rows[1][0] == '\'=HYPERLINK("x")'


def test_a_download_is_recorded_with_its_filters_and_row_count(
    client, team, supervisor, caseworker
):
    _goals(team, caseworker)
    client.force_login(supervisor)

    client.get(_url(team, fmt="csv", query=f"?manager={caseworker.pk}&date_from=2026-01-01"))

    export = ReportExport.objects.get()
    assert (export.user, export.report, export.format, export.row_count) == (
        supervisor,
        "goals",
        "csv",
        2,
    )
    assert export.filters == {
        "team": team.pk,
        "manager": caseworker.pk,
        "from": "2026-01-01",
        "to": timezone.localdate().isoformat(),
    }


def test_a_case_manager_gets_404_for_the_teams_reports(client, team, caseworker):
    client.force_login(caseworker)

    assert client.get(_url(team)).status_code == 404
    assert client.get(_url(team, fmt="csv")).status_code == 404
    assert not ReportExport.objects.exists()


def test_another_teams_reports_are_404(client, other_team, supervisor):
    client.force_login(supervisor)

    assert client.get(_url(other_team)).status_code == 404
    assert client.get(_url(other_team, fmt="xlsx")).status_code == 404


def test_an_unknown_report_is_404(client, team, supervisor):
    client.force_login(supervisor)

    assert client.get(_url(team, "nothing")).status_code == 404


def test_a_case_manager_of_another_team_is_refused_as_a_filter(
    client, team, supervisor, caseworker, outsider
):
    _goals(team, caseworker)
    client.force_login(supervisor)

    response = client.get(_url(team, query=f"?manager={outsider.pk}"))

    assert response.context["form"].errors["manager"]
    assert response.context["scope"].manager is None


def test_the_list_of_reports_names_the_supervisors_teams_only(client, team, other_team, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("supervision:reports"))

    assert response.context["teams"] == [team]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(team, manager, supervisor):
    """Some of everything every report counts, on a new case of `manager`'s."""
    case = _goals(team, manager)
    hospital = HospitalFactory()
    ready = timezone.now() - datetime.timedelta(days=12)
    for n in range(3):
        _referral(case, manager, accepted_after_hours=3, outcome="received")
        stay = _discharged(case, hospital, returned_as=Admission.Return.READMISSION)
        Admission.objects.filter(pk=stay.pk).update(medically_ready_at=ready)
        BarrierFactory(plan=stay.plan, opened_on=ready.date())
        CaseNoteFactory(case=case, author=manager, contact_type="phone")
        due = Due(case, manager.pk, timezone.now(), "Late", case_id=case.pk)
        kind = f"{ESCALATION}:{['no_contact', 'task_due', 'plan_review_due'][n]}"
        reminder_for(ESCALATION, due, recipient_id=supervisor.pk, key_kind=kind).save()
    for n in range(2):
        complete(case, "life-domains", matrix(2 + n), assessed_on=timezone.localdate())


@pytest.mark.parametrize("key", list(reports.REPORT_KEYS))
def test_a_report_page_costs_the_same_queries_however_much_data(
    client, team, supervisor, caseworker, teammate, key
):
    client.force_login(supervisor)
    _grow(team, caseworker, supervisor)
    before = _queries(client, _url(team, key))

    for person in [caseworker, teammate, teammate]:
        _grow(team, person, supervisor)

    assert _queries(client, _url(team, key)) == before
    assert client.get(_url(team, key)).context["table"].rows, "nothing grew to count"
