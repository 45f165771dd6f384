"""Discharge planning and transitions of care (issue 14): a case's hospital admissions, their
expected discharge date and its changes, the discharge plan with its barriers and readiness
checklist, utilization reviews, level-of-care transitions and the post-discharge calls.

Every record takes its scope from its case (cases.models.CaseScopedQuerySet); nothing here is
hard-deleted, and every model keeps history.
"""

import datetime
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from careplans.models import Task
from casemgmt import history
from casemgmt.transitions import InvalidTransition, TransitionEvent, Transitions, move
from casemgmt.versioning import Versioned
from cases.models import Case, CaseScopedQuerySet
from clients.models import Coverage
from referrals.models import Organization, Referral, ReferralBatch

# A return to hospital within this many days of a discharge is a readmission (or an ED return).
RETURN_WINDOW_DAYS = 30


class LevelOfCare(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    ACUTE = "acute", _("Acute")
    ICU = "icu", _("ICU")
    LTACH = "ltach", _("Long-term acute care (LTACH)")
    IRF = "irf", _("Inpatient rehabilitation (IRF)")
    SNF = "snf", _("Skilled nursing (SNF)")
    HOSPICE = "hospice", _("Hospice")
    HOME_HEALTH = "home_health", _("Home with home health")
    HOME = "home", _("Home")


class Disposition(models.TextChoices):
    HOME = "home", _("Home")
    HOME_HEALTH = "home_health", _("Home with home health")
    SNF = "snf", _("Skilled nursing facility")
    IRF = "irf", _("Inpatient rehabilitation facility")
    LTACH = "ltach", _("Long-term acute care hospital")
    HOSPICE = "hospice", _("Hospice")
    HOSPITAL = "hospital", _("Another hospital")
    AMA = "ama", _("Left against medical advice")
    DIED = "died", _("Died")

    @property
    def level(self) -> str | None:
        """The level of care a discharge to this disposition moves to (None: no further care)."""
        return {
            "home": LevelOfCare.HOME,
            "home_health": LevelOfCare.HOME_HEALTH,
            "snf": LevelOfCare.SNF,
            "irf": LevelOfCare.IRF,
            "ltach": LevelOfCare.LTACH,
            "hospice": LevelOfCare.HOSPICE,
            "hospital": LevelOfCare.ACUTE,
            "ama": LevelOfCare.HOME,
            "died": None,
        }[self.value]


# The kinds of post-acute provider a patient chooses from (referrals' Service.POST_ACUTE_CATEGORY)
# and the discharge disposition going to each one is.
CHOICE_KINDS = {
    Organization.Kind.SNF: Disposition.SNF,
    Organization.Kind.LTACH: Disposition.LTACH,
    Organization.Kind.REHAB: Disposition.IRF,
    Organization.Kind.HOME_HEALTH: Disposition.HOME_HEALTH,
    Organization.Kind.HOSPICE: Disposition.HOSPICE,
}
# A referral past these statuses has a place for the patient: the discharge can go to it.
ACCEPTED = [Referral.Status.ACCEPTED, Referral.Status.SCHEDULED]


def choice_kind_for(disposition: str) -> str:
    """The kind of provider a list for this (anticipated) disposition offers: SNF by default."""
    kinds = {value: kind for kind, value in CHOICE_KINDS.items()}
    return kinds.get(disposition, Organization.Kind.SNF)


# ---------------------------------------------------------------------------------------------
# LACE


@dataclass(frozen=True)
class Lace:
    """The LACE index (van Walraven 2010) with its components: 0-19, high risk at 10 or more."""

    length_of_stay: int
    acuity: int
    comorbidity: int
    emergency_visits: int

    HIGH_FROM = 10
    MODERATE_FROM = 5

    @property
    def total(self) -> int:
        return self.length_of_stay + self.acuity + self.comorbidity + self.emergency_visits

    @property
    def band(self) -> str:
        """ "high", "moderate" or "low": the keys of settings.DISCHARGE_CALL_HOURS."""
        if self.total >= self.HIGH_FROM:
            return "high"
        return "moderate" if self.total >= self.MODERATE_FROM else "low"

    @classmethod
    def score(cls, *, days: int, emergent: bool, charlson: int, ed_visits: int) -> "Lace":
        """Points for a stay of `days` (calendar days, 0 for under a day), an emergent admission,
        a Charlson comorbidity score and ED visits in the 6 months before the admission."""
        if days < 1:
            length = 0
        elif days <= 3:
            length = days
        elif days <= 6:
            length = 4
        elif days <= 13:
            length = 5
        else:
            length = 7
        comorbidity = charlson if charlson <= 3 else 5
        return cls(length, 3 if emergent else 0, comorbidity, min(ed_visits, 4))


# ---------------------------------------------------------------------------------------------
# Admission

# The unit board's post-acute status: the referrals of the latest choice list by answer. A
# provider that accepted and then scheduled or took the patient still counts as accepted.
CHOICE_ANSWERS = {
    "accepted": [Referral.Status.ACCEPTED, Referral.Status.SCHEDULED, Referral.Status.COMPLETED],
    "awaiting": [Referral.Status.SENT, Referral.Status.WAITLISTED],
    "declined": [Referral.Status.DECLINED],
}


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _lace_total() -> models.Case:
    """Lace.score in SQL over the for_board() annotation los_days, for the board's "LACE high"
    filter (discharge/tests/test_unit_board.py checks the two agree); NULL until the Charlson
    score and the ED visits are in."""
    length = models.Case(
        When(los_days__lt=1, then=0),
        When(los_days__lte=3, then=F("los_days")),
        When(los_days__lte=6, then=4),
        When(los_days__lte=13, then=5),
        default=7,
    )
    acuity = models.Case(When(admission_type=Admission.AdmissionType.EMERGENCY, then=3), default=0)
    comorbidity = models.Case(When(charlson_score__lte=3, then=F("charlson_score")), default=5)
    return models.Case(
        When(Q(charlson_score=None) | Q(ed_visits_6_months=None), then=None),
        default=length + acuity + comorbidity + Least("ed_visits_6_months", 4),
        output_field=IntegerField(),
    )


class AdmissionQuerySet(CaseScopedQuerySet):
    def current(self):
        return self.filter(status=Admission.Status.ADMITTED)

    def current_or_recent(self):
        """Stays still in hospital, or discharged within the readmission window: the ones a
        case page still shows."""
        recent = timezone.now() - datetime.timedelta(days=RETURN_WINDOW_DAYS)
        return self.filter(Q(status=Admission.Status.ADMITTED) | Q(discharged_at__gte=recent))

    def of_client(self, client_id: int):
        return self.filter(case__client_id=client_id)

    def for_list(self):
        return self.select_related("case__client", "facility", "payer", "index_stay__facility")

    def places(self) -> list[tuple[int, str, str]]:
        """(facility id, facility name, unit) of these stays, once each: the unit board's
        facility and unit filters."""
        rows = self.order_by("facility__name", "unit").values_list(
            "facility_id", "facility__name", "unit"
        )
        return list(rows.distinct())

    def for_board(self, *, today: datetime.date | None = None):
        """The unit board's rows (issue 14), in this one query however many: each current stay
        with its client, facility and plan, and computed in SQL the days in hospital and beyond
        the expected stay (GMLOS), the checklist items done, the open barriers and their kinds,
        the latest review's next date and authorization end, the LACE total, the referrals of
        the latest choice list accepted, awaiting an answer and declined, and what is overdue:
        the EDD past, the review due, the authorization ending by tomorrow, the stay over its
        GMLOS."""
        today = today or timezone.localdate()
        open_barriers = (
            Barrier.objects.filter(plan__admission=OuterRef("pk"), resolved_on=None)
            .order_by()
            .values("plan")
        )
        review = UtilizationReview.objects.filter(admission=OuterRef("pk")).order_by(
            "-reviewed_on", "-pk"
        )
        offer = ChoiceOffer.objects.filter(admission=OuterRef("pk")).order_by("-offered_on", "-pk")
        return (
            self.select_related("case__client", "facility", "plan")
            .annotate(
                los_days=Func(
                    Value(today),
                    TruncDate("admitted_at"),
                    template="(%(expressions)s)",
                    arg_joiner=" - ",
                    output_field=IntegerField(),
                ),
                excess_days=ExpressionWrapper(
                    F("los_days") - F("expected_los_days"),
                    output_field=DecimalField(max_digits=6, decimal_places=1),
                ),
                readiness_done=sum(
                    (Cast(f"plan__{name}", IntegerField()) for name in DischargePlan.CHECKLIST),
                    Value(0),
                ),
                open_barrier_count=Coalesce(
                    Subquery(open_barriers.annotate(n=Count("pk")).values("n")), 0
                ),
                open_barrier_kinds=Subquery(
                    open_barriers.annotate(
                        kinds=ArrayAgg("kind", distinct=True, order_by="kind")
                    ).values("kinds")
                ),
                review_next_on=Subquery(review.values("next_review_on")[:1]),
                authorization_ends_on=Subquery(review.values("authorized_through")[:1]),
                lace_total=_lace_total(),
                choice_offered_on=Subquery(offer.values("offered_on")[:1]),
            )
            .alias(choice_batch=Subquery(offer.values("batch")[:1]))
            .annotate(
                **{
                    f"choices_{answer}": Coalesce(
                        Subquery(
                            Referral.objects.filter(
                                batch=OuterRef("choice_batch"), status__in=statuses
                            )
                            .order_by()
                            .values("batch")
                            .annotate(n=Count("pk"))
                            .values("n")
                        ),
                        0,
                    )
                    for answer, statuses in CHOICE_ANSWERS.items()
                },
                edd_past=_flag(Q(expected_discharge_on__lt=today)),
                review_due=_flag(Q(review_next_on__lte=today)),
                authorization_ending=_flag(
                    Q(authorization_ends_on__lte=today + datetime.timedelta(days=1))
                ),
                over_expected=_flag(Q(excess_days__gt=0)),
            )
        )


@history.track
class Admission(Transitions, Versioned):
    class Status(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        DISCHARGED = "discharged", _("Discharged")

    class Encounter(models.TextChoices):
        INPATIENT = "inpatient", _("Inpatient admission")
        OBSERVATION = "observation", _("Observation stay")
        EMERGENCY = "emergency", _("Emergency department visit")

    class AdmissionType(models.TextChoices):
        # LACE's "acute (emergent) admission" is an emergency one.
        EMERGENCY = "emergency", _("Emergency (emergent)")
        URGENT = "urgent", _("Urgent")
        ELECTIVE = "elective", _("Elective")

    class Return(models.TextChoices):
        READMISSION = "readmission", _("30-day readmission")
        ED_RETURN = "ed_return", _("ED return within 30 days")

    case = models.ForeignKey(Case, models.PROTECT, related_name="admissions")
    facility = models.ForeignKey(Organization, models.PROTECT, related_name="admissions")
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    encounter = models.CharField(
        _("encounter"), max_length=12, choices=Encounter.choices, default=Encounter.INPATIENT
    )
    admitted_at = models.DateTimeField(_("admitted at"))
    admission_type = models.CharField(
        _("admission type"), max_length=10, choices=AdmissionType.choices
    )
    payer = models.ForeignKey(
        Coverage,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payer"),
        help_text=_("One of the client's coverages."),
    )
    level_of_care = models.CharField(
        _("level of care"), max_length=12, choices=LevelOfCare.choices, default=LevelOfCare.ACUTE
    )
    expected_discharge_on = models.DateField(_("expected discharge date"), null=True, blank=True)
    medically_ready_at = models.DateTimeField(_("medically ready at"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ADMITTED, editable=False
    )
    discharged_at = models.DateTimeField(_("discharged at"), null=True, blank=True, editable=False)
    disposition = models.CharField(
        _("discharge disposition"),
        max_length=12,
        choices=Disposition.choices,
        blank=True,
        editable=False,
    )
    charlson_score = models.SmallIntegerField(
        _("Charlson comorbidity score"), null=True, blank=True
    )
    ed_visits_6_months = models.SmallIntegerField(
        _("ED visits in the last 6 months"), null=True, blank=True
    )
    expected_los_days = models.DecimalField(
        _("expected length of stay (GMLOS)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Geometric mean length of stay for the stay's DRG, in days."),
    )
    # The accepted post-acute referral the patient was discharged to: the handoff summary shares
    # what that referral's consent and ticked sections allow, and nothing else.
    receiving_referral = models.ForeignKey(
        Referral, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    index_stay = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        editable=False,
        verbose_name=_("index stay"),
    )
    returned_as = models.CharField(
        max_length=12, choices=Return.choices, blank=True, editable=False
    )
    call_task = models.ForeignKey(
        Task, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    check_in_task = models.ForeignKey(
        Task, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AdmissionQuerySet.as_manager()

    MOVES = {"discharge": move(_("Discharge"), {Status.ADMITTED}, Status.DISCHARGED)}

    class Meta:
        ordering = ["-admitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True) | Q(discharged_at__gte=F("admitted_at")),
                name="admission_discharged_after_admitted",
            ),
            models.CheckConstraint(
                condition=Q(status="discharged", discharged_at__isnull=False)
                | Q(status="admitted", discharged_at__isnull=True),
                name="admission_discharged_at_iff_discharged",
            ),
            models.CheckConstraint(
                condition=Q(charlson_score__isnull=True) | Q(charlson_score__gte=0),
                name="admission_charlson_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ed_visits_6_months__isnull=True) | Q(ed_visits_6_months__gte=0),
                name="admission_ed_visits_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(expected_los_days__isnull=True) | Q(expected_los_days__gt=0),
                name="admission_expected_los_positive",
            ),
            models.CheckConstraint(
                condition=Q(index_stay__isnull=True, returned_as="")
                | Q(index_stay__isnull=False, returned_as__in=["readmission", "ed_return"]),
                name="admission_return_has_index_stay",
            ),
        ]
        indexes = [
            # Readmission detection: a client's earlier discharges (services.admit_patient).
            models.Index(fields=["case", "discharged_at"], name="admission_case_discharged"),
            # The EDD reminder and the unit's current inpatients.
            models.Index(
                fields=["expected_discharge_on"],
                condition=Q(status="admitted"),
                name="admission_current_edd",
            ),
        ]
        triggers = [pgtrigger.Protect(name="admission_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return gettext("%(facility)s, admitted %(day)s") % {
            "facility": self.facility,
            "day": f"{timezone.localdate(self.admitted_at):%Y-%m-%d}",
        }

    def get_absolute_url(self):
        return reverse("discharge:detail", args=[self.pk])

    def clean(self):
        errors = {}
        admitted_on = self.admitted_at and timezone.localdate(self.admitted_at)
        if self.admitted_at and self.discharged_at and self.discharged_at < self.admitted_at:
            errors["discharged_at"] = _("The discharge cannot come before the admission.")
        if admitted_on and self.expected_discharge_on and self.expected_discharge_on < admitted_on:
            errors["expected_discharge_on"] = _(
                "The expected discharge date cannot be before the admission."
            )
        if (
            self.admitted_at
            and self.medically_ready_at
            and self.medically_ready_at < self.admitted_at
        ):
            errors["medically_ready_at"] = _("The patient cannot be ready before the admission.")
        if self.charlson_score is not None and self.charlson_score < 0:
            errors["charlson_score"] = _("The Charlson score cannot be negative.")
        if self.ed_visits_6_months is not None and self.ed_visits_6_months < 0:
            errors["ed_visits_6_months"] = _("The number of ED visits cannot be negative.")
        if self.expected_los_days is not None and self.expected_los_days <= 0:
            errors["expected_los_days"] = _("The expected length of stay must be more than 0.")
        if self.payer_id and self.case_id and self.payer.client_id != self.case.client_id:
            errors["payer"] = _("Choose one of this client's coverages.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return self.status == Admission.Status.ADMITTED

    @property
    def length_of_stay(self) -> int:
        """Calendar days from admission to discharge (to today while the stay goes on)."""
        end = timezone.localdate(self.discharged_at) if self.discharged_at else timezone.localdate()
        return (end - timezone.localdate(self.admitted_at)).days

    @property
    def lace(self) -> Lace | None:
        """The LACE index at discharge (or so far); None until Charlson and ED visits are in."""
        if self.charlson_score is None or self.ed_visits_6_months is None:
            return None
        return Lace.score(
            days=self.length_of_stay,
            emergent=self.admission_type == Admission.AdmissionType.EMERGENCY,
            charlson=self.charlson_score,
            ed_visits=self.ed_visits_6_months,
        )

    def accepted_referrals(self):
        """The referrals of this stay's choice lists that a provider accepted: where the patient
        can be discharged to."""
        return Referral.objects.filter(
            batch__choice_offer__admission=self, status__in=ACCEPTED
        ).select_related("organization", "service")

    @property
    def over_expected_stay(self) -> bool:
        """The stay has gone on longer than its expected length (GMLOS)."""
        return self.expected_los_days is not None and self.length_of_stay > self.expected_los_days

    @property
    def open_barrier_labels(self) -> list[str]:
        """The kinds of the open barriers as read, on a row of for_board()."""
        return [str(Barrier.Kind(kind).label) for kind in self.open_barrier_kinds or []]

    @property
    def is_readmission(self) -> bool:
        return self.returned_as == Admission.Return.READMISSION

    @property
    def is_ed_return(self) -> bool:
        return self.returned_as == Admission.Return.ED_RETURN

    @transaction.atomic
    def change_edd(
        self, *, to: datetime.date | None, by, reason: str, expected_version: int
    ) -> "EddChange":
        """A new expected discharge date, kept with who changed it and why (the first one set
        needs no reason). Refused on a stale version (casemgmt.versioning)."""
        if self.expected_discharge_on and not reason.strip():
            raise ValidationError({"reason": _("Say why the expected discharge date changes.")})
        before, self.expected_discharge_on = self.expected_discharge_on, to
        self.clean()
        self.save_version(
            expected_version=expected_version, by=by, fields=["expected_discharge_on"]
        )
        return self.edd_changes.create(from_date=before, to_date=to, changed_by=by, reason=reason)


class AdmissionEvent(TransitionEvent):
    """Each move of an admission; a discharge over an incomplete checklist keeps what was
    missing and why it went ahead."""

    subject = "admission"
    admission = models.ForeignKey(Admission, models.PROTECT, related_name="events")
    missing_items = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)

    class Meta(TransitionEvent.Meta):
        pass


class EddChangeQuerySet(CaseScopedQuerySet):
    case_path = "admission__case"


@history.track
class EddChange(models.Model):
    """Append-only: each setting of an admission's expected discharge date, by whom and why."""

    admission = models.ForeignKey(Admission, models.PROTECT, related_name="edd_changes")
    from_date = models.DateField(_("from"), null=True, blank=True)
    to_date = models.DateField(_("to"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    objects = EddChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="eddchange_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.from_date} → {self.to_date}"


# ---------------------------------------------------------------------------------------------
# Transitions of level of care


class TransitionQuerySet(CaseScopedQuerySet):
    pass


@history.track
class Transition(models.Model):
    """A move from one level of care to another, inpatient (acute → SNF) or in the community
    (home health → home): on an admission, or on a case without one."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="care_transitions")
    admission = models.ForeignKey(
        Admission, models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    from_level = models.CharField(_("from"), max_length=12, choices=LevelOfCare.choices)
    to_level = models.CharField(_("to"), max_length=12, choices=LevelOfCare.choices)
    moved_at = models.DateTimeField(_("when"), default=timezone.now)
    receiving_organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving organization"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_level=F("to_level")), name="transition_changes_level"
            )
        ]
        triggers = [pgtrigger.Protect(name="transition_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"

    def clean(self):
        if self.from_level and self.from_level == self.to_level:
            raise ValidationError({"to_level": _("A transition moves to another level of care.")})
        if self.admission_id and self.case_id and self.admission.case_id != self.case_id:
            raise ValidationError({"admission": _("The admission belongs to another case.")})


# ---------------------------------------------------------------------------------------------
# Discharge plan, barriers, readiness


class DischargePlanQuerySet(CaseScopedQuerySet):
    case_path = "admission__case"


@history.track
class DischargePlan(Versioned):
    # The readiness checklist: field → what the discharge page lists when it is missing.
    CHECKLIST = {
        "medication_reconciled": _("Medication reconciliation"),
        "follow_up_appointment_made": _("Follow-up appointment made"),
        "teach_back_done": _("Teach-back education"),
        "equipment_ordered": _("Equipment ordered"),
        "transport_arranged": _("Transport arranged"),
        "post_acute_accepted": _("Post-acute provider accepted"),
        "patient_family_agree": _("Patient and family agree"),
    }

    admission = models.OneToOneField(Admission, models.PROTECT, related_name="plan")
    anticipated_disposition = models.CharField(
        _("anticipated disposition"), max_length=12, choices=Disposition.choices, blank=True
    )
    medication_reconciled = models.BooleanField(CHECKLIST["medication_reconciled"], default=False)
    follow_up_appointment_made = models.BooleanField(
        CHECKLIST["follow_up_appointment_made"], default=False
    )
    teach_back_done = models.BooleanField(CHECKLIST["teach_back_done"], default=False)
    equipment_ordered = models.BooleanField(CHECKLIST["equipment_ordered"], default=False)
    transport_arranged = models.BooleanField(CHECKLIST["transport_arranged"], default=False)
    post_acute_accepted = models.BooleanField(CHECKLIST["post_acute_accepted"], default=False)
    patient_family_agree = models.BooleanField(CHECKLIST["patient_family_agree"], default=False)

    objects = DischargePlanQuerySet.as_manager()

    class Meta:
        triggers = [pgtrigger.Protect(name="dischargeplan_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return gettext("Discharge plan for %(admission)s") % {"admission": self.admission}

    def checklist(self, *, provider_accepted: bool = False) -> list[tuple[str, str, bool]]:
        """(field, label, done) in the checklist's order. A post-acute provider that accepted a
        referral of the stay's choice list counts as "post-acute provider accepted" even while
        the box is unticked: the acceptance is the record, not the box."""
        return [
            (
                name,
                label,
                getattr(self, name) or (name == "post_acute_accepted" and provider_accepted),
            )
            for name, label in self.CHECKLIST.items()
        ]

    def missing_items(self, *, provider_accepted: bool = False) -> list[str]:
        """The checklist's items not done, as the user reads them, in the checklist's order."""
        return [
            str(label)
            for _name, label, done in self.checklist(provider_accepted=provider_accepted)
            if not done
        ]

    @property
    def readiness(self) -> int:
        """How many of the checklist's ticked items are done."""
        return len(self.CHECKLIST) - len(self.missing_items())


class BarrierQuerySet(CaseScopedQuerySet):
    case_path = "plan__admission__case"

    def open(self):
        return self.filter(resolved_on=None)


@history.track
class Barrier(models.Model):
    class Kind(models.TextChoices):
        AUTHORIZATION = "authorization", _("Insurance authorization pending")
        NO_FACILITY = "no_facility", _("No accepting facility")
        CAREGIVER = "caregiver", _("Caregiver unavailable")
        EQUIPMENT = "equipment", _("Equipment")
        HOME_MODIFICATION = "home_mod", _("Home modification")
        TRANSPORTATION = "transport", _("Transportation")
        FINANCIAL = "financial", _("Financial")
        DECLINES = "declines", _("Patient or family declines")
        LEGAL = "legal", _("Guardianship / legal")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(DischargePlan, models.PROTECT, related_name="barriers")
    kind = models.CharField(_("barrier"), max_length=14, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("opened_on")),
                name="barrier_resolved_after_opened",
            )
        ]
        indexes = [
            # The EDD reminder and the unit's open barriers per plan.
            models.Index(fields=["plan"], condition=Q(resolved_on=None), name="barrier_open")
        ]
        triggers = [pgtrigger.Protect(name="barrier_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        if self.resolved_on and self.opened_on and self.resolved_on < self.opened_on:
            raise ValidationError(
                {"resolved_on": _("A barrier cannot be resolved before it opened.")}
            )

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    def resolve(self, *, on: datetime.date | None = None) -> None:
        """Resolve an open barrier on `on` (today): from then on it costs no avoidable days."""
        on = on or timezone.localdate()
        if on < self.opened_on:
            raise ValidationError(
                {"resolved_on": _("A barrier cannot be resolved before it opened.")}
            )
        if Barrier.objects.filter(pk=self.pk, resolved_on=None).update(resolved_on=on) != 1:
            raise InvalidTransition(gettext("This barrier is already resolved."))
        self.resolved_on = on


# ---------------------------------------------------------------------------------------------
# Patient choice of post-acute provider


class ChoiceOfferQuerySet(CaseScopedQuerySet):
    case_path = "admission__case"

    def for_admission_page(self):
        """Each list with its referrals in the patient's order of choice, two queries in all."""
        ranked = Referral.objects.select_related("organization").order_by("client_rank", "pk")
        return self.select_related("offered_by", "batch").prefetch_related(
            models.Prefetch("batch__referrals", queryset=ranked)
        )


@history.track
class ChoiceOffer(models.Model):
    """The list of post-acute providers offered to the patient (42 CFR 482.43(c)): the kind of
    care, when it was offered and by whom, how many providers it listed, and the one request
    sent to those the patient chose: a referral batch whose referrals carry the patient's
    ranked choice (Referral.client_rank)."""

    admission = models.ForeignKey(Admission, models.PROTECT, related_name="choice_offers")
    kind = models.CharField(_("kind of care"), max_length=20, choices=Organization.Kind.choices)
    offered_on = models.DateField(_("list offered on"), default=timezone.localdate)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    providers_listed = models.PositiveSmallIntegerField(_("providers on the list"), default=0)
    batch = models.OneToOneField(
        ReferralBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="choice_offer",
        editable=False,
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ChoiceOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-pk"]
        triggers = [pgtrigger.Protect(name="choiceoffer_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return gettext("%(kind)s list offered %(day)s") % {
            "kind": self.get_kind_display(),
            "day": self.offered_on,
        }


# ---------------------------------------------------------------------------------------------
# Utilization review


class UtilizationReviewQuerySet(CaseScopedQuerySet):
    case_path = "admission__case"

    def latest_of_current_stays(self):
        """Each current admission's most recent review: the one whose dates are in force."""
        latest = UtilizationReview.objects.filter(admission=OuterRef("admission")).order_by(
            "-reviewed_on", "-pk"
        )
        return self.filter(
            admission__status=Admission.Status.ADMITTED, pk=Subquery(latest.values("pk")[:1])
        )


@history.track
class UtilizationReview(models.Model):
    class StatusReviewed(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        INPATIENT = "inpatient", _("Inpatient")

    class CriteriaSet(models.TextChoices):
        INTERQUAL = "interqual", _("InterQual")
        MCG = "mcg", _("MCG")
        LOCAL = "local", _("Local criteria")

    class AppealOutcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        OVERTURNED = "overturned", _("Overturned (approved)")
        UPHELD = "upheld", _("Upheld (denied)")

    admission = models.ForeignKey(Admission, models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("review date"), default=timezone.localdate)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    status_reviewed = models.CharField(
        _("status reviewed"), max_length=12, choices=StatusReviewed.choices
    )
    criteria_set = models.CharField(_("criteria set"), max_length=10, choices=CriteriaSet.choices)
    criteria_met = models.BooleanField(_("criteria met"))
    recommended_level = models.CharField(
        _("recommended level of care"), max_length=12, choices=LevelOfCare.choices, blank=True
    )
    authorization_number = models.CharField(_("authorization number"), max_length=60, blank=True)
    days_authorized = models.PositiveSmallIntegerField(_("days authorized"), null=True, blank=True)
    authorized_from = models.DateField(_("authorized from"), null=True, blank=True)
    authorized_through = models.DateField(_("authorized through"), null=True, blank=True)
    next_review_on = models.DateField(_("next review date"), null=True, blank=True)
    denied = models.BooleanField(_("denied"), default=False)
    denial_reason = models.TextField(_("denial reason"), blank=True)
    peer_to_peer_on = models.DateField(_("peer-to-peer date"), null=True, blank=True)
    appeal_filed_on = models.DateField(_("appeal filed"), null=True, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal outcome"), max_length=10, choices=AppealOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UtilizationReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorized_through__isnull=True)
                | Q(authorized_from__isnull=True)
                | Q(authorized_through__gte=F("authorized_from")),
                name="review_authorization_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(denied=True) | Q(denial_reason=""),
                name="review_denial_reason_if_denied",
            ),
        ]
        indexes = [models.Index(fields=["admission", "-reviewed_on"], name="review_admission")]
        triggers = [pgtrigger.Protect(name="review_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return gettext("Review on %(day)s") % {"day": self.reviewed_on}

    def clean(self):
        errors = {}
        if (
            self.authorized_from
            and self.authorized_through
            and self.authorized_through < self.authorized_from
        ):
            errors["authorized_through"] = _("The authorization cannot end before it starts.")
        if self.denied and not self.denial_reason.strip():
            errors["denial_reason"] = _("Give the payer's reason for the denial.")
        if not self.denied and self.denial_reason.strip():
            errors["denial_reason"] = _("A denial reason goes with a denial.")
        if self.next_review_on and self.reviewed_on and self.next_review_on < self.reviewed_on:
            errors["next_review_on"] = _("The next review cannot come before this one.")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Post-discharge follow-up


class FollowUpCallQuerySet(CaseScopedQuerySet):
    case_path = "admission__case"


@history.track
class FollowUpCall(models.Model):
    """Append-only: one attempt at the post-discharge call and what came of it."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        NOT_REACHED = "not_reached", _("Not reached")

    admission = models.ForeignKey(Admission, models.PROTECT, related_name="calls")
    task = models.ForeignKey(Task, models.PROTECT, null=True, blank=True, related_name="+")
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    medication_questions = models.BooleanField(_("medication questions"), default=False)
    appointment_kept = models.BooleanField(_("follow-up appointment kept"), null=True, blank=True)
    new_symptoms = models.BooleanField(_("new symptoms"), default=False)
    escalated = models.BooleanField(_("escalated to clinician"), default=False)
    note = models.TextField(_("note"), blank=True)

    objects = FollowUpCallQuerySet.as_manager()

    class Meta:
        ordering = ["-called_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="followupcall_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.attempt})"
