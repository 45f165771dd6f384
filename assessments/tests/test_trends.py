import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Domain
from assessments.tests.factories import MATRIX_DOMAINS, complete, matrix, phq9

pytestmark = pytest.mark.django_db

SEVERE = phq9(2, 2, 2, 2, 2, 2, 1, 2, 0)  # 15
MODERATE = phq9(1, 2, 1, 2, 1, 2, 1, 2, 0)  # 12


def _url(case) -> str:
    return reverse("assessments:trends", args=[case.pk])


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _chart(response, code: str) -> dict:
    """The Chart.js config the page hands its script for one instrument."""
    script = re.search(
        rf'<script id="trend-chart-{code}" type="application/json">(.*?)</script>', response.text
    )
    return json.loads(script.group(1))


def _series(chart: dict) -> dict[str, list]:
    return {dataset["label"]: dataset["data"] for dataset in chart["data"]["datasets"]}


def test_there_is_one_chart_per_instrument_used_on_the_case(client, caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(), assessed_on=_days_ago(90))
    complete(case, "life-domains", matrix())
    complete(case, "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(case))

    trends = response.context["trends"]
    assert sorted(t["instrument"].code for t in trends) == ["life-domains", "phq-9"]
    assert {t["instrument"].code: t["count"] for t in trends} == {"life-domains": 2, "phq-9": 1}


def test_the_matrix_chart_has_a_series_per_domain_oldest_first(client, caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(housing=1), assessed_on=_days_ago(90))
    complete(case, "life-domains", matrix(housing=3))
    client.force_login(caseworker)

    response = client.get(_url(case))

    series = _series(_chart(response, "life-domains"))
    assert set(series) == set(
        Domain.objects.filter(code__in=MATRIX_DOMAINS).values_list("name", flat=True)
    )
    assert series["Housing"] == [1, 3]
    assert series["Income"] == [3, 3]


def test_the_phq9_chart_draws_the_totals_oldest_first(client, caseworker, case_for):
    case = case_for()
    complete(case, "phq-9", SEVERE, assessed_on=_days_ago(30))
    complete(case, "phq-9", MODERATE)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert _series(_chart(response, "phq-9")) == {"Total": [15, 12]}


def test_restricted_assessments_are_left_out_for_a_teammate_outside_the_inner_circle(
    client, teammate, case_for
):
    case = case_for()
    complete(case, "phq-9", SEVERE, assessed_on=_days_ago(30))
    complete(case, "phq-9", MODERATE, restricted=True)
    client.force_login(teammate)

    response = client.get(_url(case))

    assert _series(_chart(response, "phq-9")) == {"Total": [15]}


def test_restricted_assessments_are_charted_for_the_primary_case_manager(
    client, caseworker, case_for
):
    case = case_for()
    complete(case, "phq-9", SEVERE, assessed_on=_days_ago(30))
    complete(case, "phq-9", MODERATE, restricted=True)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert _series(_chart(response, "phq-9")) == {"Total": [15, 12]}


def test_the_trends_of_another_teams_case_are_404(client, outsider, case_for):
    case = case_for()
    complete(case, "phq-9", MODERATE)
    client.force_login(outsider)

    response = client.get(_url(case))

    assert response.status_code == 404


def test_the_trends_query_count_does_not_grow_with_assessments(
    client, caseworker, case_for, django_assert_max_num_queries
):
    few_case, many_case = case_for(), case_for()
    for case, runs in ((few_case, 1), (many_case, 3)):
        for n in range(runs):
            complete(case, "life-domains", matrix(housing=n + 1), assessed_on=_days_ago(90 * n))
            complete(case, "phq-9", MODERATE, assessed_on=_days_ago(90 * n))
    client.force_login(caseworker)
    client.get(_url(few_case))  # warm up: session, content types

    counts = []
    for case in (few_case, many_case):
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as captured:
            client.get(_url(case))
        counts.append(len(captured))

    assert counts[0] == counts[1]
