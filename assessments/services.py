"""Assessment workflows: starting one, saving a draft, completing it (scores, needs, the case's
reassessment date and any safety alert, all in one transaction)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from accounts.models import User
from casemgmt.transitions import InvalidTransition
from cases.models import Case
from clients.models import ClientFlag
from reminders.registry import Due
from reminders.services import remind_now

from . import scoring
from .models import (
    Answer,
    Assessment,
    DomainResult,
    IdentifiedNeed,
    Instrument,
    Item,
    ResponseOption,
)
from .signals import safety_alert_raised

SAFETY_ALERT = "safety_alert"


@dataclass(frozen=True)
class Response:
    """What the form collected for one item."""

    option: ResponseOption | None = None
    note: str = ""
    priority: bool = False


def must_restrict(*, case: Case, instrument: Instrument) -> bool:
    """DESIGN.md §3: on a restricted case, an instrument that asks about mental health or
    substance use is restricted itself, so lifting the case's restriction later does not
    expose those answers."""
    return case.restricted and (
        bool(instrument.domain and instrument.domain.sensitive)
        or instrument.items().filter(domain__sensitive=True).exists()
    )


@transaction.atomic
def start_assessment(
    *,
    case: Case,
    instrument: Instrument,
    by: User,
    assessed_on: datetime.date,
    restricted: bool = False,
) -> Assessment:
    if not case.is_open:
        raise InvalidTransition("This case is closed: reopen it to assess the client again.")
    if instrument.status != Instrument.Status.PUBLISHED:
        raise InvalidTransition(f"{instrument} is not in use; choose a published instrument.")
    return Assessment.objects.create(
        case=case,
        instrument=instrument,
        assessor=by,
        assessed_on=assessed_on,
        restricted=restricted or must_restrict(case=case, instrument=instrument),
        updated_by=by,
    )


@transaction.atomic
def save_draft(
    *,
    assessment: Assessment,
    by: User,
    expected_version: int,
    responses: dict[int, Response],
    assessed_on: datetime.date,
    summary: str,
) -> Assessment:
    """Store the answers so far. StaleVersion when someone saved this draft after the form was
    shown; InvalidTransition once it is completed (the row lock orders us after a completion)."""
    status = Assessment.objects.select_for_update().values_list("status", flat=True)
    if status.get(pk=assessment.pk) == Assessment.Status.COMPLETED:
        raise InvalidTransition("This assessment is completed, so it is locked.")
    assessment.assessed_on, assessment.summary = assessed_on, summary
    assessment.save_version(
        expected_version=expected_version, by=by, fields=["assessed_on", "summary"]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                assessment=assessment,
                item_id=item_id,
                option=response.option,
                score=response.option.score if response.option else None,
                note=response.note,
                priority=response.priority,
            )
            for item_id, response in responses.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment", "item"],
        update_fields=["option", "score", "note", "priority"],
    )
    return assessment


@transaction.atomic
def complete_assessment(*, assessment: Assessment, by: User, **draft) -> scoring.Result:
    """Save the last answers, check every required item is answered, score, lock, and act on
    the result: needs on the case, the next reassessment date, and a safety alert at once."""
    save_draft(assessment=assessment, by=by, **draft)
    instrument = Instrument.objects.with_structure().get(pk=assessment.instrument_id)
    answers = {a.item_id: a for a in assessment.answers.select_related("option")}
    missing = [item for item in unanswered(instrument, answers) if item.required]
    if missing:
        raise InvalidTransition(f"Answer every required question first ({len(missing)} left).")
    result = scoring.score(instrument, answers)
    assessment.complete(by=by, result=result)
    DomainResult.objects.bulk_create(
        DomainResult(assessment=assessment, domain=d.domain, score=d.score, positive=d.positive)
        for d in result.domain_scores
    )
    case = Case.objects.select_related("program", "client", "team").get(pk=assessment.case_id)
    record_needs(assessment=assessment, instrument=instrument, result=result)
    if instrument.resets_reassessment:
        reschedule_assessment(case=case)
    for item, answer in result.alerts:
        raise_safety_alert(assessment=assessment, case=case, item=item, answer=answer, by=by)
    return result


def unanswered(instrument: Instrument, answers: dict[int, Answer]) -> list[Item]:
    return [
        item
        for section in instrument.sections.all()
        for item in section.items.all()
        if answers.get(item.pk) is None or answers[item.pk].option_id is None
    ]


def record_needs(*, assessment: Assessment, instrument: Instrument, result: scoring.Result):
    """Open a need per domain found wanting (or refresh the open one), and resolve the needs this
    instrument found before but no longer finds."""
    open_needs = {
        need.domain_id: need
        for need in IdentifiedNeed.objects.select_for_update()
        .open()
        .filter(case_id=assessment.case_id)
        .select_related("assessment__instrument")
    }
    found = {need.domain.pk: need for need in result.needs}
    for domain_id, need in found.items():
        fields = {
            "assessment": assessment,
            "reason": need.reason,
            "rating": need.rating,
            "is_priority": need.is_priority,
        }
        if domain_id in open_needs:
            IdentifiedNeed.objects.filter(pk=open_needs[domain_id].pk).update(**fields)
        else:
            IdentifiedNeed.objects.create(
                case_id=assessment.case_id,
                domain_id=domain_id,
                identified_on=assessment.assessed_on,
                **fields,
            )
    no_longer = [
        need.pk
        for domain_id, need in open_needs.items()
        if domain_id not in found and need.assessment.instrument.code == instrument.code
    ]
    IdentifiedNeed.objects.filter(pk__in=no_longer).update(
        status=IdentifiedNeed.Status.RESOLVED, resolved_on=assessment.assessed_on
    )


def reschedule_assessment(*, case: Case) -> None:
    """The next reassessment is the program's interval after the latest assessment that resets
    the clock (a back-dated one does not pull the date back)."""
    latest = (
        case.assessments.completed()
        .filter(instrument__resets_reassessment=True)
        .aggregate(on=Max("assessed_on"))["on"]
    )
    due = case.next_assessment_due(latest)
    Case.objects.filter(pk=case.pk).update(assessment_due_on=due)
    case.assessment_due_on = due


def raise_safety_alert(
    *, assessment: Assessment, case: Case, item: Item, answer: Answer, by: User
) -> None:
    """An answer past an item's alert threshold (PHQ-9 item 9): tell the case manager, the care
    team and the team's supervisors in-app now, flag the client, and announce it
    (safety_alert_raised: care plans put a safety plan review on the case, careplans/hooks.py)."""
    on = formats.date_format(assessment.assessed_on, "M j, Y")
    what = (
        f"{assessment.instrument.name} item {item.order} ({item.text}) was answered "
        f"“{answer.option.label}” on {on} by {assessment.assessor}."
    )
    ClientFlag.objects.bulk_create(
        [
            ClientFlag(
                client=case.client,
                kind=ClientFlag.Kind.SAFETY_RISK,
                reason=f"{what} Review the safety plan.",
                created_by=by,
            )
        ],
        # The client may be flagged already: one active flag per kind is enough.
        ignore_conflicts=True,
    )
    safety_alert_raised.send(Assessment, assessment=assessment, case=case, what=what, by=by)
    # Delivered at once, in this transaction, through the reminder outbox (one per recipient).
    recipients = [
        case.primary_case_manager_id,
        *case.care_team.values_list("pk", flat=True),
        *case.team.supervisors.values_list("pk", flat=True),
    ]
    remind_now(
        kind=SAFETY_ALERT,
        dues=[
            Due(
                subject=assessment,
                recipient_id=recipient,
                due_at=timezone.now(),
                title=f"Safety alert: {case.client.display_name} (case {case.pk})",
                body=f"{what} A safety plan review is due today.",
                url=assessment.get_absolute_url(),
                case_id=case.pk,
            )
            for recipient in dict.fromkeys(recipients)
        ],
    )
