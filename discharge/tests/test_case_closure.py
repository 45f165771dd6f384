"""Before a case closes, the close page lists a stay still in hospital (cases.closure)."""

import pytest
from django.urls import reverse

from .helpers import admit, discharge

pytestmark = pytest.mark.django_db


def close_page(client, case):
    return client.get(reverse("cases:transition", kwargs={"pk": case.pk, "move": "close"}))


def test_a_stay_in_hospital_is_listed_before_the_case_closes(client, caseworker, case_for):
    stay = admit(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = close_page(client, stay.case)

    assert "still in hospital" in response.content.decode()
    assert stay.get_absolute_url() in response.content.decode()


def test_a_discharged_stay_is_not_listed(client, caseworker, case_for):
    stay = admit(case_for(), by=caseworker)
    discharge(stay, by=caseworker)
    client.force_login(caseworker)

    assert "still in hospital" not in close_page(client, stay.case).content.decode()
