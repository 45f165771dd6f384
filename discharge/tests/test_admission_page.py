"""The admission page: plan, checklist, barriers added and resolved in place, reviews, LACE with
its components, avoidable days and the readmission link; 404 across teams; the case page's card."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discharge.models import Admission, Barrier
from reminders.tests.kinds import TODAY

from .factories import BarrierFactory, UtilizationReviewFactory
from .helpers import admit, at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def stay(case_for, caseworker):
    return admit(
        case_for(),
        by=caseworker,
        admitted_at=at(-5),
        medically_ready_at=at(-2),
        charlson_score=2,
        ed_visits_6_months=1,
        expected_discharge_on=TODAY,
    )


def page(client, admission):
    return client.get(reverse("discharge:detail", args=[admission.pk]))


def test_the_page_shows_lace_components_checklist_and_avoidable_days(client, caseworker, stay):
    BarrierFactory(plan=stay.plan, opened_on=TODAY - datetime.timedelta(days=3))
    UtilizationReviewFactory(admission=stay, authorization_number="AUTH-77", days_authorized=3)
    client.force_login(caseworker)

    response = page(client, stay)

    html = response.content.decode()
    assert response.status_code == 200
    # 5 days (4) + emergent (3) + Charlson 2 (2) + 1 ED visit (1).
    assert response.context["lace"].total == 10 and "High risk" in html
    assert "Readiness: 0 of 7" in html
    assert "AUTH-77" in html
    assert response.context["avoidable"] == [("Insurance authorization pending", 2)]


def test_a_stay_beyond_its_gmlos_says_so(client, caseworker, stay):
    Admission.objects.filter(pk=stay.pk).update(expected_los_days=Decimal("3.5"))
    client.force_login(caseworker)

    html = page(client, stay).content.decode()

    assert "5 days in hospital · expected 3.5 (GMLOS)" in html
    assert "beyond the expected stay" in html


def test_a_stay_within_its_gmlos_is_not_flagged(client, caseworker, stay):
    Admission.objects.filter(pk=stay.pk).update(expected_los_days=Decimal("6.0"))
    client.force_login(caseworker)

    html = page(client, stay).content.decode()

    assert "expected 6 (GMLOS)" in html
    assert "beyond the expected stay" not in html


def test_another_team_gets_404(client, outsider, stay):
    client.force_login(outsider)

    assert page(client, stay).status_code == 404


def test_a_barrier_is_added_in_place(client, caseworker, stay):
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:barrier_add", args=[stay.pk]),
        {"kind": "caregiver", "opened_on": TODAY.isoformat(), "note": "Daughter away"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Daughter away" in response.content.decode()
    assert stay.plan.barriers.get().kind == Barrier.Kind.CAREGIVER


def test_a_barrier_opened_before_the_admission_is_refused(client, caseworker, stay):
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:barrier_add", args=[stay.pk]),
        {"kind": "caregiver", "opened_on": (TODAY - datetime.timedelta(days=9)).isoformat()},
        headers={"HX-Request": "true"},
    )

    assert "cannot open before the admission" in response.content.decode()
    assert not stay.plan.barriers.exists()


def test_a_barrier_is_resolved_in_place(client, caseworker, stay):
    barrier = BarrierFactory(plan=stay.plan, opened_on=TODAY)
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:barrier_resolve", args=[barrier.pk]), headers={"HX-Request": "true"}
    )

    barrier.refresh_from_db()
    assert response.status_code == 200 and barrier.resolved_on == TODAY


def test_another_team_cannot_resolve_a_barrier(client, outsider, stay):
    barrier = BarrierFactory(plan=stay.plan, opened_on=TODAY)
    client.force_login(outsider)

    response = client.post(reverse("discharge:barrier_resolve", args=[barrier.pk]))

    barrier.refresh_from_db()
    assert response.status_code == 404 and barrier.is_open


def test_a_readmission_links_its_index_stay(client, caseworker, stay):
    discharge(stay, by=caseworker, discharged_at=at(-1))
    again = admit(stay.case, by=caseworker, admitted_at=at(0))
    client.force_login(caseworker)

    response = page(client, again)

    assert response.context["index_stay"] == stay
    assert reverse("discharge:detail", args=[stay.pk]) in response.content.decode()


def test_the_case_page_shows_the_current_stay(client, caseworker, stay):
    client.force_login(caseworker)

    response = client.get(stay.case.get_absolute_url())

    assert reverse("discharge:detail", args=[stay.pk]) in response.content.decode()


def test_the_page_costs_the_same_queries_with_more_records(client, caseworker, stay):
    client.force_login(caseworker)
    counts = []
    for extra in (1, 5):
        BarrierFactory.create_batch(extra, plan=stay.plan, opened_on=TODAY)
        UtilizationReviewFactory.create_batch(extra, admission=stay)
        with CaptureQueriesContext(connection) as captured:
            page(client, stay)
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_a_discharged_stay_says_where_the_patient_went_not_the_level_of_care(
    client, caseworker, stay
):
    discharge(stay, by=caseworker, disposition="snf")
    client.force_login(caseworker)

    text = page(client, stay).content.decode()

    assert "Discharged to: Skilled nursing facility" in text
    assert "Level of care: Acute" not in text
