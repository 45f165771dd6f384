"""Starting a plan: blank, from the case's identified needs, or from a template."""

import pytest
from django.urls import reverse

from assessments.models import Domain
from assessments.tests.factories import complete, matrix, phq9
from careplans import services
from careplans.models import CarePlan, Goal, PlanTemplate, TemplateGoal
from careplans.tests.lifecycle_helpers import days, errors
from cases.models import Case

pytestmark = pytest.mark.django_db

MODERATE_PHQ9 = phq9(2, 2, 2, 2, 2, 0, 0, 0, 0)


def _url(case) -> str:
    return reverse("careplans:start", args=[case.pk])


def _housing_template() -> PlanTemplate:
    template = PlanTemplate.objects.create(name="Keeping the flat")
    TemplateGoal.objects.create(
        template=template,
        domain=Domain.objects.get(code="housing"),
        statement="Keep my apartment",
        target="Rent paid on time for three months",
        target_days=60,
        tasks="Call landlord\nApply for voucher\n",
        task_days=10,
    )
    return template


# ---------------------------------------------------------------------------------------------
# The service


def test_a_blank_plan_is_a_draft_without_goals(caseworker, case_for):
    case = case_for()

    plan = services.start_plan(case=case, by=caseworker)

    assert (plan.status, plan.number, plan.author) == (CarePlan.Status.DRAFT, 1, caseworker)
    assert plan.title == "Care plan"
    assert not plan.goals.exists()


def test_a_plan_from_needs_has_one_goal_per_open_need(caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1, income=2))

    plan = services.start_plan(case=case, by=caseworker, from_needs=True)

    goals = {g.domain.code: g for g in plan.goals.select_related("domain", "need")}
    assert set(goals) == {"housing", "income"}
    for code, goal in goals.items():
        assert (goal.need.domain.code, goal.need.case) == (code, case)


def test_a_need_ticked_as_priority_makes_a_high_priority_goal(caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1), food={"priority": True})

    plan = services.start_plan(case=case, by=caseworker, from_needs=True)

    priorities = {g.domain.code: g.priority for g in plan.goals.select_related("domain")}
    assert priorities == {"housing": Goal.Priority.MEDIUM, "food": Goal.Priority.HIGH}


def test_needs_of_a_restricted_assessment_the_user_cannot_see_are_left_out(
    caseworker, teammate, case_for
):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1))
    complete(case, "phq-9", MODERATE_PHQ9, restricted=True)

    plan = services.start_plan(case=case, by=teammate, from_needs=True)

    assert [g.domain.code for g in plan.goals.select_related("domain")] == ["housing"]


def test_a_plan_from_a_template_copies_its_goals_and_tasks_with_dates_from_today(
    caseworker, case_for
):
    case = case_for()
    template = _housing_template()

    plan = services.start_plan(case=case, by=caseworker, template=template)

    assert (plan.title, plan.template) == ("Keeping the flat", template)
    goal = plan.goals.get()
    assert (goal.statement, goal.target) == (
        "Keep my apartment",
        "Rent paid on time for three months",
    )
    assert goal.target_date == days(60)
    tasks = [(t.description, t.due_on, t.case, t.assignee) for t in goal.tasks.order_by("pk")]
    assert tasks == [
        ("Call landlord", days(10), case, caseworker),
        ("Apply for voucher", days(10), case, caseworker),
    ]


# ---------------------------------------------------------------------------------------------
# The view


def test_starting_a_blank_plan_opens_the_new_draft(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), {"source": "blank"})

    plan = CarePlan.objects.get(case=case)
    assert response.url == plan.get_absolute_url()
    assert plan.status == CarePlan.Status.DRAFT


def test_starting_from_a_template_through_the_page_uses_it(client, caseworker, case_for):
    case = case_for()
    template = _housing_template()
    client.force_login(caseworker)

    response = client.post(_url(case), {"source": "template", "template": template.pk})

    plan = CarePlan.objects.get(case=case)
    assert response.url == plan.get_absolute_url()
    assert plan.goals.get().tasks.count() == 2


def test_choosing_template_without_a_template_is_refused(client, caseworker, case_for):
    case = case_for()
    _housing_template()
    client.force_login(caseworker)

    response = client.post(_url(case), {"source": "template", "template": ""})

    assert response.status_code == 200
    assert "Choose the template to start from." in response.text
    assert not CarePlan.objects.filter(case=case).exists()


def test_another_teams_case_is_404(client, outsider, case_for):
    case = case_for()
    client.force_login(outsider)

    response = client.post(_url(case), {"source": "blank"})

    assert response.status_code == 404
    assert not CarePlan.objects.filter(case=case).exists()


def test_a_closed_case_gets_an_error_and_no_plan(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.post(_url(case), {"source": "blank"})

    assert response.url == case.get_absolute_url()
    assert errors(response) == ["This case is closed: reopen it to plan care."]
    assert not CarePlan.objects.filter(case=case).exists()
