"""The team dashboard (issue 15): each case manager's figures, their weighted load against the
caps, the lists behind the figures, and who may see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory
from careplans.models import CarePlan
from careplans.tests.factories import TaskFactory
from careplans.tests.plan_factories import active_plan
from cases.models import Case, CaseNote
from cases.tests.factories import CaseFactory, CaseNoteFactory
from discharge.models import Admission
from discharge.tests.factories import AdmissionFactory
from referrals.models import Referral
from referrals.tests.referral_factories import sent_referral
from supervision import dashboard

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _url(team) -> str:
    return reverse("supervision:team", args=[team.pk])


def _row(team, user, person):
    return next(r for r in dashboard.rows_of(team, user) if r.manager == person)


def _case(team, manager, **fields):
    return CaseFactory(team=team, program=team.program, primary_case_manager=manager, **fields)


def test_a_supervisor_sees_the_dashboard_of_their_team(client, team, supervisor, caseworker):
    _case(team, caseworker)
    client.force_login(supervisor)

    response = client.get(_url(team))

    assert response.status_code == 200
    assert [row.manager for row in response.context["rows"]] == [caseworker]


def test_another_teams_dashboard_is_404(client, other_team, supervisor):
    client.force_login(supervisor)

    assert client.get(_url(other_team)).status_code == 404


def test_a_case_manager_has_no_dashboard(client, team, caseworker):
    client.force_login(caseworker)

    assert client.get(_url(team)).status_code == 404


def test_an_admin_sees_every_teams_dashboard(client, team, other_team, admin_user):
    client.force_login(admin_user)

    assert client.get(_url(other_team)).status_code == 200
    response = client.get(reverse("supervision:index"))
    assert {t.pk for t in response.context["teams"]} >= {team.pk, other_team.pk}


def test_the_index_goes_straight_to_the_only_team_supervised(client, team, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("supervision:index"))

    assert response.url == _url(team)


def test_open_and_new_cases_are_counted_per_case_manager(team, supervisor, caseworker, teammate):
    _case(team, caseworker, opened_on=TODAY() - datetime.timedelta(days=90))
    _case(team, caseworker, opened_on=TODAY() - datetime.timedelta(days=3))
    _case(team, teammate)
    closed = _case(team, caseworker)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, closed_on=TODAY())

    row = _row(team, supervisor, caseworker)

    assert (row.figures["open"], row.figures["new"]) == (2, 1)
    assert _row(team, supervisor, teammate).figures["open"] == 1


def test_overdue_tasks_count_for_their_assignee(team, supervisor, caseworker, teammate):
    case = _case(team, caseworker)
    yesterday = TODAY() - datetime.timedelta(days=1)
    TaskFactory(case=case, assignee=teammate, due_on=yesterday)
    TaskFactory(case=case, due_on=yesterday)
    TaskFactory(case=case, due_on=TODAY())

    assert _row(team, supervisor, caseworker).figures["tasks"] == 1
    assert _row(team, supervisor, teammate).figures["tasks"] == 1


def test_overdue_reviews_assessments_and_contacts_are_counted(team, supervisor, caseworker):
    long_ago = TODAY() - datetime.timedelta(days=200)
    case = _case(team, caseworker, opened_on=long_ago, acuity=Case.Acuity.HIGH)
    Case.objects.filter(pk=case.pk).update(assessment_due_on=TODAY() - datetime.timedelta(days=2))
    plan = active_plan(case, by=caseworker, approver=supervisor)
    CarePlan.objects.filter(pk=plan.pk).update(review_due_on=TODAY() - datetime.timedelta(days=1))

    figures = _row(team, supervisor, caseworker).figures

    assert (figures["plan_reviews"], figures["reassessments"], figures["no_contact"]) == (1, 1, 1)


def test_a_recent_contact_is_not_overdue(team, supervisor, caseworker):
    case = _case(team, caseworker, opened_on=TODAY() - datetime.timedelta(days=200))
    CaseNoteFactory(case=case, contact_type=CaseNote.ContactType.PHONE)

    assert _row(team, supervisor, caseworker).figures.get("no_contact", 0) == 0


def test_referrals_past_their_deadline_are_counted(team, supervisor, caseworker):
    case = _case(team, caseworker)
    late, _ = sent_referral(case, by=caseworker)
    sent_referral(case, by=caseworker)
    Referral.objects.filter(pk=late.pk).update(respond_by=timezone.now() - datetime.timedelta(1))

    assert _row(team, supervisor, caseworker).figures["referrals"] == 1


def test_inpatients_and_recent_readmissions_are_counted(team, supervisor, caseworker):
    index = AdmissionFactory(case=_case(team, caseworker))
    Admission.objects.filter(pk=index.pk).update(
        status=Admission.Status.DISCHARGED, discharged_at=timezone.now() - datetime.timedelta(2)
    )
    AdmissionFactory(
        case=_case(team, caseworker),
        index_stay=index,
        returned_as=Admission.Return.READMISSION,
        admitted_at=timezone.now() - datetime.timedelta(days=1),
    )

    figures = _row(team, supervisor, caseworker).figures

    assert (figures["inpatients"], figures["readmissions"]) == (1, 1)


def test_the_load_is_weighted_by_acuity_and_marked_over_the_caps(team, supervisor, caseworker):
    team.program.soft_cap, team.program.hard_cap = 4, 6
    team.program.save()
    _case(team, caseworker, acuity=Case.Acuity.INTENSIVE)
    _case(team, caseworker, acuity=Case.Acuity.LOW)

    row = _row(team, supervisor, caseworker)

    assert (row.load, row.by_acuity, row.against_caps.over_soft, row.against_caps.over_hard) == (
        5,
        {Case.Acuity.INTENSIVE: 1, Case.Acuity.LOW: 1},
        True,
        False,
    )


def test_the_page_says_who_is_over_a_cap_in_words(client, team, supervisor, caseworker):
    team.program.soft_cap, team.program.hard_cap = 2, 3
    team.program.save()
    _case(team, caseworker, acuity=Case.Acuity.INTENSIVE)
    client.force_login(supervisor)

    response = client.get(_url(team))

    assert "over hard cap" in response.content.decode()


def test_a_figure_links_to_the_items_behind_it(client, team, supervisor, caseworker, teammate):
    mine = _case(team, caseworker)
    theirs = _case(team, teammate)
    for case in (mine, theirs):
        TaskFactory(
            case=case, description=f"Call {case.pk}", due_on=TODAY() - datetime.timedelta(3)
        )
    client.force_login(supervisor)

    response = client.get(
        reverse("supervision:figure", args=[team.pk, "tasks"]), {"manager": caseworker.pk}
    )

    assert [(i.case, i.what, i.days_late) for i in response.context["items"]] == [
        (mine, f"Call {mine.pk}", 3)
    ]


def test_an_unknown_figure_is_404(client, team, supervisor):
    client.force_login(supervisor)

    assert client.get(reverse("supervision:figure", args=[team.pk, "nope"])).status_code == 404


def test_the_overdue_list_groups_late_items_by_case_manager(team, supervisor, caseworker):
    case = _case(team, caseworker)
    TaskFactory(case=case, description="Renew the bus pass", due_on=TODAY() - datetime.timedelta(5))

    late = dashboard.overdue_by_manager(team, supervisor)[caseworker.pk]

    assert [(item.what, item.days_late) for item in late] == [("Renew the bus pass", 5)]


def test_the_weeks_count_open_cases_and_contacts(team, caseworker):
    case = _case(team, caseworker, opened_on=TODAY() - datetime.timedelta(days=20))
    CaseNoteFactory(case=case, contact_type=CaseNote.ContactType.PHONE)
    CaseNoteFactory(case=case, contact_type=CaseNote.ContactType.PHONE)

    weeks = dashboard.weekly(team)

    assert len(weeks) == dashboard.WEEKS
    assert [week[1] for week in weeks][-4:] == [0, 1, 1, 1]
    assert weeks[-1][2] == 2


def test_the_weeks_count_tasks_overdue_at_each_weeks_end_done_or_not_since(team, caseworker):
    case = _case(team, caseworker, opened_on=TODAY() - datetime.timedelta(days=40))
    TaskFactory(case=case, due_on=TODAY() - datetime.timedelta(days=20))
    done = TaskFactory(case=case, due_on=TODAY() - datetime.timedelta(days=20))
    done.complete(by=caseworker)
    TaskFactory(case=case, due_on=TODAY())

    weeks = dashboard.weekly(team)

    # Both were overdue at the ends of the two weeks before; the one done today is not now.
    assert [week[3] for week in weeks][-5:] == [0, 0, 2, 2, 1]


def _team_of(team, managers: int) -> None:
    for _ in range(managers):
        person = UserFactory(role=Role.CASE_MANAGER)
        team.members.add(person)
        case = _case(team, person)
        TaskFactory(case=case, due_on=TODAY() - datetime.timedelta(days=1))
        AdmissionFactory(case=case)


@pytest.mark.parametrize("managers", [5, 50])
def test_the_dashboard_runs_the_same_queries_for_5_and_50_case_managers(
    client, team, supervisor, managers, django_assert_num_queries
):
    _team_of(team, managers)
    client.force_login(supervisor)

    with django_assert_num_queries(17):
        response = client.get(_url(team))

    assert len(response.context["rows"]) == managers


def test_the_agency_view_shows_each_teams_figures_to_an_admin(
    client, team, other_team, caseworker, outsider, admin_user
):
    _case(team, caseworker)
    _case(team, caseworker)
    _case(other_team, outsider)
    client.force_login(admin_user)

    response = client.get(reverse("supervision:index"))

    opened = {t.pk: {m.key: n for m, n in cells}["open"] for t, cells in response.context["rows"]}
    assert (opened[team.pk], opened[other_team.pk]) == (2, 1)


@pytest.mark.parametrize("teams", [2, 12])
def test_the_agency_view_runs_the_same_queries_for_2_and_12_teams(
    client, admin_user, teams, django_assert_num_queries
):
    for _ in range(teams):
        _case(TeamFactory(), UserFactory())
    client.force_login(admin_user)

    with django_assert_num_queries(7):
        client.get(reverse("supervision:index"))


def test_the_page_shows_the_ten_most_overdue_items_of_each_case_manager(
    client, team, supervisor, caseworker
):
    case = _case(team, caseworker)
    for days in range(1, 13):
        TaskFactory(case=case, due_on=TODAY() - datetime.timedelta(days=days))
    client.force_login(supervisor)

    [(_row, late, count)] = client.get(_url(team)).context["overdue"]

    assert (len(late), count, late[0].days_late) == (10, 12, 12)
