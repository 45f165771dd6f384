"""What an agency configures: contact intervals by acuity and escalation grace per kind."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from casemgmt.settings import days_by_name
from cases.models import Case
from clients.tests.factories import ConsentFactory
from reminders.checks import escalation_overrides_name_known_kinds
from reminders.models import Reminder
from reminders.scan import ESCALATION, scan

NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_the_no_contact_reminder_follows_the_configured_interval(case_for, settings):
    settings.CONTACT_DUE_DAYS = settings.CONTACT_DUE_DAYS | {"high": 3}
    case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - datetime.timedelta(days=4))

    scan(timezone.now())

    assert Reminder.objects.filter(kind="no_contact").exists()


@pytest.mark.django_db
def test_the_caseload_counts_overdue_contact_by_the_configured_interval(case_for, settings):
    settings.CONTACT_DUE_DAYS = settings.CONTACT_DUE_DAYS | {"low": 2}
    case_for(acuity=Case.Acuity.LOW, opened_on=TODAY - datetime.timedelta(days=3))

    assert Case.objects.caseload_summary()["overdue_contact"] == 1


@pytest.mark.django_db
def test_a_kinds_escalation_grace_can_be_shortened(contact_overdue, supervisor, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"no_contact": 1}
    contact_overdue()  # fell due yesterday: a week's grace by default

    scan(timezone.now())

    assert Reminder.objects.filter(kind=ESCALATION, recipient=supervisor).exists()


@pytest.mark.django_db
def test_a_kind_without_escalation_can_be_given_one(case_for, supervisor, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"consent_expiring": 0}
    case = case_for()
    ConsentFactory(client=case.client, expires_on=TODAY + datetime.timedelta(days=10))

    scan(timezone.now())

    assert Reminder.objects.filter(kind=ESCALATION, recipient=supervisor).exists()


def test_configured_days_override_the_defaults_they_name(monkeypatch):
    monkeypatch.setenv("SOME_DAYS", "high=10,low=90")

    assert days_by_name("SOME_DAYS", {"high": 14, "low": 60, "moderate": 30}) == {
        "high": 10,
        "low": 90,
        "moderate": 30,
    }


def test_a_name_outside_the_defaults_stops_start_up(monkeypatch):
    monkeypatch.setenv("SOME_DAYS", "hihg=10")

    with pytest.raises(ImproperlyConfigured, match=r"SOME_DAYS: unknown names \['hihg'\]"):
        days_by_name("SOME_DAYS", {"high": 14})


def test_days_that_are_not_whole_numbers_stop_start_up(monkeypatch):
    monkeypatch.setenv("SOME_DAYS", "high=two")

    with pytest.raises(ImproperlyConfigured, match="SOME_DAYS: days must be whole numbers"):
        days_by_name("SOME_DAYS", {"high": 14})


def test_the_system_check_names_an_unknown_kind_given_a_grace(settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"no_contact": 2, "no_contcat": 2}

    [error] = escalation_overrides_name_known_kinds(None)

    assert error.id == "reminders.E001"
    assert "no_contcat" in error.msg


def test_the_system_check_passes_known_kinds(settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"no_contact": 2}

    assert escalation_overrides_name_known_kinds(None) == []
