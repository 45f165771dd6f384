import datetime

import pytest
from django.contrib.messages import ERROR, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Addendum
from assessments.tests.factories import MATRIX_DOMAINS, complete, matrix, phq9

pytestmark = pytest.mark.django_db

MODERATE = phq9(1, 2, 1, 2, 1, 2, 1, 2, 0)  # 12
OPTIONAL_MATRIX_DOMAINS = {"child_care", "children_education", "parenting"}


def _url(assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _row(body: str, domain: str) -> str:
    """The result table's row for one domain."""
    return body.split(f'<th scope="row">{domain}</th>')[1].split("</tr>")[0]


def test_the_result_shows_the_total_and_its_band(client, caseworker, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(assessment))

    assert response.status_code == 200
    assert response.context["assessment"].total_score == 12
    assert "Moderate</span>" in response.text


def test_each_domain_shows_its_change_since_the_previous_matrix(client, caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(housing=1), assessed_on=_days_ago(90))
    latest = complete(case, "life-domains", matrix(housing=3))
    client.force_login(caseworker)

    response = client.get(_url(latest))

    assert "up 2" in _row(response.text, "Housing")
    assert "no change" in _row(response.text, "Income")


def test_the_total_shows_its_change_since_the_previous_phq9(client, caseworker, case_for):
    case = case_for()
    complete(case, "phq-9", phq9(2, 2, 2, 2, 2, 2, 1, 2, 0), assessed_on=_days_ago(30))  # 15
    latest = complete(case, "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(latest))

    assert response.context["result"].total_change == -3
    assert "down 3" in response.text


def test_a_positive_item_9_shows_the_safety_alert(client, caseworker, case_for):
    assessment = complete(case_for(), "phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 2))
    client.force_login(caseworker)

    response = client.get(_url(assessment))

    assert "Safety alert" in response.text
    assert "“More than half the days”" in response.text


def test_no_safety_alert_when_item_9_is_answered_not_at_all(client, caseworker, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(assessment))

    assert "Safety alert" not in response.text


def test_the_result_lists_the_needs_it_found(client, caseworker, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(assessment))

    assert "<strong>Mental health</strong>: PHQ-9 12: Moderate" in response.text


def test_an_addendum_is_added_and_shown_on_the_result(client, teammate, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(teammate)

    response = client.post(
        reverse("assessments:addendum_add", args=[assessment.pk]),
        {"text": "Client later said item 3 was worse."},
        follow=True,
    )

    assert Addendum.objects.get().author == teammate
    assert "Client later said item 3 was worse." in response.text


def test_an_empty_addendum_is_refused_with_a_message(client, caseworker, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.post(reverse("assessments:addendum_add", args=[assessment.pk]), {"text": ""})

    assert response.url == _url(assessment)
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]
    assert errors == ["Write the addendum before adding it."]
    assert not Addendum.objects.exists()


def test_a_restricted_result_is_404_for_a_teammate_outside_the_inner_circle(
    client, teammate, case_for
):
    assessment = complete(case_for(), "phq-9", MODERATE, restricted=True)
    client.force_login(teammate)

    response = client.get(_url(assessment))

    assert response.status_code == 404


def test_a_restricted_result_is_shown_to_the_team_supervisor(client, supervisor, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE, restricted=True)
    client.force_login(supervisor)

    response = client.get(_url(assessment))

    assert response.status_code == 200


def test_a_result_on_another_teams_case_is_404(client, outsider, case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    client.force_login(outsider)

    response = client.get(_url(assessment))

    assert response.status_code == 404


def test_the_result_query_count_does_not_grow_with_answers_or_history(
    client, caseworker, case_for, django_assert_max_num_queries
):
    required_only = {code: 3 for code in MATRIX_DOMAINS if code not in OPTIONAL_MATRIX_DOMAINS}
    few_case, many_case = case_for(), case_for()
    complete(few_case, "life-domains", required_only, assessed_on=_days_ago(90))
    few = complete(few_case, "life-domains", required_only)
    for months in range(5, 0, -1):
        complete(
            many_case, "life-domains", matrix(housing=months), assessed_on=_days_ago(30 * months)
        )
    many = complete(many_case, "life-domains", matrix(housing=2, income=1))
    client.force_login(caseworker)
    client.get(_url(few))  # warm up: session, content types

    counts = []
    for assessment in (few, many):
        with django_assert_max_num_queries(18), CaptureQueriesContext(connection) as captured:
            client.get(_url(assessment))
        counts.append(len(captured))

    assert counts[0] == counts[1]
