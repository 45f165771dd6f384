"""A stay within 30 days of the client's last discharge, on any case at any facility, is a
30-day readmission linked to the index stay, told at once to the case manager and the team's
supervisors; an ED or observation encounter in that window is an ED return."""

import pytest

from discharge.models import Admission
from reminders.models import Reminder
from reminders.tests.kinds import reminders_of

from .helpers import admit, at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def index_stay(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, admitted_at=at(-5))
    return discharge(stay, by=caseworker, discharged_at=at(0, hour=15))


@pytest.mark.parametrize(("days", "flagged"), [(29, True), (30, True), (31, False)])
def test_a_stay_within_thirty_days_of_a_discharge_on_another_case_is_a_readmission(
    case_for, caseworker, index_stay, days, flagged
):
    other_case = case_for(client=index_stay.case.client)

    again = admit(other_case, by=caseworker, admitted_at=at(days, hour=8))

    assert again.is_readmission is flagged
    assert again.index_stay == (index_stay if flagged else None)


def test_a_readmission_at_another_facility_is_flagged(case_for, caseworker, index_stay):
    again = admit(index_stay.case, by=caseworker, admitted_at=at(19))

    assert again.facility != index_stay.facility
    assert again.is_readmission


def test_another_clients_discharge_is_no_index_stay(case_for, caseworker, index_stay):
    assert not admit(case_for(), by=caseworker, admitted_at=at(3)).is_readmission


def test_the_case_manager_and_the_supervisors_are_told_at_once(
    case_for, caseworker, supervisor, index_stay
):
    again = admit(index_stay.case, by=caseworker, admitted_at=at(19))

    told = reminders_of("readmission", again)
    assert set(told.values_list("recipient", flat=True)) == {caseworker.pk, supervisor.pk}
    assert all(r.state == Reminder.State.SENT and r.urgent for r in told)


def test_a_stay_that_is_no_readmission_tells_nobody(case_for, caseworker, supervisor):
    admit(case_for(), by=caseworker)

    assert not reminders_of("readmission").exists()


@pytest.mark.parametrize(
    "encounter", [Admission.Encounter.EMERGENCY, Admission.Encounter.OBSERVATION]
)
def test_an_ed_or_observation_encounter_within_thirty_days_is_an_ed_return(
    caseworker, index_stay, encounter
):
    visit = admit(index_stay.case, by=caseworker, admitted_at=at(10), encounter=encounter)

    assert visit.is_ed_return and not visit.is_readmission
    assert visit.index_stay == index_stay
    assert not reminders_of("readmission").exists()


def test_an_ed_visit_is_no_index_stay_for_a_later_admission(case_for, caseworker):
    case = case_for()
    visit = admit(case, by=caseworker, admitted_at=at(-3), encounter=Admission.Encounter.EMERGENCY)
    discharge(visit, by=caseworker, discharged_at=at(-3, hour=14))

    assert not admit(case, by=caseworker, admitted_at=at(0)).is_readmission
