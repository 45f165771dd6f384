"""Discharging a stay (services.discharge_patient): the readiness checklist or an override with a
reason, the disposition and the move of level of care, and the follow-up tasks due by LACE band."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from careplans.models import Task
from casemgmt.transitions import InvalidTransition
from discharge import services
from discharge.models import Admission, LevelOfCare, Transition
from reminders.tests.kinds import NOW, TODAY

from .factories import HospitalFactory
from .helpers import admit, at, discharge, tick_checklist

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def stay(case_for, caseworker):
    return admit(case_for(), by=caseworker, admitted_at=at(-4))


def test_an_incomplete_checklist_blocks_the_discharge_and_lists_what_is_missing(stay, caseworker):
    with pytest.raises(services.DischargeNotReady) as e:
        services.discharge_patient(admission=stay, by=caseworker, disposition="home")

    assert len(e.value.missing) == 7
    assert "Medication reconciliation" in str(e.value)
    stay.refresh_from_db()
    assert stay.status == Admission.Status.ADMITTED
    assert not Task.objects.exists()


def test_an_override_with_a_reason_discharges_and_is_recorded(stay, caseworker):
    services.discharge_patient(
        admission=stay, by=caseworker, disposition="home", override_reason="Patient insists"
    )

    stay.refresh_from_db()
    event = stay.events.get()
    assert stay.status == Admission.Status.DISCHARGED
    assert event.override_reason == "Patient insists"
    assert "Transport arranged" in event.missing_items.splitlines()
    assert event.actor == caseworker


def test_a_blank_override_reason_is_no_override(stay, caseworker):
    with pytest.raises(services.DischargeNotReady):
        services.discharge_patient(
            admission=stay, by=caseworker, disposition="home", override_reason="  "
        )


def test_a_complete_checklist_needs_no_override(stay, caseworker):
    discharge(stay, by=caseworker)

    assert stay.events.get().override_reason == ""


def test_the_discharge_records_disposition_and_the_move_to_the_receiving_provider(stay, caseworker):
    snf = HospitalFactory(name="Maple Court SNF")

    discharge(stay, by=caseworker, disposition="snf", receiving_organization=snf)

    stay.refresh_from_db()
    move = Transition.objects.get(admission=stay)
    assert stay.disposition == "snf" and stay.discharged_at == NOW
    assert (move.from_level, move.to_level) == (LevelOfCare.ACUTE, LevelOfCare.SNF)
    assert (move.case, move.receiving_organization, move.moved_at) == (stay.case, snf, NOW)


def test_a_death_records_no_transition(stay, caseworker):
    discharge(stay, by=caseworker, disposition="died")

    assert not Transition.objects.exists()


def test_a_discharge_before_the_admission_is_refused(stay, caseworker):
    tick_checklist(stay)

    with pytest.raises(ValidationError):
        services.discharge_patient(
            admission=stay, by=caseworker, disposition="home", discharged_at=at(-5)
        )


def test_a_discharged_stay_cannot_be_discharged_again(stay, caseworker):
    discharge(stay, by=caseworker)

    with pytest.raises(InvalidTransition, match="discharged"):
        discharge(stay, by=caseworker)


@pytest.mark.parametrize(
    ("charlson", "ed_visits", "band", "hours"),
    # 4 days (4) + emergent (3): 7, then Charlson and ED visits move the band.
    [(0, 0, "moderate", 48), (3, 0, "high", 24), (None, None, "unknown", 48)],
)
def test_the_post_discharge_call_falls_due_by_lace_band(
    case_for, caseworker, charlson, ed_visits, band, hours
):
    stay = admit(
        case_for(),
        by=caseworker,
        admitted_at=at(-4),
        charlson_score=charlson,
        ed_visits_6_months=ed_visits,
    )

    discharge(stay, by=caseworker, discharged_at=at(0, hour=20))

    stay.refresh_from_db()
    assert stay.call_task.due_on == (at(0, hour=20) + datetime.timedelta(hours=hours)).date()
    assert stay.call_task.assignee == caseworker and stay.call_task.is_open


def test_a_low_risk_stay_is_called_within_72_hours(case_for, caseworker):
    stay = admit(
        case_for(),
        by=caseworker,
        admitted_at=at(-1),
        admission_type=Admission.AdmissionType.ELECTIVE,
        charlson_score=0,
        ed_visits_6_months=0,
    )

    discharge(stay, by=caseworker)

    stay.refresh_from_db()
    assert stay.lace.band == "low"
    assert stay.call_task.due_on == TODAY + datetime.timedelta(days=3)


def test_the_call_hours_are_configurable(stay, caseworker, settings):
    settings.DISCHARGE_CALL_HOURS = {"high": 12, "moderate": 96, "low": 120}

    discharge(stay, by=caseworker)

    stay.refresh_from_db()
    assert stay.call_task.due_on == TODAY + datetime.timedelta(days=4)


def test_the_discharge_creates_a_thirty_day_check_in(stay, caseworker):
    discharge(stay, by=caseworker)

    stay.refresh_from_db()
    assert stay.check_in_task.due_on == TODAY + datetime.timedelta(days=30)
    assert stay.check_in_task.case == stay.case
