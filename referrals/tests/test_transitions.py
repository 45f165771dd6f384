"""A referral's lifecycle on the model: every allowed move from each of its sources, every illegal
one refused, what each move needs, and the audit row each writes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from casemgmt.transitions import InvalidTransition
from referrals.models import Referral, ReferralEvent
from referrals.tests.referral_factories import draft_referral, sent_referral
from referrals.tests.referral_helpers import put_in

pytestmark = pytest.mark.django_db

S = Referral.Status
APPOINTMENT = datetime.datetime(2026, 7, 1, 14, 30, tzinfo=datetime.UTC)

# Sorted: sets iterate in a different order in each xdist worker, which must collect alike.
ALLOWED = [(move, source) for move, m in Referral.MOVES.items() for source in sorted(m.sources)]
ILLEGAL = [
    (move, status)
    for move, m in Referral.MOVES.items()
    for status in S.values
    if status not in m.sources
]


def referral_in(status: str, case, *, by) -> Referral:
    """A referral as it really is in `status`: a draft never sent, anything else sent first."""
    if status == S.DRAFT:
        return draft_referral(case, by=by)
    referral, _ = sent_referral(case, by=by)
    return put_in(referral, status)


def make(move: str, referral: Referral, *, by, note: str = "Phoned by the intake desk") -> None:
    """Call the move's method with what it needs."""
    if move == "send":
        referral.send(by=by, consent=referral.consent or _covering(referral))
    elif move == "decline":
        referral.decline(by=by, reason=Referral.DeclineReason.NO_CAPACITY, note=note)
    elif move == "schedule":
        referral.schedule(by=by, appointment_at=APPOINTMENT, note=note)
    elif move == "complete":
        referral.complete(by=by, outcome=Referral.Outcome.RECEIVED, note=note)
    else:
        getattr(referral, move)(by=by, note=note)


def _covering(referral: Referral):
    return referral.case.client.consents.get(organization=referral.organization)


# ---------------------------------------------------------------------------------------------
# Allowed moves


@pytest.mark.parametrize(("move", "source"), ALLOWED)
def test_every_allowed_move_works_from_each_of_its_sources(move, source, caseworker, case_for):
    referral = referral_in(source, case_for(), by=caseworker)

    make(move, referral, by=caseworker)

    referral.refresh_from_db()
    assert referral.status == Referral.MOVES[move].target


@pytest.mark.parametrize(("move", "source"), ALLOWED)
def test_every_allowed_move_records_who_moved_it_from_where_to_where(
    move, source, caseworker, case_for
):
    referral = referral_in(source, case_for(), by=caseworker)
    before = set(referral.events.values_list("pk", flat=True))

    make(move, referral, by=caseworker, note="Recorded after a phone call")

    event = referral.events.exclude(pk__in=before).get()
    assert (event.kind, event.from_status, event.to_status) == (
        move,
        source,
        Referral.MOVES[move].target,
    )
    assert event.actor == caseworker
    assert event.via_partner_link is False
    if move != "send":
        assert event.note == "Recorded after a phone call"


def test_every_move_stamps_the_time_the_status_changed(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    later = timezone.now() + datetime.timedelta(hours=3)

    with time_machine.travel(later, tick=False):
        referral.accept(by=caseworker)

    referral.refresh_from_db()
    assert referral.status_changed_at == later


def test_the_partner_link_records_its_answers_as_the_link_not_a_user(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    referral.accept(partner=True)

    event = referral.events.get(kind="accept")
    assert (event.actor, event.via_partner_link) == (None, True)


# ---------------------------------------------------------------------------------------------
# Illegal moves


@pytest.mark.parametrize(("move", "status"), ILLEGAL)
def test_every_illegal_move_is_refused_with_a_readable_message(move, status, caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    put_in(referral, status)
    events_before = referral.events.count()

    with pytest.raises(InvalidTransition) as refused:
        make(move, referral, by=caseworker)

    label = Referral.MOVES[move].label.lower()
    assert str(refused.value) == f"Cannot {label}: the referral is {S(status).label.lower()}."
    referral.refresh_from_db()
    assert referral.status == status
    assert referral.events.count() == events_before


def test_a_move_raced_by_another_user_is_refused_by_the_conditional_update(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    stale = Referral.objects.get(pk=referral.pk)
    referral.decline(by=caseworker, reason=Referral.DeclineReason.INELIGIBLE)

    with pytest.raises(InvalidTransition) as refused:
        stale.waitlist(by=caseworker)

    assert str(refused.value) == "Cannot waitlist: the referral is declined."
    assert ReferralEvent.objects.filter(referral=referral, kind="waitlist").exists() is False


# ---------------------------------------------------------------------------------------------
# What each move needs


@pytest.mark.parametrize("reason", ["", "too_busy"])
def test_declining_needs_a_valid_reason_code(reason, caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        referral.decline(by=caseworker, reason=reason)

    assert str(refused.value) == "Choose the reason for declining."
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_declining_records_the_reason(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    referral.decline(by=caseworker, reason=Referral.DeclineReason.INELIGIBLE)

    referral.refresh_from_db()
    assert referral.decline_reason == Referral.DeclineReason.INELIGIBLE


def test_scheduling_needs_an_appointment(caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.ACCEPTED)

    with pytest.raises(InvalidTransition) as refused:
        referral.schedule(by=caseworker, appointment_at=None)

    assert str(refused.value) == "Give the appointment's date and time."
    referral.refresh_from_db()
    assert (referral.status, referral.appointment_at) == (S.ACCEPTED, None)


def test_scheduling_records_the_appointment(caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.ACCEPTED)

    referral.schedule(by=caseworker, appointment_at=APPOINTMENT)

    referral.refresh_from_db()
    assert referral.appointment_at == APPOINTMENT


@pytest.mark.parametrize("outcome", ["", "went_well"])
def test_completing_needs_an_outcome(outcome, caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.SCHEDULED)

    with pytest.raises(InvalidTransition) as refused:
        referral.complete(by=caseworker, outcome=outcome)

    assert str(refused.value) == "Choose the outcome."
    referral.refresh_from_db()
    assert referral.status == S.SCHEDULED


def test_completing_records_the_outcome(caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.SCHEDULED)

    referral.complete(by=caseworker, outcome=Referral.Outcome.PARTIAL)

    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.PARTIAL


@pytest.mark.parametrize("note", ["", "   "])
def test_cancelling_needs_a_note(note, caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        referral.cancel(by=caseworker, note=note)

    assert str(refused.value) == "Say why the referral is cancelled."
    referral.refresh_from_db()
    assert referral.status == S.SENT
    assert not referral.events.filter(kind="cancel").exists()


# ---------------------------------------------------------------------------------------------
# The first answer


def test_the_first_answer_stamps_responded_at(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    answered = timezone.now() + datetime.timedelta(hours=5)

    with time_machine.travel(answered, tick=False):
        referral.waitlist(by=caseworker)

    referral.refresh_from_db()
    assert referral.responded_at == answered


def test_later_answers_keep_the_time_of_the_first(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    first = timezone.now() + datetime.timedelta(hours=5)
    with time_machine.travel(first, tick=False):
        referral.waitlist(by=caseworker)

    with time_machine.travel(first + datetime.timedelta(days=3), tick=False):
        referral.accept(by=caseworker)

    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert referral.responded_at == first


def test_sending_and_cancelling_are_not_answers(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    referral.cancel(by=caseworker, note="Client moved away")

    referral.refresh_from_db()
    assert referral.responded_at is None
