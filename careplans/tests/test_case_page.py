import pytest
from django.urls import reverse

from assessments.tests.factories import phq9
from careplans.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

MODERATE = phq9(1, 2, 1, 2, 1, 2, 1, 2, 0)  # 12: a need
MINIMAL = phq9(1, 1, 1, 0, 0, 0, 0, 0, 0)  # 3: no need
CASELOAD = reverse("cases:caseload")


def _url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def test_the_case_page_lists_open_tasks_only(client, caseworker, case_for):
    case = case_for()
    TaskFactory(case=case, description="Book the dentist")
    TaskFactory(case=case, description="Renew the bus pass").complete(by=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert "Book the dentist" in response.text
    assert "Renew the bus pass" not in response.text
