import datetime

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.tests.factories import published
from cases.models import Case

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("assessments:start", args=[case.pk])


def _data(code="phq-9", **overrides):
    data = {
        "instrument": published(code).pk,
        "assessed_on": timezone.localdate().isoformat(),
    }
    return data | overrides


def _errors(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]


def test_starting_an_assessment_opens_its_questions(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data())

    assessment = Assessment.objects.get(case=case)
    assert response.url == reverse("assessments:fill", args=[assessment.pk])
    assert (assessment.status, assessment.assessor, assessment.instrument.code) == (
        Assessment.Status.DRAFT,
        caseworker,
        "phq-9",
    )


def test_an_assessment_cannot_be_dated_in_the_future(client, caseworker, case_for):
    case = case_for()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(caseworker)

    response = client.post(_url(case), _data(assessed_on=tomorrow.isoformat()))

    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"] == ["This date is in the future."]
    assert "This date is in the future." in response.text
    assert not Assessment.objects.exists()


def test_a_closed_case_refuses_a_new_assessment_with_a_message(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.post(_url(case), _data())

    assert response.url == case.get_absolute_url()
    assert _errors(response) == ["This case is closed: reopen it to assess the client again."]
    assert not Assessment.objects.exists()


def test_a_phq9_on_a_restricted_case_is_restricted_even_when_the_box_is_unticked(
    client, caseworker, case_for
):
    case = case_for(restricted=True)
    client.force_login(caseworker)

    client.post(_url(case), _data("phq-9"))

    assert Assessment.objects.get(case=case).restricted


def test_a_social_needs_screen_on_a_restricted_case_is_not_restricted_unless_ticked(
    client, caseworker, case_for
):
    case = case_for(restricted=True)
    client.force_login(caseworker)

    client.post(_url(case), _data("ahc-hrsn"))

    assert not Assessment.objects.get(case=case).restricted


def test_starting_an_assessment_on_a_case_of_another_team_is_404(client, outsider, case_for):
    case = case_for()
    client.force_login(outsider)

    response = client.post(_url(case), _data())

    assert response.status_code == 404
    assert not Assessment.objects.exists()
