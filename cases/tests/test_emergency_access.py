"""Emergency ("break the glass") access to restricted cases, DESIGN.md §3."""

import datetime

import pytest
import time_machine
from django.db import InternalError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseNote, EmergencyAccess
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db
REASON = "Client in crisis at the front desk; Casey is on leave."


def _url(case) -> str:
    return reverse("cases:emergency_access", args=[case.pk])


@pytest.fixture
def restricted(case_for, supervisor):
    return case_for(restricted=True, presenting_need="Opioid use disorder")


def test_a_teammate_giving_a_reason_opens_the_restricted_case(client, teammate, restricted):
    client.force_login(teammate)

    response = client.post(_url(restricted), {"reason": REASON})

    assert response.url == restricted.get_absolute_url()
    assert client.get(response.url).status_code == 200


def test_the_access_lasts_the_configured_hours(teammate, restricted, settings):
    settings.EMERGENCY_ACCESS_HOURS = 2

    grant = services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=2)


def test_restricted_notes_open_with_the_case(teammate, caseworker, restricted):
    note = CaseNoteFactory(case=restricted, author=caseworker, restricted=True)

    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    assert note in CaseNote.objects.visible_to(teammate)


def test_an_expired_access_no_longer_opens_the_case(teammate, restricted):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        assert restricted not in Case.objects.visible_to(teammate)


def test_no_reason_no_access(client, teammate, restricted):
    client.force_login(teammate)

    response = client.post(_url(restricted), {"reason": ""})

    assert response.status_code == 403
    assert "Give the reason" in response.text
    assert not EmergencyAccess.objects.exists()


def test_another_team_gets_404_and_no_access(client, outsider, restricted):
    client.force_login(outsider)

    response = client.post(_url(restricted), {"reason": REASON})

    assert response.status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_the_service_refuses_someone_who_already_sees_the_case(caseworker, restricted):
    with pytest.raises(ValueError):
        services.grant_emergency_access(case=restricted, by=caseworker, reason=REASON)


def test_an_unrestricted_case_needs_no_emergency_access(teammate, case_for):
    assert not Case.objects.open_to_emergency_access_by(teammate).filter(pk=case_for().pk)


def test_whoever_already_sees_the_case_is_sent_to_it(client, caseworker, restricted):
    client.force_login(caseworker)

    response = client.get(_url(restricted))

    assert response.url == restricted.get_absolute_url()


def test_the_case_page_shows_the_supervisor_who_opened_it_and_why(
    client, teammate, supervisor, restricted
):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)
    client.force_login(supervisor)

    response = client.get(restricted.get_absolute_url())

    assert REASON in response.text
    assert str(teammate) in response.text


def test_the_holder_is_told_the_access_is_temporary(client, teammate, restricted):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)
    client.force_login(teammate)

    response = client.get(restricted.get_absolute_url())

    assert "under emergency access until" in response.text


def test_grants_cannot_be_deleted(teammate, restricted):
    grant = services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    with pytest.raises(InternalError):
        grant.delete()


def test_the_case_page_lists_the_grant_with_who_why_and_that_it_is_open_now(
    client, teammate, caseworker, restricted
):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)
    client.force_login(caseworker)

    response = client.get(restricted.get_absolute_url())

    (grant,) = response.context["emergency_accesses"]
    assert (str(grant.user), grant.reason, grant.is_current) == (str(teammate), REASON, True)
    assert "Open now" in response.text


def test_the_teammate_holding_the_grant_is_told_so_on_the_case_page(client, teammate, restricted):
    grant = services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)
    client.force_login(teammate)

    response = client.get(restricted.get_absolute_url())

    assert response.context["my_emergency_access"].expires_at == grant.expires_at
