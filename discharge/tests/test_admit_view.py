"""Recording an admission from the case: the payer among the client's coverages, bad dates and a
negative Charlson score refused with a message and nothing stored, 404 across teams."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.tests.factories import CoverageFactory
from discharge.models import Admission

from .factories import HospitalFactory

pytestmark = pytest.mark.django_db


def form(facility, **changes):
    now = timezone.localtime()
    return {
        "facility": facility.pk,
        "unit": "4 West",
        "encounter": "inpatient",
        "admission_type": "emergency",
        "admitted_at": now.strftime("%Y-%m-%dT%H:%M"),
        "level_of_care": "acute",
        "expected_discharge_on": (now.date() + datetime.timedelta(days=3)).isoformat(),
        "charlson_score": 2,
        "ed_visits_6_months": 1,
    } | changes


def test_an_admission_is_recorded_with_the_clients_coverage(client, caseworker, case_for):
    case = case_for()
    coverage = CoverageFactory(client=case.client)
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:admit", args=[case.pk]), form(HospitalFactory(), payer=coverage.pk)
    )

    admission = Admission.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/admissions/{admission.pk}/")
    assert (admission.case, admission.payer, admission.updated_by) == (case, coverage, caseworker)
    assert admission.plan and admission.edd_changes.count() == 1


def test_another_clients_coverage_is_not_offered(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:admit", args=[case.pk]),
        form(HospitalFactory(), payer=CoverageFactory().pk),
    )

    assert response.status_code == 200 and not Admission.objects.exists()


def test_the_expected_length_of_stay_is_recorded_at_admission(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    client.post(
        reverse("discharge:admit", args=[case.pk]),
        form(HospitalFactory(), expected_los_days="4.2"),
    )

    assert Admission.objects.get().expected_los_days == Decimal("4.2")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"charlson_score": -1}, "The Charlson score cannot be negative."),
        ({"expected_los_days": "0"}, "The expected length of stay must be more than 0."),
        ({"expected_discharge_on": "2020-01-01"}, "cannot be before the admission"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    client, caseworker, case_for, changes, message
):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:admit", args=[case.pk]), form(HospitalFactory(), **changes)
    )

    assert message in response.content.decode()
    assert not Admission.objects.exists()


def test_another_team_gets_404(client, outsider, case_for):
    client.force_login(outsider)

    assert client.get(reverse("discharge:admit", args=[case_for().pk])).status_code == 404
