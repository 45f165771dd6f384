import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from cases.models import Case
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("cases:edit", args=[case.pk])


def _data(case, **overrides):
    data = {
        "version": case.version,
        "program": case.program_id,
        "acuity": case.acuity,
        "primary_case_manager": case.primary_case_manager_id,
        "referral_source": case.referral_source,
        "presenting_need": case.presenting_need,
    }
    return data | overrides


def test_editing_saves_the_changes_and_counts_a_new_version(client, caseworker, case_for):
    case = case_for(acuity=Case.Acuity.LOW)
    client.force_login(caseworker)

    response = client.post(_url(case), _data(case, acuity=Case.Acuity.INTENSIVE))

    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.acuity, case.version, case.updated_by) == (Case.Acuity.INTENSIVE, 2, caseworker)


def test_editing_replaces_the_care_team(client, caseworker, teammate, supervisor, case_for):
    case = case_for()
    client.force_login(caseworker)

    client.post(_url(case), _data(case, care_team=[teammate.pk]))

    assert list(case.care_team.all()) == [teammate]


def test_the_primary_case_manager_must_be_on_the_case_team(client, caseworker, outsider, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data(case, primary_case_manager=outsider.pk))

    assert "primary_case_manager" in response.context["form"].errors
    case.refresh_from_db()
    assert case.primary_case_manager == caseworker


def test_a_stale_edit_is_refused_naming_who_changed_the_case_and_keeping_the_input(
    client, caseworker, teammate, case_for
):
    case = case_for(acuity=Case.Acuity.LOW)
    seen = _data(case, referral_source="Typed by Casey")
    case.referral_source = "Saved by Terry"
    case.save_version(expected_version=case.version, by=teammate, fields=["referral_source"])
    client.force_login(caseworker)

    response = client.post(_url(case), seen)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Terry Mate changed this record" in body
    assert 'value="Typed by Casey"' in body
    case.refresh_from_db()
    assert case.referral_source == "Saved by Terry"


def test_resubmitting_after_a_stale_refusal_applies_the_change(
    client, caseworker, teammate, case_for
):
    case = case_for()
    seen = _data(case, referral_source="Typed by Casey")
    case.save_version(expected_version=case.version, by=teammate, fields=["referral_source"])
    client.force_login(caseworker)
    refused = client.post(_url(case), seen)

    client.post(_url(case), refused.context["form"].data)

    case.refresh_from_db()
    assert case.referral_source == "Typed by Casey"


def test_a_closed_case_is_read_only(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED, acuity=Case.Acuity.LOW)
    client.force_login(caseworker)

    response = client.post(_url(case), _data(case, acuity=Case.Acuity.HIGH), follow=True)

    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "read-only" in response.content.decode()
    case.refresh_from_db()
    assert case.acuity == Case.Acuity.LOW


def test_editing_a_case_on_another_team_is_404(client, outsider, case_for):
    case = case_for()
    client.force_login(outsider)

    response = client.get(_url(case))

    assert response.status_code == 404


def test_editing_a_restricted_case_is_404_for_a_teammate_outside_the_inner_circle(
    client, teammate, case_for
):
    case = case_for(restricted=True)
    client.force_login(teammate)

    response = client.get(_url(case))

    assert response.status_code == 404


def test_the_edit_page_query_count_does_not_grow_with_team_members(
    client, caseworker, team, django_assert_max_num_queries
):
    case = CaseFactory(team=team, primary_case_manager=caseworker)
    client.force_login(caseworker)
    for extra in (2, 12):
        members = UserFactory.create_batch(extra)
        team.members.add(*members)
        case.care_team.add(*members)

        with django_assert_max_num_queries(13):
            response = client.get(_url(case))

        assert response.status_code == 200
