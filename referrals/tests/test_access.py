"""The referral access helper (referrals/access.py): the referral when the user may see its case,
404 otherwise, so a referral outside the user's scope does not show that it exists."""

import pytest
from django.http import Http404

from cases.tests.factories import CaseFactory
from referrals.access import get_referral_for_user
from referrals.tests.referral_factories import sent_referral

pytestmark = pytest.mark.django_db


def test_a_referral_on_a_case_of_the_users_team_is_found(caseworker, teammate, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    assert get_referral_for_user(teammate, referral.pk) == referral


def test_a_referral_on_another_teams_case_is_not_found(caseworker, outsider, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    with pytest.raises(Http404):
        get_referral_for_user(outsider, referral.pk)


def test_a_referral_on_a_restricted_case_is_not_found_outside_its_circle(
    caseworker, teammate, team
):
    referral, _ = sent_referral(
        CaseFactory(team=team, primary_case_manager=caseworker, restricted=True), by=caseworker
    )

    with pytest.raises(Http404):
        get_referral_for_user(teammate, referral.pk)
