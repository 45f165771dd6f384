"""The discharge page: an incomplete checklist is listed and blocks the discharge until a reason
is given; the plan's checklist is edited under the version check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from discharge.models import Admission, DischargePlan

from .helpers import admit, tick_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(case_for, caseworker):
    return admit(case_for(), by=caseworker, admitted_at=timezone.now() - datetime.timedelta(days=2))


def post_discharge(client, stay, **changes):
    data = {
        "disposition": "home_health",
        "discharged_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    } | changes
    return client.post(reverse("discharge:discharge", args=[stay.pk]), data)


def test_the_page_lists_what_the_checklist_misses(client, caseworker, stay):
    client.force_login(caseworker)

    response = client.get(reverse("discharge:discharge", args=[stay.pk]))

    assert "Teach-back education" in response.content.decode()


def test_an_incomplete_checklist_without_a_reason_stores_nothing(client, caseworker, stay):
    client.force_login(caseworker)

    response = post_discharge(client, stay)

    assert response.status_code == 200
    assert "give a reason to discharge anyway" in response.content.decode()
    assert Admission.objects.get(pk=stay.pk).is_current


def test_an_override_with_a_reason_discharges_and_creates_the_call_task(client, caseworker, stay):
    client.force_login(caseworker)

    response = post_discharge(client, stay, override_reason="Family takes the patient home now")

    stay.refresh_from_db()
    assert response.status_code == 302
    assert stay.disposition == "home_health" and stay.call_task.is_open
    assert stay.events.get().override_reason == "Family takes the patient home now"


def test_a_complete_checklist_discharges_without_a_reason(client, caseworker, stay):
    tick_checklist(stay)
    client.force_login(caseworker)

    post_discharge(client, stay)

    assert not Admission.objects.get(pk=stay.pk).is_current


def test_a_discharge_before_the_admission_is_refused(client, caseworker, stay):
    tick_checklist(stay)
    client.force_login(caseworker)

    response = post_discharge(client, stay, discharged_at="2020-01-01T10:00")

    assert "cannot come before the admission" in response.content.decode()
    assert Admission.objects.get(pk=stay.pk).is_current


def test_the_checklist_is_saved_and_a_stale_save_is_refused_with_the_input_kept(
    client, caseworker, teammate, stay
):
    url = reverse("discharge:plan_edit", args=[stay.pk])
    opened = stay.plan.version
    client.force_login(teammate)
    client.post(url, {"version": opened, "medication_reconciled": "on"})
    client.force_login(caseworker)

    response = client.post(url, {"version": opened, "transport_arranged": "on"})

    plan = DischargePlan.objects.get(pk=stay.plan.pk)
    assert plan.medication_reconciled and not plan.transport_arranged
    assert "Terry" in response.content.decode()
    assert response.context["form"]["transport_arranged"].value()
