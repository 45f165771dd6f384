"""The forms of a stay: the EDD changed with a reason (stale changes refused), a utilization
review with its authorization (an end before the start refused), the post-discharge call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from discharge.models import Admission, FollowUpCall, UtilizationReview

from .helpers import admit, discharge

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(case_for, caseworker):
    return admit(
        case_for(),
        by=caseworker,
        admitted_at=timezone.now() - datetime.timedelta(days=2),
        expected_discharge_on=timezone.localdate(),
    )


def test_the_edd_changes_with_its_reason(client, caseworker, stay):
    client.force_login(caseworker)
    new = timezone.localdate() + datetime.timedelta(days=2)

    response = client.post(
        reverse("discharge:edd_change", args=[stay.pk]),
        {"expected_discharge_on": new, "reason": "Awaiting a SNF bed", "version": stay.version},
    )

    assert response.status_code == 302
    assert stay.edd_changes.first().reason == "Awaiting a SNF bed"
    assert Admission.objects.get(pk=stay.pk).expected_discharge_on == new


def test_an_edd_change_without_a_reason_is_explained(client, caseworker, stay):
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:edd_change", args=[stay.pk]),
        {"expected_discharge_on": "", "version": stay.version},
    )

    assert "Say why the expected discharge date changes." in response.content.decode()
    assert stay.edd_changes.count() == 1


def test_a_stale_edd_change_is_refused_naming_who_changed_it(client, caseworker, teammate, stay):
    stay.change_edd(to=None, by=teammate, reason="Unknown now", expected_version=stay.version)
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:edd_change", args=[stay.pk]),
        {"expected_discharge_on": "", "reason": "x", "version": 1},
    )

    assert "Terry" in response.content.decode()
    assert stay.edd_changes.count() == 2


def test_a_review_is_recorded_with_its_authorization(client, caseworker, stay):
    client.force_login(caseworker)
    today = timezone.localdate()

    response = client.post(
        reverse("discharge:review_add", args=[stay.pk]),
        {
            "reviewed_on": today,
            "status_reviewed": "inpatient",
            "criteria_set": "mcg",
            "criteria_met": "on",
            "authorization_number": "A-9",
            "days_authorized": 3,
            "authorized_from": today,
            "authorized_through": today + datetime.timedelta(days=2),
            "next_review_on": today + datetime.timedelta(days=2),
        },
    )

    review = UtilizationReview.objects.get()
    assert response.status_code == 302
    assert (review.reviewer, review.authorization_number) == (caseworker, "A-9")


def test_an_authorization_ending_before_it_starts_is_refused(client, caseworker, stay):
    client.force_login(caseworker)
    today = timezone.localdate()

    response = client.post(
        reverse("discharge:review_add", args=[stay.pk]),
        {
            "reviewed_on": today,
            "status_reviewed": "inpatient",
            "criteria_set": "mcg",
            "authorized_from": today,
            "authorized_through": today - datetime.timedelta(days=1),
        },
    )

    assert "The authorization cannot end before it starts." in response.content.decode()
    assert not UtilizationReview.objects.exists()


def test_a_call_not_reaching_the_patient_is_recorded_and_retried(client, caseworker, stay):
    discharge(stay, by=caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:call_record", args=[stay.pk]), {"outcome": "not_reached"}
    )

    stay.refresh_from_db()
    assert response.status_code == 302
    assert stay.calls.get().outcome == FollowUpCall.Outcome.NOT_REACHED
    assert stay.call_task.description == "Post-discharge call, attempt 2"


def test_another_team_cannot_record_a_call(client, outsider, caseworker, stay):
    discharge(stay, by=caseworker)
    client.force_login(outsider)

    response = client.post(reverse("discharge:call_record", args=[stay.pk]), {"outcome": "reached"})

    assert response.status_code == 404 and not stay.calls.exists()
