"""Moves of level of care, inpatient and in the community."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from discharge import services
from discharge.models import LevelOfCare, Transition

from .helpers import admit, discharge

pytestmark = pytest.mark.django_db


def test_a_community_case_records_a_move_without_an_admission(case_for, caseworker):
    case = case_for()

    services.record_transition(
        case=case, by=caseworker, from_level=LevelOfCare.HOME_HEALTH, to_level=LevelOfCare.HOME
    )

    move = Transition.objects.get()
    assert (move.case, move.admission, move.recorded_by) == (case, None, caseworker)


def test_an_inpatient_move_after_discharge_continues_the_path(case_for, caseworker):
    stay = admit(case_for(), by=caseworker)
    discharge(stay, by=caseworker, disposition="snf")

    services.record_transition(
        case=stay.case, by=caseworker, from_level=LevelOfCare.SNF, to_level=LevelOfCare.HOME_HEALTH
    )

    path = Transition.objects.filter(case=stay.case).order_by("moved_at", "pk")
    assert [(m.from_level, m.to_level) for m in path] == [
        (LevelOfCare.ACUTE, LevelOfCare.SNF),
        (LevelOfCare.SNF, LevelOfCare.HOME_HEALTH),
    ]


def test_a_move_to_the_same_level_is_refused(case_for, caseworker):
    with pytest.raises(ValidationError):
        services.record_transition(
            case=case_for(), by=caseworker, from_level="home", to_level="home"
        )


def test_an_admission_of_another_case_is_refused(case_for, caseworker):
    stay = admit(case_for(), by=caseworker)

    with pytest.raises(ValidationError):
        services.record_transition(
            case=case_for(), admission=stay, by=caseworker, from_level="acute", to_level="snf"
        )


def test_the_case_page_records_a_community_move(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:transition_add", args=[case.pk]),
        {"from_level": "home_health", "to_level": "home", "moved_at": "2025-06-11T10:00"},
    )

    move = Transition.objects.get()
    assert response.status_code == 302
    assert (move.case, move.admission, move.to_level) == (case, None, LevelOfCare.HOME)


def test_a_move_to_the_same_level_is_explained_on_the_page(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:transition_add", args=[case.pk]),
        {"from_level": "home", "to_level": "home", "moved_at": "2025-06-11T10:00"},
    )

    assert "A transition moves to another level of care." in response.content.decode()
    assert not Transition.objects.exists()


def test_another_team_gets_404_on_the_transition_page(client, outsider, case_for):
    client.force_login(outsider)

    response = client.get(reverse("discharge:transition_add", args=[case_for().pk]))

    assert response.status_code == 404
