"""The resource directory (organizations and their services) and closed-loop referrals.

A referral goes from a case to one service: drafted, sent under a consent that covers the
organization, answered (accepted, declined, waitlisted), scheduled and closed with an outcome.
Each move is an explicit transition with an event row. The receiving organization answers through
a single-use, expiring partner link, without an account.
"""

import datetime
import secrets
from collections.abc import Iterable

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case as CaseWhen
from django.db.models import ExpressionWrapper, F, Func, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casemgmt import history
from casemgmt.transitions import InvalidTransition, TransitionEvent, Transitions, move
from cases.models import Case, CaseScopedQuerySet
from clients.models import Consent

from .deadlines import add_business_days, escalates_at

# ---------------------------------------------------------------------------------------------
# Directory


class Organization(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        SNF = "snf", "Skilled nursing facility"
        LTACH = "ltach", "Long-term acute care hospital"
        REHAB = "rehab", "Inpatient rehabilitation facility"
        HOME_HEALTH = "home_health", "Home health agency"
        HOSPICE = "hospice", "Hospice"
        PRIMARY_CARE = "primary_care", "Primary care"
        BEHAVIORAL_HEALTH = "behavioral", "Behavioral health"
        SUBSTANCE_USE = "substance_use", "Substance-use treatment"
        FOOD_BANK = "food_bank", "Food bank"
        HOUSING = "housing", "Housing program"
        BENEFITS = "benefits", "Benefits office"
        LEGAL_AID = "legal_aid", "Legal aid"
        TRANSPORTATION = "transportation", "Transportation"
        SUPPORT_GROUP = "support_group", "Support group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    county = models.CharField(max_length=80, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    service_area = models.CharField(
        max_length=300, blank=True, help_text="Counties or ZIP codes served, comma-separated."
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    languages = models.CharField(
        max_length=200, default="English", help_text="Comma-separated, e.g. English, Spanish."
    )
    payers = models.CharField(
        "payers accepted",
        max_length=200,
        blank=True,
        help_text="Comma-separated, e.g. Medicare, Medicaid, Commercial, Self-pay.",
    )
    hours = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField("listed", default=True)
    # Quality data shown on a post-acute choice list (42 CFR 482.43(c)): the public overall
    # rating and when someone last looked it up, so a stale rating reads as one.
    star_rating = models.PositiveSmallIntegerField(
        _("star rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Overall quality rating, 1 to 5 stars (e.g. Medicare Care Compare)."),
    )
    rating_checked_on = models.DateField(_("rating checked on"), null=True, blank=True)

    # A rating not looked up again for this long is flagged on the choice list.
    RATING_STALE_AFTER_DAYS = 365

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__range=(1, 5)),
                name="organization_star_rating_1_to_5",
            )
        ]
        indexes = [
            # Directory search by name.
            GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="organization_name_trgm"),
        ]

    def __str__(self):
        return self.name

    @property
    def rating_is_stale(self) -> bool:
        """A rating never checked, or not checked for a year: the list says so."""
        if self.star_rating is None:
            return False
        cutoff = timezone.localdate() - datetime.timedelta(days=self.RATING_STALE_AFTER_DAYS)
        return self.rating_checked_on is None or self.rating_checked_on < cutoff


def _terms(field: str) -> Func:
    """A comma-separated column as an array of lower-case terms, "county" dropped, so that
    "Lane County, 97401" reads as {lane, 97401}."""
    words = Func(
        Lower(F(field)),
        Value(r"\s*\mcounty\M"),
        Value(""),
        Value("g"),
        function="regexp_replace",
    )
    return Func(
        Func(words, function="btrim"),
        Value(r"\s*,\s*"),
        function="regexp_split_to_array",
        output_field=ArrayField(models.TextField()),
    )


def place_terms(*, county: str, zip_code: str) -> list[str]:
    """What an address matches in a service area: its county (without "County") and 5-digit ZIP."""
    county = county.lower().replace("county", "").strip()
    return [term for term in (county, zip_code.strip()[:5]) if term]


# How a coverage's payer type reads in an organization's "payers accepted" (lower case); the
# plan's payer name (e.g. Aetna) counts too.
PAYER_TERMS = {
    "medicare": ["medicare"],
    "medicare_adv": ["medicare advantage", "medicare"],
    "medicaid": ["medicaid"],
    "dual": ["dual", "medicare", "medicaid"],
    "commercial": ["commercial"],
    "marketplace": ["marketplace", "commercial"],
    "military": ["va", "tricare", "va / tricare"],
    "other": [],
    "none": ["self-pay", "self pay", "private pay"],
}


def payer_terms(*, payer: str, payer_name: str = "") -> list[str]:
    """The names a coverage goes by in an organization's payers accepted."""
    terms = PAYER_TERMS.get(payer, [])
    return [*terms, payer_name.strip().lower()] if payer_name.strip() else list(terms)


class ServiceQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(organization__is_active=True)

    def search(self, term: str):
        """Name, description, organization or category, by substring."""
        term = term.strip()
        if not term:
            return self
        return self.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(organization__name__icontains=term)
            | Q(eligibility__icontains=term)
        )

    def meeting(self, needs: Iterable[str]):
        """Services whose category meets a need in any of these life domains (by code)."""
        categories = {c for code in needs for c in Service.NEED_CATEGORIES.get(code, ())}
        return self.filter(category__in=categories)

    def for_directory(self):
        return self.select_related("organization").order_by("organization__name", "name", "pk")

    def with_capacity(self):
        """Taking referrals now or onto a waitlist."""
        return self.exclude(capacity=Service.Capacity.CLOSED)

    def serving(self, places: list[str]):
        """Services of organizations whose service area names one of `places` (place_terms());
        an organization with no service area serves everyone, and no places filter nothing."""
        if not places:
            return self
        return self.alias(area_terms=_terms("organization__service_area")).filter(
            Q(organization__service_area="") | Q(area_terms__overlap=places)
        )

    def accepting(self, payers: list[str]):
        """Services of organizations whose accepted payers name one of `payers` (lower case,
        Coverage.accepted_as()); an organization listing none is not filtered out, nor is
        anything when no payer is known."""
        if not payers:
            return self
        return self.alias(payer_terms=_terms("organization__payers")).filter(
            Q(organization__payers="") | Q(payer_terms__overlap=payers)
        )

    def post_acute(self, kind: str):
        """Listed post-acute services of organizations of `kind` (an Organization.Kind of
        POST_ACUTE_CATEGORY): the rows of a patient's choice list."""
        return self.listed().filter(
            organization__kind=kind, category=Service.POST_ACUTE_CATEGORY[kind]
        )

    def one_per_organization(self):
        """Each organization once, by its name, with its service taking referrals now before
        one with a waitlist (PostgreSQL's DISTINCT ON)."""
        waitlisted_last = CaseWhen(
            When(capacity=Service.Capacity.ACCEPTING, then=Value(0)), default=Value(1)
        )
        return (
            self.select_related("organization")
            .order_by("organization__name", "organization_id", waitlisted_last, "name", "pk")
            .distinct("organization__name", "organization_id")
        )


class Service(models.Model):
    class Category(models.TextChoices):
        FOOD = "food", "Food"
        HOUSING = "housing", "Housing"
        BENEFITS = "benefits", "Benefits and Medicaid"
        MEDICAL = "medical", "Medical care"
        BEHAVIORAL_HEALTH = "behavioral", "Mental health and therapy"
        SUBSTANCE_USE = "substance_use", "Substance-use treatment"
        TRANSPORTATION = "transportation", "Transportation"
        LEGAL = "legal", "Legal help"
        POST_ACUTE = "post_acute", "Post-acute care (SNF, LTACH, rehab)"
        HOME_CARE = "home_care", "Home health and home care"
        HOSPICE = "hospice", "Hospice and palliative care"
        SUPPORT = "support", "Support groups"
        EMPLOYMENT = "employment", "Employment and training"
        OTHER = "other", "Other"

    class Capacity(models.TextChoices):
        ACCEPTING = "accepting", "Accepting referrals"
        WAITLIST = "waitlist", "Waitlist"
        CLOSED = "closed", "Not accepting"

    # A listing not verified for this long is marked stale in the directory.
    STALE_AFTER_DAYS = 180

    # The kinds of post-acute provider a patient chooses from at discharge (42 CFR 482.43(c)),
    # and the category of their services the choice list offers.
    POST_ACUTE_CATEGORY = {
        Organization.Kind.SNF: Category.POST_ACUTE,
        Organization.Kind.LTACH: Category.POST_ACUTE,
        Organization.Kind.REHAB: Category.POST_ACUTE,
        Organization.Kind.HOME_HEALTH: Category.HOME_CARE,
        Organization.Kind.HOSPICE: Category.HOSPICE,
    }

    # The categories that meet a need in each life domain (assessments' Domain.code): the
    # directory opened from a case lists these for the case's identified needs. A domain an
    # agency adds in admin meets none until it is added here.
    NEED_CATEGORIES = {
        "housing": [Category.HOUSING],
        "income": [Category.BENEFITS, Category.EMPLOYMENT],
        "employment": [Category.EMPLOYMENT],
        "food": [Category.FOOD],
        "child_care": [Category.OTHER],
        "children_education": [Category.OTHER],
        "adult_education": [Category.EMPLOYMENT],
        "legal": [Category.LEGAL],
        "health_coverage": [Category.BENEFITS],
        "physical_health": [Category.MEDICAL, Category.HOME_CARE],
        "mental_health": [Category.BEHAVIORAL_HEALTH],
        "substance_use": [Category.SUBSTANCE_USE],
        "life_skills": [Category.SUPPORT],
        "family_social": [Category.SUPPORT],
        "mobility_transportation": [Category.TRANSPORTATION],
        "community": [Category.SUPPORT],
        "safety": [Category.HOUSING, Category.LEGAL],
        "parenting": [Category.SUPPORT],
        "credit_financial": [Category.BENEFITS],
        "spiritual": [Category.SUPPORT],
        "utilities": [Category.BENEFITS],
    }

    organization = models.ForeignKey(Organization, models.PROTECT, related_name="services")
    name = models.CharField(max_length=160)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(blank=True)
    eligibility = models.TextField(blank=True)
    cost = models.CharField(max_length=120, blank=True, help_text="e.g. Free, sliding scale")
    capacity = models.CharField(max_length=10, choices=Capacity.choices, default=Capacity.ACCEPTING)
    verified_on = models.DateField("last verified", default=timezone.localdate)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="service_unique_name")
        ]
        indexes = [models.Index(fields=["category", "capacity"], name="service_category")]

    def __str__(self):
        return f"{self.name} · {self.organization}"

    @property
    def is_stale(self) -> bool:
        cutoff = timezone.localdate() - datetime.timedelta(days=self.STALE_AFTER_DAYS)
        return self.verified_on < cutoff

    @property
    def is_accepting(self) -> bool:
        return self.capacity == Service.Capacity.ACCEPTING


# ---------------------------------------------------------------------------------------------
# Referrals


def consents_covering(case: Case, organization: Organization):
    """Valid releases of information of the case's client that name this organization (DESIGN.md
    §3: sharing with an outside organization needs one)."""
    return (
        Consent.objects.valid_on(timezone.localdate())
        .filter(client=case.client_id, kind=Consent.Kind.RELEASE, scope=Consent.Scope.ORGANIZATION)
        .filter(
            Q(organization=organization)
            | Q(organization=None, organization_name__iexact=organization.name)
        )
        .order_by("-signed_on", "-pk")
    )


class ReferralBatch(models.Model):
    """One request to several organizations at once (post-acute placement), each its own
    referral; the client's ranked choice is on the referrals."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="referral_batches")
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "referral batches"

    def __str__(self):
        return f"Batch {self.pk} · case {self.case_id}"


class ReferralQuerySet(CaseScopedQuerySet):
    def open(self):
        return self.filter(status__in=Referral.OPEN)

    def overdue(self):
        """Sent and unanswered past the response deadline."""
        return self.filter(status=Referral.Status.SENT, respond_by__lt=timezone.now())

    def for_list(self):
        return self.select_related("case__client", "service__organization", "created_by")

    def for_queue(self):
        """Overdue first, then the longest in their status."""
        late = Q(status=Referral.Status.SENT, respond_by__lt=timezone.now())
        return (
            self.for_list()
            .annotate(late=ExpressionWrapper(late, output_field=models.BooleanField()))
            .order_by("-late", "status_changed_at", "pk")
        )


@history.track
class Referral(Transitions, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent, awaiting response"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WAITLISTED = "waitlisted", "Waitlisted"
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"
        CANCELLED = "cancelled", "Cancelled"

    class Urgency(models.TextChoices):
        URGENT = "urgent", "Urgent: answer within 1 business day"
        SOON = "soon", "Soon: answer within 3 business days"
        ROUTINE = "routine", "Routine: answer within 5 business days"

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", "No capacity"
        INELIGIBLE = "ineligible", "Not eligible"
        CLIENT_DECLINED = "client_declined", "Client declined"
        UNABLE_TO_REACH = "unable_to_reach", "Unable to reach the client"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        RECEIVED = "received", "Service received"
        PARTIAL = "partial", "Need partly met"
        NOT_RECEIVED = "not_received", "Service not received"

    class Section(models.TextChoices):
        """What a referral shares: the user ticks the minimum necessary."""

        NEED = "need", "Reason for the referral"
        IDENTITY = "identity", "Name, date of birth and language"
        CONTACT = "contact", "Phone, email and address"
        COVERAGE = "coverage", "Insurance coverage"
        SUPPORTS = "supports", "Family and supports who may receive information"
        GOALS = "goals", "Care-plan goals"

    RESPONSE_BUSINESS_DAYS = {Urgency.URGENT: 1, Urgency.SOON: 3, Urgency.ROUTINE: 5}
    OPEN = [Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.WAITLISTED, Status.SCHEDULED]

    case = models.ForeignKey(Case, models.PROTECT, related_name="referrals")
    service = models.ForeignKey(Service, models.PROTECT, related_name="referrals")
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="referrals", editable=False
    )
    batch = models.ForeignKey(
        ReferralBatch, models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    client_rank = models.PositiveSmallIntegerField(
        "client's choice", null=True, blank=True, help_text="1 is the client's first choice."
    )
    reason = models.TextField()
    need = models.ForeignKey(
        "assessments.IdentifiedNeed", models.PROTECT, null=True, blank=True, related_name="+"
    )
    goal = models.ForeignKey(
        "careplans.Goal", models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    shared_sections = ArrayField(
        models.CharField(max_length=10, choices=Section.choices),
        default=list,
        blank=True,
        help_text="Only these parts of the record go to the organization.",
    )
    consent = models.ForeignKey(
        Consent, models.PROTECT, null=True, blank=True, related_name="referrals", editable=False
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    respond_by = models.DateTimeField(null=True, blank=True, editable=False)
    responded_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    appointment_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.CharField(
        max_length=20, choices=DeclineReason.choices, blank=True, editable=False
    )
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True, editable=False)
    rerouted_from = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="rerouted_to", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Nothing leaves without a consent: only a never-sent referral (a draft, or a draft
            # cancelled) has none.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "cancelled"], sent_at=None)
                | Q(consent__isnull=False, sent_at__isnull=False),
                name="referral_sent_under_consent",
            ),
            models.UniqueConstraint(
                fields=["batch", "client_rank"], name="referral_batch_rank_unique"
            ),
        ]
        indexes = [
            # The case page and the queue's per-case lists.
            models.Index(fields=["case", "status"], name="referral_case_status"),
            # Overdue and escalation scans: sent referrals by deadline.
            models.Index(fields=["respond_by"], condition=Q(status="sent"), name="referral_due"),
        ]
        triggers = [pgtrigger.Protect(name="referral_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"Referral {self.pk} to {self.organization}"

    def get_absolute_url(self):
        return reverse("referrals:detail", args=[self.pk])

    MOVES = {
        "send": move("Send", {Status.DRAFT}, Status.SENT),
        "accept": move("Accept", {Status.SENT, Status.WAITLISTED}, Status.ACCEPTED),
        "decline": move("Decline", {Status.SENT, Status.WAITLISTED}, Status.DECLINED),
        "waitlist": move("Waitlist", {Status.SENT}, Status.WAITLISTED),
        "schedule": move("Schedule", {Status.ACCEPTED, Status.WAITLISTED}, Status.SCHEDULED),
        "complete": move(
            "Record the outcome", {Status.ACCEPTED, Status.SCHEDULED}, Status.COMPLETED
        ),
        "no_show": move("Record a no-show", {Status.SCHEDULED}, Status.NO_SHOW),
        "cancel": move(
            "Cancel",
            {Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.WAITLISTED, Status.SCHEDULED},
            Status.CANCELLED,
        ),
    }
    # What the receiving organization may do through its link, by the referral's status.
    PARTNER_MOVES = ["accept", "decline", "waitlist", "schedule", "complete", "no_show"]

    @property
    def is_draft(self) -> bool:
        return self.status == Referral.Status.DRAFT

    @property
    def is_sent(self) -> bool:
        """Sent and not answered yet."""
        return self.status == Referral.Status.SENT

    @property
    def is_accepted(self) -> bool:
        """Accepted, or accepted and then scheduled: the organization has a place for the client."""
        return self.status in (Referral.Status.ACCEPTED, Referral.Status.SCHEDULED)

    @property
    def is_declined(self) -> bool:
        return self.status == Referral.Status.DECLINED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == Referral.Status.WAITLISTED

    @property
    def is_scheduled(self) -> bool:
        return self.status == Referral.Status.SCHEDULED

    @property
    def is_completed(self) -> bool:
        return self.status == Referral.Status.COMPLETED

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == Referral.Status.SENT
            and self.respond_by is not None
            and self.respond_by < timezone.now()
        )

    @property
    def escalate_at(self) -> datetime.datetime | None:
        """When, still unanswered, it is escalated to the team's supervisors: the moment the
        reminder scan tells them, from the one rule in referrals/deadlines.py (the
        "referral_unanswered" kind's grace, in business days after the deadline)."""
        return None if self.respond_by is None else escalates_at(self.respond_by)

    @property
    def is_escalated(self) -> bool:
        return (
            self.is_overdue and self.escalate_at is not None and self.escalate_at <= timezone.now()
        )

    def shared_section_labels(self) -> list[str]:
        return [Referral.Section(s).label for s in self.shared_sections]

    @property
    def can_reroute(self) -> bool:
        return self.is_overdue or self.status == Referral.Status.DECLINED

    def consent_is_valid(self) -> bool:
        """The consent it was sent under still holds (revoking it stops all further sharing)."""
        return self.consent is not None and self.consent.is_valid

    def _transition(self, name: str, *, by, note: str = "", partner=False, **fields) -> None:
        now = timezone.now()
        fields["status_changed_at"] = now
        if name in ("accept", "decline", "waitlist") and self.responded_at is None:
            fields["responded_at"] = now
        self._move(name, by=by, note=note, event={"via_partner_link": partner}, **fields)

    @transaction.atomic
    def send(self, *, by, consent: Consent) -> None:
        """Send under a consent that covers the organization; starts the response deadline."""
        if not consents_covering(self.case, self.organization).filter(pk=consent.pk).exists():
            raise InvalidTransition(
                f"No valid release of information covers {self.organization}: record the "
                "client's signed consent naming it before anything is shared."
            )
        # Business days and office hours are local: count on the local clock.
        now = timezone.localtime()
        respond_by = add_business_days(now, self.RESPONSE_BUSINESS_DAYS[self.urgency])
        self._transition("send", by=by, consent=consent, sent_at=now, respond_by=respond_by)

    def accept(self, *, by=None, note: str = "", partner=False) -> None:
        self._transition("accept", by=by, note=note, partner=partner)

    def waitlist(self, *, by=None, note: str = "", partner=False) -> None:
        self._transition("waitlist", by=by, note=note, partner=partner)

    def decline(self, *, by=None, reason: str, note: str = "", partner=False) -> None:
        if reason not in Referral.DeclineReason.values:
            raise InvalidTransition("Choose the reason for declining.")
        self._transition("decline", by=by, note=note, partner=partner, decline_reason=reason)

    def schedule(self, *, by=None, appointment_at: datetime.datetime, note="", partner=False):
        if appointment_at is None:
            raise InvalidTransition("Give the appointment's date and time.")
        self._transition(
            "schedule", by=by, note=note, partner=partner, appointment_at=appointment_at
        )

    def complete(self, *, by=None, outcome: str, note: str = "", partner=False) -> None:
        if outcome not in Referral.Outcome.values:
            raise InvalidTransition("Choose the outcome.")
        self._transition("complete", by=by, note=note, partner=partner, outcome=outcome)

    def no_show(self, *, by=None, note: str = "", partner=False) -> None:
        self._transition("no_show", by=by, note=note, partner=partner)

    def cancel(self, *, by, note: str) -> None:
        if not note.strip():
            raise InvalidTransition("Say why the referral is cancelled.")
        self._transition("cancel", by=by, note=note)


class ReferralEvent(TransitionEvent):
    """Each move of a referral with who (or the partner link), when and a note."""

    subject = "referral"
    referral = models.ForeignKey(Referral, models.PROTECT, related_name="events")
    via_partner_link = models.BooleanField(default=False)

    class Meta(TransitionEvent.Meta):
        ordering = ["created_at", "pk"]


# ---------------------------------------------------------------------------------------------
# Partner links


class PartnerLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())


class PartnerLink(models.Model):
    """A single-use, expiring link for the receiving organization to answer one step.

    The URL carries the link's id and a random nonce, signed with SECRET_KEY: it cannot be
    guessed or altered, and the database alone cannot forge one. Each answer uses the link up and
    issues the next one for the following step.
    """

    VALID_DAYS = 14
    SALT = "referrals.partner-link"

    referral = models.ForeignKey(Referral, models.PROTECT, related_name="links")
    nonce = models.CharField(max_length=64, default=secrets.token_urlsafe, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        triggers = [pgtrigger.Protect(name="partnerlink_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"Link {self.pk} for referral {self.referral_id}"

    def get_absolute_url(self):
        return reverse("partner:respond", args=[self.token])

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.SALT).sign_object({"l": self.pk, "n": self.nonce})

    @classmethod
    def from_token(cls, token: str) -> "PartnerLink | None":
        """The link a token names, or None when it was altered or never issued."""
        try:
            data = signing.Signer(salt=cls.SALT).unsign_object(token)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        if not isinstance(data, dict):
            return None
        return (
            cls.objects.select_related(
                "referral__case__client", "referral__service__organization", "referral__consent"
            )
            .filter(pk=data.get("l"), nonce=data.get("n"))
            .first()
        )

    PROBLEMS = {
        "used": "This link has already been used. Ask the case manager for a new one.",
        "revoked": "This link was replaced by a newer one. Use the latest link you received.",
        "expired": "This link has expired. Ask the case manager for a new one.",
        "no_consent": "The client's consent no longer allows sharing this referral.",
        "closed": "This referral is closed.",
    }

    @property
    def problem_code(self) -> str:
        """Why the link cannot be used (a key of PROBLEMS, also the audit row's result); empty
        when it can."""
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        if not self.referral.consent_is_valid():
            return "no_consent"
        if self.referral.status not in Referral.OPEN:
            return "closed"
        return ""

    @property
    def problem(self) -> str:
        """The same, in words for the organization."""
        return self.PROBLEMS.get(self.problem_code, "")


class PartnerLinkUse(models.Model):
    """Every request to a partner link, good or refused: the audit of outside access."""

    link = models.ForeignKey(
        PartnerLink, models.PROTECT, null=True, blank=True, related_name="uses"
    )
    action = models.CharField(max_length=20, help_text="view, or the move answered")
    result = models.CharField(max_length=20, help_text="ok, or why it was refused")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="partnerlinkuse_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.action}: {self.result} at {self.created_at:%Y-%m-%d %H:%M}"
