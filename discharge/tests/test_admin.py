"""The admission's admin: corrections go through the version check and the model's validation;
the expected discharge date and the discharge itself are not edited there."""

import pytest
from django.urls import reverse

from discharge.models import Admission

from .helpers import admit

pytestmark = pytest.mark.django_db


def change_url(admission):
    return reverse("admin:discharge_admission_change", args=[admission.pk])


def form_data(admission, **changes):
    data = {
        "unit": admission.unit,
        "payer": "",
        "level_of_care": admission.level_of_care,
        "medically_ready_at_0": "",
        "medically_ready_at_1": "",
        "charlson_score": "",
        "ed_visits_6_months": "",
        "version": admission.version,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "edd_changes-TOTAL_FORMS": 0,
        "edd_changes-INITIAL_FORMS": 0,
    }
    return data | changes


def test_an_admin_correction_bumps_the_version_and_names_the_admin(
    client, admin_user, case_for, caseworker
):
    stay = admit(case_for(), by=caseworker)
    client.force_login(admin_user)

    response = client.post(change_url(stay), form_data(stay, charlson_score=2))

    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.charlson_score, stay.version, stay.updated_by) == (2, 2, admin_user)


def test_a_negative_charlson_score_is_refused_in_the_admin_too(
    client, admin_user, case_for, caseworker
):
    stay = admit(case_for(), by=caseworker)
    client.force_login(admin_user)

    response = client.post(change_url(stay), form_data(stay, charlson_score=-2))

    assert response.status_code == 200
    assert "The Charlson score cannot be negative." in response.content.decode()
    assert Admission.objects.get(pk=stay.pk).charlson_score is None


def test_the_edd_is_not_editable_in_the_admin(client, admin_user, case_for, caseworker):
    stay = admit(case_for(), by=caseworker)
    client.force_login(admin_user)

    response = client.get(change_url(stay))

    assert "expected_discharge_on" not in response.context["adminform"].form.fields
