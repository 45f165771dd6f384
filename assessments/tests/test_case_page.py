import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.tests.factories import AssessmentFactory, complete, phq9

pytestmark = pytest.mark.django_db

MODERATE = phq9(1, 2, 1, 2, 1, 2, 1, 2, 0)  # 12: a need
MINIMAL = phq9(1, 1, 1, 0, 0, 0, 0, 0, 0)  # 3: no need
CASELOAD = reverse("cases:caseload")


def _url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_case_page_lists_the_cases_assessments(client, caseworker, case_for):
    case = case_for()
    done = complete(case, "phq-9", MODERATE)
    draft = AssessmentFactory(case=case)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert list(response.context["assessments"]) == [draft, done]
    assert "12 · Moderate" in response.text
    assert reverse("assessments:fill", args=[draft.pk]) in response.text


def test_the_case_page_lists_open_identified_needs(client, caseworker, case_for):
    case = case_for()
    complete(case, "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert [need.domain.code for need in response.context["needs"]] == ["mental_health"]
    assert "PHQ-9 12: Moderate" in response.text


def test_a_need_a_reassessment_no_longer_finds_leaves_the_case_page(client, caseworker, case_for):
    case = case_for()
    complete(case, "phq-9", MODERATE, assessed_on=_in_days(-30))
    complete(case, "phq-9", MINIMAL)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert list(response.context["needs"]) == []
    assert "PHQ-9 12: Moderate" not in response.text


def test_the_case_page_shows_when_the_next_assessment_is_due(client, caseworker, case_for):
    case = case_for(assessment_due_on=datetime.date(2030, 3, 14))
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert "Next assessment due" in response.text
    assert "Mar 14, 2030" in response.text


def test_an_overdue_assessment_is_marked_on_the_case_page(client, caseworker, case_for):
    case = case_for(assessment_due_on=_in_days(-1))
    client.force_login(caseworker)

    response = client.get(_url(case))

    details = response.text.split("Next assessment due")[1].split("</dd>")[0]
    assert "Overdue" in details


def test_the_caseload_shows_each_cases_assessment_due_date(client, caseworker, case_for):
    case_for(assessment_due_on=datetime.date(2030, 3, 14))
    client.force_login(caseworker)

    response = client.get(CASELOAD)

    assert "Assessment due" in response.text
    assert "Mar 14, 2030" in response.text


def test_the_caseload_summary_counts_overdue_assessments(client, caseworker, case_for):
    case_for(assessment_due_on=_in_days(-10))
    case_for(assessment_due_on=_in_days(-1))
    case_for(assessment_due_on=timezone.localdate())
    case_for(assessment_due_on=None)
    client.force_login(caseworker)

    response = client.get(CASELOAD)

    assert response.context["summary"]["overdue_assessment"] == 2
    card = response.text.split("Assessment overdue</p>")[1].split("</p>")[0]
    assert card.strip().endswith(">2")


def test_the_caseload_sorts_by_assessment_due_date_with_undated_cases_last(
    client, caseworker, case_for
):
    later = case_for(assessment_due_on=_in_days(30))
    undated = case_for(assessment_due_on=None)
    sooner = case_for(assessment_due_on=_in_days(-5))
    client.force_login(caseworker)

    response = client.get(CASELOAD, {"sort": "assessment"})

    assert list(response.context["page"].object_list) == [sooner, later, undated]
