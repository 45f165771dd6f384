"""Before a case closes, the referrals still waiting for an answer are listed
(referrals/hooks.py)."""

import pytest

from cases import closure
from referrals.tests.referral_factories import draft_referral, sent_referral

pytestmark = pytest.mark.django_db


def test_a_referral_waiting_for_an_answer_is_listed(case_for, caseworker):
    case = case_for()
    sent_referral(case, by=caseworker)

    [item] = closure.open_items(case)

    assert item.label == "1 referral is still waiting for an answer."
    assert item.url == f"{case.get_absolute_url()}#referrals"


def test_an_answered_referral_is_not(case_for, caseworker):
    case = case_for()
    referral, _link = sent_referral(case, by=caseworker)
    referral.accept(by=caseworker)

    assert closure.open_items(case) == []


def test_a_draft_referral_is_not(case_for, caseworker):
    case = case_for()
    draft_referral(case, by=caseworker)

    assert closure.open_items(case) == []
