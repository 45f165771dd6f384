"""The expected discharge date: every change kept with who and why, stale edits refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casemgmt.versioning import StaleVersion

from .helpers import admit

pytestmark = pytest.mark.django_db


def test_the_edd_set_at_admission_is_its_first_change(case_for, caseworker):
    edd = datetime.date.today() + datetime.timedelta(days=3)

    stay = admit(case_for(), by=caseworker, expected_discharge_on=edd)

    change = stay.edd_changes.get()
    assert (change.from_date, change.to_date, change.changed_by) == (None, edd, caseworker)


def test_a_change_keeps_who_why_and_the_date_before(case_for, caseworker, teammate):
    first = datetime.date.today() + datetime.timedelta(days=3)
    stay = admit(case_for(), by=caseworker, expected_discharge_on=first)

    stay.change_edd(
        to=first + datetime.timedelta(days=2),
        by=teammate,
        reason="Awaiting SNF bed",
        expected_version=stay.version,
    )

    latest = stay.edd_changes.first()
    assert (latest.from_date, latest.changed_by, latest.reason) == (
        first,
        teammate,
        "Awaiting SNF bed",
    )
    stay.refresh_from_db()
    assert stay.expected_discharge_on == first + datetime.timedelta(days=2)
    assert stay.updated_by == teammate


def test_moving_the_edd_needs_a_reason(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, expected_discharge_on=datetime.date.today())

    with pytest.raises(ValidationError, match="Say why"):
        stay.change_edd(to=None, by=caseworker, reason="", expected_version=stay.version)


def test_an_edd_before_the_admission_is_refused_and_nothing_is_stored(case_for, caseworker):
    stay = admit(case_for(), by=caseworker)

    with pytest.raises(ValidationError):
        stay.change_edd(
            to=datetime.date.today() - datetime.timedelta(days=9),
            by=caseworker,
            reason="",
            expected_version=stay.version,
        )

    assert not stay.edd_changes.exists()


def test_a_stale_change_is_refused(case_for, caseworker, teammate):
    stay = admit(case_for(), by=caseworker)
    opened_at = stay.version
    stay.change_edd(to=datetime.date.today(), by=teammate, reason="", expected_version=opened_at)

    with pytest.raises(StaleVersion, match="Terry"):
        stay.change_edd(
            to=datetime.date.today(), by=caseworker, reason="x", expected_version=opened_at
        )
