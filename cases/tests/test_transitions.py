import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases.models import Case

pytestmark = pytest.mark.django_db

S = Case.Status

# The lifecycle, spelled out: (move, from status) → to status. Everything else is illegal.
ALLOWED = {
    ("start_intake", S.REFERRED): S.INTAKE,
    ("activate", S.INTAKE): S.ACTIVE,
    ("hold", S.ACTIVE): S.ON_HOLD,
    ("resume", S.ON_HOLD): S.ACTIVE,
    ("close", S.REFERRED): S.CLOSED,
    ("close", S.INTAKE): S.CLOSED,
    ("close", S.ACTIVE): S.CLOSED,
    ("close", S.ON_HOLD): S.CLOSED,
    ("reopen", S.CLOSED): S.ACTIVE,
}
ILLEGAL = [
    (move, status)
    for move in ("start_intake", "activate", "hold", "resume", "close", "reopen")
    for status in S
    if (move, status) not in ALLOWED
]
# What each move needs besides `by`: a reason for hold and reopen, a closure reason for close.
ARGUMENTS = {
    "start_intake": {},
    "activate": {},
    "hold": {"note": "Client in hospital"},
    "resume": {},
    "close": {"reason": Case.ClosureReason.GOALS_MET},
    "reopen": {"note": "Needs services again"},
}


def _move(case, move, by):
    getattr(case, move)(by=by, **ARGUMENTS[move])


def test_the_table_covers_every_move_of_the_model():
    assert set(Case.MOVES) == set(ARGUMENTS)


@pytest.mark.parametrize(("move", "status"), list(ALLOWED))
def test_an_allowed_move_changes_status_and_records_who_from_and_to(
    caseworker, case_for, move, status
):
    case = case_for(status=status)

    _move(case, move, caseworker)

    case.refresh_from_db()
    event = case.events.get()
    assert case.status == ALLOWED[(move, status)]
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        move,
        caseworker,
        status,
        ALLOWED[(move, status)],
    )


@pytest.mark.parametrize(("move", "status"), ILLEGAL)
def test_an_illegal_move_is_refused_and_changes_nothing(caseworker, case_for, move, status):
    case = case_for(status=status)
    before = Case.objects.values().get(pk=case.pk)

    with pytest.raises(InvalidTransition):
        _move(case, move, caseworker)

    assert Case.objects.values().get(pk=case.pk) == before
    assert not case.events.exists()


def test_closing_records_the_day_and_the_reason(caseworker, case_for):
    case = case_for(status=S.ACTIVE)

    case.close(by=caseworker, reason=Case.ClosureReason.MOVED, note="Moved to Ohio")

    case.refresh_from_db()
    assert case.closed_on is not None
    assert case.closure_reason == Case.ClosureReason.MOVED
    assert case.events.get().note == "Moved to Ohio"


def test_reopening_clears_the_closure(caseworker, case_for):
    case = case_for(status=S.CLOSED)

    case.reopen(by=caseworker, note="Back in the area")

    case.refresh_from_db()
    assert (case.closed_on, case.closure_reason) == (None, "")


@pytest.mark.parametrize(
    ("status", "move", "arguments"),
    [
        (S.ACTIVE, "hold", {"note": "  "}),
        (S.ACTIVE, "close", {"reason": ""}),
        (S.ACTIVE, "close", {"reason": "bored"}),
        (S.CLOSED, "reopen", {"note": ""}),
    ],
)
def test_hold_close_and_reopen_need_a_reason(caseworker, case_for, status, move, arguments):
    case = case_for(status=status)

    with pytest.raises(InvalidTransition):
        getattr(case, move)(by=caseworker, **arguments)

    case.refresh_from_db()
    assert case.status == status
    assert not case.events.exists()


def test_status_events_cannot_be_rewritten(caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    case.hold(by=caseworker, note="Travel")

    with pytest.raises(InternalError), transaction.atomic():
        case.events.update(note="Edited")


# ---------------------------------------------------------------------------------------------
# The status-move page


def _url(case, move) -> str:
    return reverse("cases:transition", args=[case.pk, move])


def test_the_close_form_asks_for_a_closure_reason(client, caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(caseworker)

    response = client.get(_url(case, "close"))

    assert response.status_code == 200
    assert "reason" in response.context["form"].fields


def test_posting_a_move_applies_it_and_returns_to_the_case(client, caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(caseworker)

    response = client.post(_url(case, "close"), {"reason": "goals_met", "note": "All done"})

    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.status == S.CLOSED


def test_putting_on_hold_without_a_reason_shows_the_form_again(client, caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(caseworker)

    response = client.post(_url(case, "hold"), {"note": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    case.refresh_from_db()
    assert case.status == S.ACTIVE


def test_an_illegal_move_posted_anyway_becomes_an_error_message(client, caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(caseworker)

    response = client.post(_url(case, "reopen"), {"note": "Again"}, follow=True)

    assert "Cannot reopen: the case is active." in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.ACTIVE


def test_asking_for_a_move_not_allowed_now_redirects_with_a_message(client, caseworker, case_for):
    case = case_for(status=S.REFERRED)
    client.force_login(caseworker)

    response = client.get(_url(case, "resume"), follow=True)

    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "Cannot resume: the case is referred." in response.content.decode()


def test_an_unknown_move_is_404(client, caseworker, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(caseworker)

    response = client.post(_url(case, "delete"))

    assert response.status_code == 404


def test_moving_a_case_on_another_team_is_404(client, outsider, case_for):
    case = case_for(status=S.ACTIVE)
    client.force_login(outsider)

    response = client.post(_url(case, "hold"), {"note": "Nope"})

    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == S.ACTIVE
