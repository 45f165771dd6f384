"""Caseload caps (issue 15): the acuity-weighted load against the program's soft and hard caps
when a case is opened for, or moved to, a case manager."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.caps import load_with
from cases.models import CapOverride, Case
from cases.tests.factories import CaseFactory
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capped(team):
    """The team's program caps the load at 6 (soft) and 8 (hard)."""
    team.program.soft_cap, team.program.hard_cap = 6, 8
    team.program.save()
    return team.program


def _carrying(team, manager, *acuities):
    for acuity in acuities:
        CaseFactory(team=team, program=team.program, primary_case_manager=manager, acuity=acuity)


def _open(client, team, manager, acuity=Case.Acuity.MODERATE, **extra):
    person = ClientFactory(registered_team=team)
    data = {
        "program": team.program.pk,
        "team": team.pk,
        "primary_case_manager": manager.pk,
        "status": Case.Status.INTAKE,
        "acuity": acuity,
        "referral_source": "County hospital",
        "presenting_need": "Housing after discharge",
        "opened_on": timezone.localdate().isoformat(),
    }
    return client.post(reverse("cases:open", args=[person.pk]), data | extra)


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_load_weighs_each_open_case_by_its_acuity(team, caseworker):
    _carrying(team, caseworker, Case.Acuity.LOW, Case.Acuity.HIGH, Case.Acuity.INTENSIVE)
    CaseFactory(
        team=team, primary_case_manager=caseworker, acuity=Case.Acuity.HIGH, status="closed"
    )

    load = load_with(
        case=Case(), manager=caseworker, acuity=Case.Acuity.MODERATE, program=team.program
    )

    assert load.load == 1 + 3 + 4 + 2


def test_a_case_already_carried_counts_once_at_its_new_acuity(team, caseworker):
    _carrying(team, caseworker, Case.Acuity.LOW)
    case = CaseFactory(team=team, primary_case_manager=caseworker, acuity=Case.Acuity.LOW)

    load = load_with(
        case=case, manager=caseworker, acuity=Case.Acuity.INTENSIVE, program=team.program
    )

    assert load.load == 1 + 4


@override_settings(CASELOAD_WEIGHTS={"low": 1, "moderate": 1, "high": 5, "intensive": 10})
def test_the_weights_come_from_settings(team, caseworker):
    _carrying(team, caseworker, Case.Acuity.HIGH, Case.Acuity.MODERATE)

    load = load_with(case=Case(), manager=caseworker, acuity=Case.Acuity.LOW, program=None)

    assert load.load == 5 + 1 + 1


def test_assigning_within_the_soft_cap_says_nothing_about_the_load(
    client, team, capped, caseworker
):
    _carrying(team, caseworker, Case.Acuity.MODERATE, Case.Acuity.MODERATE)
    client.force_login(caseworker)

    response = _open(client, team, caseworker)

    assert response.status_code == 302
    assert not any("cap" in text for text in _said(response))


def test_assigning_past_the_soft_cap_opens_the_case_and_warns(client, team, capped, caseworker):
    _carrying(team, caseworker, Case.Acuity.HIGH, Case.Acuity.HIGH)
    client.force_login(caseworker)

    response = _open(client, team, caseworker)

    assert response.status_code == 302
    assert (
        f"{caseworker} now carries a weighted load of 8, over the program's soft cap of 6."
        in _said(response)
    )


def test_assigning_past_the_hard_cap_is_refused_and_opens_nothing(client, team, capped, caseworker):
    _carrying(team, caseworker, Case.Acuity.INTENSIVE, Case.Acuity.HIGH)
    client.force_login(caseworker)
    cases_before = Case.objects.count()

    response = _open(client, team, caseworker)

    errors = response.context["form"].errors["primary_case_manager"]
    assert "a weighted load of 9, over the program's hard cap of 8" in errors[0]
    assert Case.objects.count() == cases_before


def test_a_case_manager_cannot_override_the_hard_cap(client, team, capped, caseworker):
    _carrying(team, caseworker, Case.Acuity.INTENSIVE, Case.Acuity.HIGH)
    client.force_login(caseworker)

    response = _open(client, team, caseworker, cap_override_reason="I can take one more")

    assert response.context["form"].errors["cap_override_reason"] == [
        "Only a supervisor of the team can assign a case over the hard cap."
    ]


def test_a_supervisor_overrides_the_hard_cap_with_a_reason_that_is_kept(
    client, team, capped, caseworker, supervisor
):
    _carrying(team, caseworker, Case.Acuity.INTENSIVE, Case.Acuity.HIGH)
    client.force_login(supervisor)

    response = _open(client, team, caseworker, cap_override_reason="Continuity: her sister's CM")

    assert response.status_code == 302
    override = CapOverride.objects.get()
    assert (override.manager, override.load, override.hard_cap, override.by) == (
        caseworker,
        9,
        8,
        supervisor,
    )
    assert override.reason == "Continuity: her sister's CM"
    assert "Assigned over the hard cap (9 of 8); the reason is kept." in _said(response)


def test_raising_a_carried_cases_acuity_past_the_hard_cap_is_refused(
    client, team, capped, caseworker
):
    _carrying(team, caseworker, Case.Acuity.INTENSIVE, Case.Acuity.MODERATE)
    case = CaseFactory(
        team=team, program=team.program, primary_case_manager=caseworker, acuity=Case.Acuity.LOW
    )
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {
            "version": case.version,
            "program": case.program_id,
            "acuity": Case.Acuity.HIGH,
            "primary_case_manager": caseworker.pk,
            "referral_source": case.referral_source,
            "presenting_need": case.presenting_need,
        },
    )

    assert (
        "over the program's hard cap of 8"
        in response.context["form"].errors["primary_case_manager"][0]
    )
    case.refresh_from_db()
    assert case.acuity == Case.Acuity.LOW


def test_editing_other_fields_of_a_case_over_the_cap_is_not_refused(
    client, team, capped, caseworker
):
    _carrying(team, caseworker, Case.Acuity.INTENSIVE, Case.Acuity.INTENSIVE)
    case = CaseFactory(
        team=team, program=team.program, primary_case_manager=caseworker, acuity=Case.Acuity.HIGH
    )
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:edit", args=[case.pk]),
        {
            "version": case.version,
            "program": case.program_id,
            "acuity": case.acuity,
            "primary_case_manager": caseworker.pk,
            "referral_source": "Self",
            "presenting_need": case.presenting_need,
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.referral_source == "Self"


def test_a_program_without_caps_never_refuses(client, team, caseworker):
    _carrying(team, caseworker, *[Case.Acuity.INTENSIVE] * 10)
    client.force_login(caseworker)

    response = _open(client, team, caseworker)

    assert response.status_code == 302


def test_a_hard_cap_below_the_soft_cap_is_refused(team):
    team.program.soft_cap, team.program.hard_cap = 10, 8

    with pytest.raises(ValidationError, match="cannot be below the soft cap"):
        team.program.full_clean()


def test_a_cap_override_cannot_be_changed_or_deleted(team, caseworker, supervisor):
    case = CaseFactory(team=team, primary_case_manager=caseworker)
    override = CapOverride.objects.create(
        case=case, manager=caseworker, load=9, hard_cap=8, reason="Continuity", by=supervisor
    )

    with pytest.raises(Exception, match="capoverride_append_only"):
        CapOverride.objects.filter(pk=override.pk).update(reason="Changed")
