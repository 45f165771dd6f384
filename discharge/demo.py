"""Demo hospital stays (issue 14): a dozen patients in hospital now, on the open cases of the
hospital transitions program, in different states: open barriers, a utilization review due
today, an authorization ending tomorrow, one medically ready for three days, and one readmitted
twelve days after a stay that was discharged home; a third of them past their expected length of
stay (GMLOS). Idempotent: cases with a stay are left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import Case
from referrals.demo import release_for
from referrals.models import Organization, Referral

from .models import Admission, Barrier, ChoiceOffer, DischargePlan, Disposition, UtilizationReview
from .services import admit_patient, choice_list, discharge_patient, offer_choice

PROGRAM = "Hospital Transitions of Care"
STAYS = 12
HOSPITAL = "Riverbend General Hospital"
UNITS = ["4 West medical-surgical", "Cardiac step-down", "Telemetry", "ICU"]
TYPES = [Admission.AdmissionType.EMERGENCY, Admission.AdmissionType.URGENT]
# Barriers by the stay's position: the first two of each three have some open.
BARRIERS = [
    [Barrier.Kind.AUTHORIZATION, Barrier.Kind.NO_FACILITY],
    [Barrier.Kind.CAREGIVER],
    [],
]
# The expected length of stay (GMLOS) by the stay's position, 6.0 down to 3.5 days: a third of
# the stays are in hospital longer, so the unit board shows some over.
GMLOS = [Decimal("6.0") - Decimal("0.5") * step for step in range(6)]
READY = 2  # the stay medically ready for three days
READMITTED = STAYS - 1  # the stay that is a readmission


def seed() -> str:
    cases = (
        Case.objects.open()
        .filter(program__name=PROGRAM)
        .select_related("primary_case_manager")
        .order_by("pk")[:STAYS]
    )
    fresh = [(n, case) for n, case in enumerate(cases) if not case.admissions.exists()]
    if not fresh:
        return "0 hospital stays"
    hospital, _ = Organization.objects.get_or_create(
        name=HOSPITAL, defaults={"kind": Organization.Kind.HOSPITAL}
    )
    for n, case in fresh:
        if n == READMITTED:
            _earlier_stay(case, hospital)
        _stay(n, case, hospital)
    return f"{len(fresh)} hospital stays, {seed_choice()}"


def _stay(n: int, case: Case, hospital: Organization) -> Admission:
    now, today = timezone.now(), timezone.localdate()
    manager = case.primary_case_manager
    admitted = now - datetime.timedelta(days=5 if n == READY else 1 + n % 7, hours=n)
    admission = admit_patient(
        case=case,
        by=manager,
        facility=hospital,
        unit=UNITS[n % len(UNITS)],
        admitted_at=admitted,
        admission_type=TYPES[n % len(TYPES)],
        expected_discharge_on=today + datetime.timedelta(days=n % 4 - 1 if n != READY else 0),
        expected_los_days=GMLOS[n % len(GMLOS)],
        medically_ready_at=now - datetime.timedelta(days=3) if n == READY else None,
        charlson_score=n % 6,
        ed_visits_6_months=n % 3,
    )
    for kind in BARRIERS[n % len(BARRIERS)]:
        Barrier.objects.create(
            plan=admission.plan, kind=kind, owner=manager, opened_on=timezone.localdate(admitted)
        )
    if n % 2 == 0:
        UtilizationReview.objects.create(
            admission=admission,
            reviewed_on=today - datetime.timedelta(days=1),
            reviewer=manager,
            status_reviewed=UtilizationReview.StatusReviewed.INPATIENT,
            criteria_set=UtilizationReview.CriteriaSet.INTERQUAL,
            criteria_met=True,
            recommended_level="acute",
            authorization_number=f"AUTH-{case.pk:05d}",
            days_authorized=3,
            authorized_from=timezone.localdate(admitted),
            authorized_through=today + datetime.timedelta(days=1 if n % 4 == 0 else 3),
            next_review_on=today,
        )
    return admission


def _earlier_stay(case: Case, hospital: Organization) -> None:
    """A stay discharged home twelve days ago, so that the next one is a readmission."""
    now = timezone.now()
    stay = admit_patient(
        case=case,
        by=case.primary_case_manager,
        facility=hospital,
        unit=UNITS[0],
        admitted_at=now - datetime.timedelta(days=17),
        admission_type=Admission.AdmissionType.EMERGENCY,
        charlson_score=2,
        ed_visits_6_months=1,
    )
    discharge_patient(
        admission=stay,
        by=case.primary_case_manager,
        disposition="home",
        discharged_at=now - datetime.timedelta(days=12),
        override_reason="Discharged before this record was kept; checklist done on paper.",
    )


# ---------------------------------------------------------------------------------------------
# Patient choice

CHOSEN = 3


def seed_choice() -> str:
    """The demo's choice list (patient choice, issue 14): on the first stay, the skilled nursing
    facilities offered the day the patient was admitted and the request sent to the three the
    patient chose, under releases naming them: the first accepted, the second declined, the
    third awaiting an answer. Idempotent: nothing is added once a stay has a choice list."""
    if ChoiceOffer.objects.exists():
        return "0 choice lists offered"
    admission = (
        Admission.objects.current()
        .filter(case__program__name=PROGRAM)
        .select_related("case__client", "case__primary_case_manager", "payer", "plan")
        .order_by("case_id")
        .first()
    )
    if admission is None:
        return "0 choice lists offered"
    providers = choice_list(admission, kind=Organization.Kind.SNF)
    if len(providers) < CHOSEN:
        return "0 choice lists offered"
    _choice_offer(admission, providers)
    return "1 choice list offered"


def _choice_offer(admission: Admission, providers) -> None:
    case, manager = admission.case, admission.case.primary_case_manager
    DischargePlan.objects.filter(admission=admission).update(
        anticipated_disposition=Disposition.SNF
    )
    chosen = providers[:CHOSEN]
    for service in chosen:
        release_for(case, service.organization, purpose="Post-acute placement", signed_days_ago=1)
    offer, _sent, _held = offer_choice(
        admission=admission,
        by=manager,
        kind=Organization.Kind.SNF,
        services=chosen,
        providers_listed=len(providers),
        offered_on=timezone.localdate(admission.admitted_at),
        reason="Skilled nursing and therapy after the hospital stay; walks 20 feet with a walker.",
        urgency=Referral.Urgency.SOON,
        shared_sections=[
            Referral.Section.NEED,
            Referral.Section.IDENTITY,
            Referral.Section.COVERAGE,
        ],
    )
    first, second, _third = offer.batch.referrals.order_by("client_rank")
    first.accept(note="We have a bed from tomorrow.", partner=True)
    second.decline(reason=Referral.DeclineReason.NO_CAPACITY, partner=True)
