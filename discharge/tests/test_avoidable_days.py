"""Avoidable days (services.avoidable_days_by_*): each day from medically ready until discharge
is shared among the barriers open that day, computed in SQL."""

import datetime
from decimal import Decimal

import pytest

from discharge import services
from discharge.models import Barrier
from reminders.tests.kinds import TODAY

from .helpers import admit, at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def barrier(stay, kind, opened, resolved=None) -> Barrier:
    return Barrier.objects.create(
        plan=stay.plan, kind=kind, opened_on=day(opened), resolved_on=resolved and day(resolved)
    )


def test_overlapping_barriers_share_the_days_they_are_both_open(case_for, caseworker):
    # Ready on day -10, discharged on day -4: days -10 to -5 are avoidable (six days).
    stay = admit(case_for(), by=caseworker, admitted_at=at(-14), medically_ready_at=at(-10))
    # Authorization open days -10..-7 (resolved on -6), no facility open days -8..-5.
    barrier(stay, Barrier.Kind.AUTHORIZATION, opened=-12, resolved=-6)
    barrier(stay, Barrier.Kind.NO_FACILITY, opened=-8)
    discharge(stay, by=caseworker, discharged_at=at(-4))

    by_kind = services.avoidable_days_by_barrier([stay.pk])

    # -10, -9 authorization alone (2); -8, -7 both (1 each); -6, -5 no facility alone (2).
    assert by_kind == {"authorization": Decimal("3.00"), "no_facility": Decimal("3.00")}
    assert services.avoidable_days_by_admission([stay.pk]) == {stay.pk: Decimal("6.00")}


def test_days_without_an_open_barrier_are_unattributed(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, admitted_at=at(-5), medically_ready_at=at(-3))
    barrier(stay, Barrier.Kind.TRANSPORTATION, opened=-2)

    # Still in hospital: days -3, -2, -1 so far (today is not over).
    assert services.avoidable_days_by_barrier([stay.pk]) == {
        "": Decimal("1.00"),
        "transport": Decimal("2.00"),
    }


def test_three_barriers_split_a_day_in_thirds(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, admitted_at=at(-5), medically_ready_at=at(-1))
    for kind in (Barrier.Kind.EQUIPMENT, Barrier.Kind.FINANCIAL, Barrier.Kind.CAREGIVER):
        barrier(stay, kind, opened=-1)

    assert set(services.avoidable_days_by_barrier([stay.pk]).values()) == {Decimal("0.33")}


def test_totals_are_per_admission_and_a_stay_not_ready_has_none(case_for, caseworker):
    ready = admit(case_for(), by=caseworker, admitted_at=at(-5), medically_ready_at=at(-2))
    not_ready = admit(case_for(), by=caseworker, admitted_at=at(-5))

    totals = services.avoidable_days_by_admission([ready.pk, not_ready.pk])

    assert totals == {ready.pk: Decimal("2.00")}
