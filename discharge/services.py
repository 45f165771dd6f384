"""Hospital-stay workflows that cross models or tell people (issue 14): admitting (with the
30-day readmission and ED-return check), discharging (checklist, disposition, transition and the
follow-up tasks), recording level-of-care moves and post-discharge calls, and the avoidable days
a stay's barriers cost, computed in SQL."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from careplans.models import Task
from casemgmt.transitions import InvalidTransition
from cases.models import Case
from referrals.models import Organization, Referral, Service, payer_terms, place_terms
from referrals.packet import refusal, shared_parts
from referrals.services import refer_to_several, send_batch
from reminders.registry import Due
from reminders.services import remind_now

from .models import (
    CHOICE_KINDS,
    RETURN_WINDOW_DAYS,
    Admission,
    Barrier,
    ChoiceOffer,
    DischargePlan,
    Disposition,
    FollowUpCall,
    Lace,
    Transition,
    choice_kind_for,
)
from .reminders import READMISSION


class DischargeNotReady(InvalidTransition):
    """The readiness checklist is incomplete and no override reason was given."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            _(
                "The discharge checklist is incomplete: %(missing)s. Complete it, or give a "
                "reason to discharge anyway."
            )
            % {"missing": ", ".join(missing)}
        )


# ---------------------------------------------------------------------------------------------
# Admission and returns within 30 days


@transaction.atomic
def admit_patient(*, case: Case, by: User, **fields) -> Admission:
    """A new stay on `case` with its (empty) discharge plan; the first expected discharge date is
    kept as its first change. A stay within 30 days of the client's last discharge, on any case
    at any facility, is linked to it as a readmission (or an ED return, for an observation or ED
    encounter), and a readmission is told at once to the case manager and the supervisors."""
    if not case.is_open:
        raise InvalidTransition(_("This case is closed: reopen it to record an admission."))
    admission = Admission(case=case, updated_by=by, **fields)
    admission.clean()
    index = index_stay_of(admission)
    if index is not None:
        admission.index_stay = index
        admission.returned_as = (
            Admission.Return.READMISSION
            if admission.encounter == Admission.Encounter.INPATIENT
            else Admission.Return.ED_RETURN
        )
    admission.save()
    DischargePlan.objects.create(admission=admission, updated_by=by)
    if admission.expected_discharge_on:
        admission.edd_changes.create(
            to_date=admission.expected_discharge_on, changed_by=by, reason=_("Set at admission")
        )
    if admission.is_readmission:
        _tell_readmission(admission)
    return admission


def index_stay_of(admission: Admission) -> Admission | None:
    """The client's latest inpatient discharge at most 30 calendar days before `admission`
    began (any case, any facility): day 30 counts, day 31 does not."""
    admitted_on = timezone.localdate(admission.admitted_at)
    since = admitted_on - datetime.timedelta(days=RETURN_WINDOW_DAYS)
    return (
        Admission.objects.of_client(admission.case.client_id)
        .filter(
            encounter=Admission.Encounter.INPATIENT,
            discharged_at__lte=admission.admitted_at,
            discharged_at__date__gte=since,
        )
        .exclude(pk=admission.pk)
        .order_by("-discharged_at")
        .first()
    )


def _tell_readmission(admission: Admission) -> None:
    case = admission.case
    index = admission.index_stay
    days = (
        timezone.localdate(admission.admitted_at) - timezone.localdate(index.discharged_at)
    ).days
    recipients = [case.primary_case_manager_id, *case.team.supervisors.values_list("pk", flat=True)]
    remind_now(
        kind=READMISSION,
        dues=[
            Due(
                subject=admission,
                recipient_id=recipient,
                due_at=admission.admitted_at,
                title=_("30-day readmission: %(client)s at %(facility)s")
                % {"client": case.client.display_name, "facility": admission.facility},
                body=_("Readmitted %(days)s days after discharge from %(index)s.")
                % {"days": days, "index": index.facility},
                url=case.get_absolute_url(),
                case_id=case.pk,
            )
            for recipient in dict.fromkeys(recipients)
        ],
    )


# ---------------------------------------------------------------------------------------------
# Discharge


@transaction.atomic
def discharge_patient(
    *,
    admission: Admission,
    by: User,
    disposition: str,
    discharged_at: datetime.datetime | None = None,
    receiving_organization: Organization | None = None,
    receiving_referral: Referral | None = None,
    override_reason: str = "",
    note: str = "",
) -> Admission:
    """Discharge a current stay: refused while the readiness checklist is incomplete unless an
    override reason is given (kept on the event with what was missing). Records the disposition,
    the move of level of care, and the follow-up tasks: the post-discharge call (due
    settings.DISCHARGE_CALL_HOURS after discharge by LACE band) and the 30-day check-in.

    Discharged to `receiving_referral`, an accepted referral of the stay's choice list, the
    transition goes to its organization and the handoff summary shares what it shares."""
    if receiving_referral is not None:
        if not admission.accepted_referrals().filter(pk=receiving_referral.pk).exists():
            raise ValidationError(
                {
                    "receiving_referral": _(
                        "Discharge to a provider that accepted a referral of this stay's "
                        "choice list."
                    )
                }
            )
        receiving_organization = receiving_referral.organization
    discharged_at = discharged_at or timezone.now()
    if discharged_at < admission.admitted_at:
        raise ValidationError(
            {"discharged_at": _("The discharge cannot come before the admission.")}
        )
    if disposition not in Disposition.values:
        raise ValidationError({"disposition": _("Choose a discharge disposition.")})
    missing = discharge_missing(admission)
    if missing and not override_reason.strip():
        raise DischargeNotReady(missing)
    admission.discharged_at = discharged_at
    call, check_in = _follow_up_tasks(admission, by=by)
    admission._move(
        "discharge",
        by=by,
        note=note,
        event={
            "missing_items": "\n".join(missing),
            "override_reason": override_reason.strip() if missing else "",
        },
        discharged_at=discharged_at,
        disposition=disposition,
        receiving_referral=receiving_referral,
        call_task=call,
        check_in_task=check_in,
    )
    to_level = Disposition(disposition).level
    if to_level is not None and to_level != admission.level_of_care:
        Transition.objects.create(
            case=admission.case,
            admission=admission,
            from_level=admission.level_of_care,
            to_level=to_level,
            moved_at=discharged_at,
            receiving_organization=receiving_organization,
            recorded_by=by,
        )
    return admission


def discharge_missing(admission: Admission) -> list[str]:
    """What the readiness checklist still misses; an accepted referral of the stay's choice list
    counts as "post-acute provider accepted" even with the box unticked."""
    plan = DischargePlan.objects.get(admission=admission)
    return plan.missing_items(provider_accepted=admission.accepted_referrals().exists())


def call_due_hours(lace: Lace | None) -> int:
    """Hours after discharge the post-discharge call falls due: by LACE band, the moderate band's
    when the index could not be computed (Charlson or ED visits not entered)."""
    return settings.DISCHARGE_CALL_HOURS[lace.band if lace else "moderate"]


def _follow_up_tasks(admission: Admission, *, by: User) -> tuple[Task, Task]:
    discharged_at = admission.discharged_at
    call_due = discharged_at + datetime.timedelta(hours=call_due_hours(admission.lace))
    check_in_due = discharged_at + datetime.timedelta(days=settings.DISCHARGE_CHECK_IN_DAYS)
    call = _task(
        admission,
        by=by,
        description=_("Post-discharge call"),
        due_on=timezone.localdate(call_due),
        priority=Task.Priority.HIGH,
    )
    check_in = _task(
        admission,
        by=by,
        description=_("30-day post-discharge check-in"),
        due_on=timezone.localdate(check_in_due),
        priority=Task.Priority.NORMAL,
    )
    return call, check_in


def _task(admission: Admission, *, by: User, description: str, due_on, priority) -> Task:
    return Task.objects.create(
        case=admission.case,
        description=description,
        details=str(admission),
        assignee=admission.case.primary_case_manager,
        priority=priority,
        due_on=due_on,
        created_by=by,
    )


@transaction.atomic
def record_call(
    *, admission: Admission, by: User, outcome: str, called_at=None, **answers
) -> FollowUpCall:
    """One attempt at the post-discharge call: its task is done; a call that did not reach the
    patient schedules a retry the next day, until settings.DISCHARGE_CALL_ATTEMPTS attempts."""
    if admission.status != Admission.Status.DISCHARGED:
        raise InvalidTransition(_("The post-discharge call follows a discharge."))
    called_at = called_at or timezone.now()
    attempt = admission.calls.count() + 1
    call = FollowUpCall.objects.create(
        admission=admission,
        task=admission.call_task,
        called_at=called_at,
        caller=by,
        attempt=attempt,
        outcome=outcome,
        **answers,
    )
    if admission.call_task and admission.call_task.is_open:
        admission.call_task.complete(by=by)
    if outcome == FollowUpCall.Outcome.NOT_REACHED and attempt < settings.DISCHARGE_CALL_ATTEMPTS:
        retry = _task(
            admission,
            by=by,
            description=_("Post-discharge call, attempt %(n)s") % {"n": attempt + 1},
            due_on=timezone.localdate(called_at) + datetime.timedelta(days=1),
            priority=Task.Priority.HIGH,
        )
        Admission.objects.filter(pk=admission.pk).update(call_task=retry)
        admission.call_task = retry
    return call


@transaction.atomic
def record_transition(*, case: Case, by: User, admission: Admission | None = None, **fields):
    """A move of level of care on a case, with or without an admission (a community move such
    as home health → home)."""
    transition = Transition(case=case, admission=admission, recorded_by=by, **fields)
    transition.clean()
    transition.save()
    return transition


# ---------------------------------------------------------------------------------------------
# Avoidable days

# Each day from the day the patient was medically ready up to the day of discharge (today, while
# the stay goes on), that day itself excluded, is avoidable; it is shared evenly among the
# barriers open on it (opened by then, not yet resolved), or left unattributed when none is.
_AVOIDABLE_DAYS = """
WITH day AS (
    SELECT a.id AS admission_id, d::date AS day
    FROM {admission} a
    CROSS JOIN LATERAL generate_series(
        (a.medically_ready_at AT TIME ZONE %(tz)s)::date,
        (coalesce(a.discharged_at, %(now)s) AT TIME ZONE %(tz)s)::date - 1,
        interval '1 day'
    ) AS d
    WHERE a.medically_ready_at IS NOT NULL AND a.id = ANY(%(ids)s)
),
share AS (
    SELECT day.admission_id, b.kind,
        1.0 / greatest(count(b.id) OVER (PARTITION BY day.admission_id, day.day), 1) AS days
    FROM day
    JOIN {plan} p ON p.admission_id = day.admission_id
    LEFT JOIN {barrier} b ON b.plan_id = p.id
        AND b.opened_on <= day.day AND (b.resolved_on IS NULL OR b.resolved_on > day.day)
)
SELECT {group}, sum(days) FROM share GROUP BY 1
"""


def _avoidable(admission_ids: list[int], group: str) -> dict:
    sql = _AVOIDABLE_DAYS.format(
        admission=Admission._meta.db_table,
        plan=DischargePlan._meta.db_table,
        barrier=Barrier._meta.db_table,
        group=group,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"tz": settings.TIME_ZONE, "now": timezone.now(), "ids": list(admission_ids)}
        )
        return {key: Decimal(days).quantize(Decimal("0.01")) for key, days in cursor.fetchall()}


def avoidable_days_by_admission(admission_ids: list[int]) -> dict[int, Decimal]:
    """Avoidable days per admission (those without a medically ready time have none)."""
    return _avoidable(admission_ids, "admission_id")


def avoidable_days_by_barrier(admission_ids: list[int]) -> dict[str, Decimal]:
    """Avoidable days of the admissions per barrier type; "" for days no barrier was open."""
    return _avoidable(admission_ids, "coalesce(kind, '')")


# ---------------------------------------------------------------------------------------------
# Patient choice of post-acute provider


def choice_kind(admission: Admission, asked: str | None) -> str:
    """The kind of provider the list offers: the one asked for, else the plan's anticipated
    disposition's, else skilled nursing."""
    if asked in CHOICE_KINDS:
        return asked
    return choice_kind_for(admission.plan.anticipated_disposition)


def choice_list(admission: Admission, *, kind: str) -> list[Service]:
    """The providers of `kind` the patient may choose from, one query: listed, with a service
    taking referrals or a waitlist, serving the client's county or ZIP code and accepting the
    stay's payer; each organization once, with the service the request goes to."""
    person = admission.case.client
    payer = admission.payer
    return list(
        Service.objects.post_acute(kind)
        .with_capacity()
        .serving(place_terms(county=person.county, zip_code=person.postal_code))
        .accepting(payer_terms(payer=payer.payer, payer_name=payer.payer_name) if payer else [])
        .one_per_organization()
    )


@transaction.atomic
def offer_choice(
    *,
    admission: Admission,
    by: User,
    kind: str,
    services: list[Service],
    providers_listed: int,
    offered_on: datetime.date,
    note: str = "",
    **request,
) -> tuple[ChoiceOffer, list[Referral], list[Referral]]:
    """Record the list offered to the patient and send one request to the providers the patient
    chose, in the order of choice (a referral batch); `request` is refer_to_several's reason,
    urgency and shared sections. Returns the offer and the batch's (sent, held back) referrals:
    those no valid release of information names stay drafts."""
    if not admission.is_current:
        raise InvalidTransition(_("The patient has left hospital: there is no choice to offer."))
    batch = refer_to_several(case=admission.case, services=services, by=by, **request)
    sent, held = send_batch(batch=batch, by=by)
    offer = ChoiceOffer.objects.create(
        admission=admission,
        kind=kind,
        offered_on=offered_on,
        offered_by=by,
        providers_listed=providers_listed,
        batch=batch,
        note=note,
    )
    return offer, sent, held


# ---------------------------------------------------------------------------------------------
# Handoff summary


def receiving_referral_of(admission: Admission) -> Referral | None:
    """The accepted referral the stay was discharged to, with what its packet shows."""
    if admission.receiving_referral_id is None:
        return None
    return Referral.objects.select_related(
        "case__client", "organization", "service", "consent", "need__domain", "goal"
    ).get(pk=admission.receiving_referral_id)


def handoff_refusal(admission: Admission, referral: Referral | None) -> str:
    """Why the stay's handoff summary may not be shown; empty when it may. It goes to the
    provider of the accepted referral the patient was discharged to, under that referral's
    consent (referrals.packet.refusal), or to no one."""
    if referral is None:
        return _(
            "This stay was not discharged to a provider that accepted a referral of its "
            "choice list: there is no receiving provider to hand off to."
        )
    return refusal(referral)


def handoff(admission: Admission, referral: Referral) -> dict:
    """The handoff summary: the stay, and only the sections the receiving referral shares."""
    return {
        **shared_parts(referral),
        "admission": admission,
        "case": admission.case,
        "manager": admission.case.primary_case_manager,
        "move": admission.transitions.select_related("receiving_organization").first(),
        "follow_up_made": admission.plan.follow_up_appointment_made,
    }


# ---------------------------------------------------------------------------------------------
# What the admission page shows


def barriers_of(admission: Admission) -> list[Barrier]:
    return list(admission.plan.barriers.select_related("owner"))


def admission_page(admission: Admission, *, user: User) -> dict:
    """The admission page's records, a fixed number of queries however long the stay: the
    plan's barriers and checklist, the EDD's changes, reviews, moves, discharge events and calls,
    the LACE components, the avoidable days per barrier type, and the index stay of a return
    (linked only when the user may see it)."""
    plan = admission.plan
    offers = list(admission.choice_offers.for_admission_page())
    accepted = any(
        referral.is_accepted
        for offer in offers
        if offer.batch
        for referral in offer.batch.referrals.all()
    )
    index = admission.index_stay_id and (
        Admission.objects.visible_to(user)
        .select_related("facility")
        .filter(pk=admission.index_stay_id)
        .first()
    )
    return {
        "admission": admission,
        "case": admission.case,
        "plan": plan,
        "checklist": [
            (label, done) for _name, label, done in plan.checklist(provider_accepted=accepted)
        ],
        "readiness": len(plan.CHECKLIST) - len(plan.missing_items(provider_accepted=accepted)),
        "choice_offers": offers,
        "barriers": barriers_of(admission),
        "edd_changes": list(admission.edd_changes.select_related("changed_by")),
        "reviews": list(admission.reviews.select_related("reviewer")),
        "transitions": list(admission.transitions.select_related("receiving_organization")),
        "events": list(admission.events.select_related("actor")),
        "calls": list(admission.calls.select_related("caller")),
        "lace": admission.lace,
        "avoidable": sorted(
            (
                (Barrier.Kind(kind).label if kind else _("No barrier open"), days)
                for kind, days in avoidable_days_by_barrier([admission.pk]).items()
            ),
            key=lambda row: -row[1],
        ),
        "index_stay": index or None,
    }
