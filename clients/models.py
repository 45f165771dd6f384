import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import TrigramSimilarity
from django.db import models, transaction
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Lower, TruncDate
from django.urls import reverse
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from accounts.models import Team
from casemgmt import history
from casemgmt.transitions import InvalidTransition, Transitions
from casemgmt.versioning import Versioned

__all__ = ["InvalidTransition"]  # re-exported: the clients app's callers import it from here


def _dmetaphone(expression):
    return Func(expression, function="dmetaphone", output_field=models.CharField())


def _teams_of(user):
    """Teams the user works in, as a subquery (members and supervisors)."""
    return Team.objects.filter(Q(members=user) | Q(supervisors=user)).values("pk")


def inner_circle(user, prefix=""):
    """Who may see restricted material of a case: primary CM, care team, team supervisors, and
    teammates holding an unexpired emergency access to it."""
    return (
        Q(**{f"{prefix}primary_case_manager": user})
        | Q(**{f"{prefix}pk__in": CareTeamMember.objects.filter(user=user).values("case_id")})
        | Q(**{f"{prefix}team__in": Team.objects.filter(supervisors=user).values("pk")})
        | Q(
            **{
                f"{prefix}pk__in": EmergencyAccess.objects.current()
                .filter(user=user)
                .values("case_id")
            }
        )
    )


# ---------------------------------------------------------------------------------------------
# Client


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clients with a case the user may see, or caseless ones registered by their team."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(
            Q(pk__in=Case.objects.visible_to(user).values("client_id"))
            | Q(
                ~Exists(Case.objects.filter(client=OuterRef("pk"))),
                registered_team__in=_teams_of(user),
            )
        )

    def findable_by(self, user):
        """What search shows: visible clients, plus those hidden only behind a restricted case of
        the user's team (`behind_restriction`), whom the user may open by emergency access."""
        visible = Client.objects.visible_to(user).values("pk")
        behind = Case.objects.open_to_emergency_access_by(user).values("client_id")
        return self.filter(Q(pk__in=visible) | Q(pk__in=behind)).annotate(
            behind_restriction=ExpressionWrapper(
                ~Q(pk__in=visible), output_field=models.BooleanField()
            )
        )

    def active(self):
        return self.filter(archived_at=None)

    def search(self, term: str):
        """Typo-tolerant: client number, date of birth, or name by trigram and sound."""
        term = " ".join(term.split())
        if not term:
            return self.none()
        match = Q(client_number__iexact=term)
        dob = _parse_date(term)
        if dob:
            match |= Q(date_of_birth=dob)
        words = [w for w in term.lower().split() if len(w) > 1]
        match |= Q(search_name__trigram_similar=term.lower()) | Q(
            search_name__contains=term.lower()
        )
        for word in words:
            match |= Q(first_name_sound=_dmetaphone(Value(word))) | Q(
                last_name_sound=_dmetaphone(Value(word))
            )
        return (
            self.filter(match)
            .annotate(similarity=TrigramSimilarity("search_name", term.lower()))
            .order_by("-similarity", "legal_last_name", "legal_first_name", "pk")
        )

    def probable_duplicates(self, *, first_name: str, last_name: str, date_of_birth):
        """Same date of birth and a similar name ("Jon Smyth" ~ "John Smith")."""
        name = f"{first_name} {last_name}".lower()
        return (
            self.filter(date_of_birth=date_of_birth)
            .annotate(similarity=TrigramSimilarity("search_name", name))
            .filter(
                Q(similarity__gte=0.3)
                | Q(
                    first_name_sound=_dmetaphone(Value(first_name)),
                    last_name_sound=_dmetaphone(Value(last_name)),
                )
            )
            .order_by("-similarity")
        )

    def for_list(self):
        return self.select_related("registered_team")

    def with_open_case_count(self, user):
        """Annotate `open_case_count`: open cases the user may see (restricted ones stay hidden)."""
        open_cases = (
            Case.objects.visible_to(user)
            .open()
            .filter(client=OuterRef("pk"))
            .order_by()
            .values("client")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(open_case_count=Coalesce(Subquery(open_cases), 0))

    def for_detail(self, user):
        """The client page: flags, contacts, coverage, consents and the cases the user may see."""
        return self.prefetch_related(
            Prefetch(
                "flags",
                queryset=ClientFlag.objects.filter(cleared_at=None),
                to_attr="active_flags",
            ),
            "contacts",
            "coverages",
            "consents",
            Prefetch(
                "cases",
                queryset=Case.objects.visible_to(user).for_list(),
                to_attr="visible_cases",
            ),
        )


def _parse_date(text: str):
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@history.track
class Client(Versioned):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        UNKNOWN = "unknown", "Unknown"
        DECLINED = "declined", "Declined to answer"

    client_number = models.CharField(max_length=12, unique=True, editable=False)
    legal_first_name = models.CharField("legal first name", max_length=80)
    legal_middle_name = models.CharField("legal middle name", max_length=80, blank=True)
    legal_last_name = models.CharField("legal last name", max_length=80)
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="The name the person wants to be called."
    )
    date_of_birth = models.DateField()
    sex_at_birth = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=30, blank=True, help_text="e.g. she/her, they/them")
    preferred_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address_line1 = models.CharField("address", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField("ZIP code", max_length=10, blank=True)
    county = models.CharField(max_length=100, blank=True)

    registered_team = models.ForeignKey(
        Team, models.PROTECT, related_name="registered_clients", editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    duplicate_override_reason = models.TextField(
        blank=True,
        editable=False,
        help_text="Why the client was registered although a probable duplicate was shown.",
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archive_reason = models.TextField(blank=True, editable=False)

    # Search support. Generated by PostgreSQL so every write path (bulk, raw, admin) keeps them.
    search_name = models.GeneratedField(
        expression=Lower(
            Concat(
                "legal_first_name",
                Value(" "),
                "legal_last_name",
                Value(" "),
                "preferred_name",
                output_field=models.CharField(),
            )
        ),
        output_field=models.CharField(max_length=250),
        db_persist=True,
    )
    first_name_sound = models.GeneratedField(
        expression=_dmetaphone(F("legal_first_name")),
        output_field=models.CharField(max_length=10),
        db_persist=True,
    )
    last_name_sound = models.GeneratedField(
        expression=_dmetaphone(F("legal_last_name")),
        output_field=models.CharField(max_length=10),
        db_persist=True,
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        indexes = [
            # Client search and duplicate detection: name by trigram (% and LIKE).
            GinIndex(OpClass("search_name", name="gin_trgm_ops"), name="client_name_trgm"),
            # Duplicate detection narrows by date of birth first; search by sound.
            models.Index(fields=["date_of_birth"], name="client_dob"),
            models.Index(fields=["last_name_sound", "first_name_sound"], name="client_name_sound"),
        ]
        triggers = [
            # Clients are archived, never deleted (DESIGN.md §4).
            pgtrigger.Protect(name="client_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.client_number})"

    def get_absolute_url(self):
        return reverse("clients:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        return " ".join(
            p for p in (self.legal_first_name, self.legal_middle_name, self.legal_last_name) if p
        )

    @property
    def age(self) -> int:
        today = timezone.localdate()
        dob = self.date_of_birth
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @transaction.atomic
    def archive(self, *, by, reason: str) -> None:
        """Archive instead of delete; refused while the client has an open case."""
        if self.cases.exclude(status=Case.Status.CLOSED).exists():
            raise InvalidTransition("Close the client's open cases before archiving the client.")
        changed = Client.objects.filter(pk=self.pk, archived_at=None).update(
            archived_at=timezone.now(), archive_reason=reason, updated_by=by
        )
        if changed != 1:
            raise InvalidTransition("This client is already archived.")
        self.refresh_from_db(fields=["archived_at", "archive_reason"])

    @transaction.atomic
    def unarchive(self, *, by) -> None:
        changed = (
            Client.objects.filter(pk=self.pk)
            .exclude(archived_at=None)
            .update(archived_at=None, archive_reason="", updated_by=by)
        )
        if changed != 1:
            raise InvalidTransition("This client is not archived.")
        self.refresh_from_db(fields=["archived_at", "archive_reason"])

    def record_history(self):
        """Changes to the client's record and to what hangs off it, newest first.

        Case history is left out: cases have their own access rules and pages.
        """
        return (
            MiddlewareEvents.objects.references(self)
            .across(
                "clients.ClientHistory",
                "clients.ContactHistory",
                "clients.CoverageHistory",
                "clients.ConsentHistory",
                "clients.ClientFlagHistory",
            )
            .order_by("-pgh_created_at", "-pgh_id")
        )


class ClientDataQuerySet(models.QuerySet):
    """For records hanging off a client: visible when the client is."""

    def visible_to(self, user):
        return self.filter(client__in=Client.objects.visible_to(user))


@history.track
class ClientFlag(models.Model):
    class Kind(models.TextChoices):
        SAFETY_RISK = "safety_risk", "Safety risk"
        DO_NOT_CONTACT_AT_HOME = "no_home_contact", "Do not contact at home"
        FALL_RISK = "fall_risk", "Fall risk"
        COGNITIVE = "cognitive", "Cognitive impairment"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, models.PROTECT, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ClientDataQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(cleared_at=None),
                name="clientflag_one_active_per_kind",
            )
        ]
        triggers = [pgtrigger.Protect(name="clientflag_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return self.get_kind_display()

    def clear(self, *, by) -> None:
        changed = ClientFlag.objects.filter(pk=self.pk, cleared_at=None).update(
            cleared_at=timezone.now(), cleared_by=by
        )
        if changed != 1:
            raise InvalidTransition("This flag is already cleared.")
        self.refresh_from_db(fields=["cleared_at", "cleared_by"])


@history.track
class Contact(models.Model):
    class Relationship(models.TextChoices):
        SPOUSE = "spouse", "Spouse / partner"
        PARENT = "parent", "Parent"
        CHILD = "child", "Child"
        SIBLING = "sibling", "Sibling"
        OTHER_FAMILY = "family", "Other family"
        GUARDIAN = "guardian", "Legal guardian"
        POA = "poa", "Power of attorney / health-care proxy"
        FRIEND = "friend", "Friend / neighbor"
        FAITH = "faith", "Faith community"
        PHYSICIAN = "physician", "Physician / PCP"
        THERAPIST = "therapist", "Therapist / counselor"
        PROFESSIONAL = "professional", "Other professional"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    organization = models.CharField(max_length=160, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    may_receive_information = models.BooleanField(
        default=False, help_text="The client allows us to share information with this person."
    )
    is_emergency_contact = models.BooleanField("emergency contact", default=False)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField("active", default=True)

    objects = ClientDataQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-is_emergency_contact", "name"]
        triggers = [pgtrigger.Protect(name="contact_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


@history.track
class Coverage(models.Model):
    class Payer(models.TextChoices):
        MEDICARE = "medicare", "Medicare"
        MEDICARE_ADVANTAGE = "medicare_adv", "Medicare Advantage"
        MEDICAID = "medicaid", "Medicaid"
        DUAL = "dual", "Dual eligible (Medicare + Medicaid)"
        COMMERCIAL = "commercial", "Commercial"
        MARKETPLACE = "marketplace", "Marketplace (ACA)"
        MILITARY = "military", "VA / TRICARE"
        OTHER = "other", "Other"
        NONE = "none", "None / self-pay"

    class Rank(models.IntegerChoices):
        PRIMARY = 1, "Primary"
        SECONDARY = 2, "Secondary"
        TERTIARY = 3, "Tertiary"

    client = models.ForeignKey(Client, models.PROTECT, related_name="coverages")
    payer = models.CharField(max_length=20, choices=Payer.choices)
    payer_name = models.CharField(
        max_length=120, blank=True, help_text="e.g. Aetna, UnitedHealthcare"
    )
    plan_name = models.CharField(max_length=120, blank=True)
    member_id = models.CharField("member ID", max_length=60, blank=True)
    group_number = models.CharField(max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(choices=Rank.choices, default=Rank.PRIMARY)
    effective_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = ClientDataQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "-effective_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("effective_on")),
                name="coverage_ends_after_start",
            )
        ]
        triggers = [pgtrigger.Protect(name="coverage_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_rank_display()}: {self.get_payer_display()} {self.plan_name}".strip()

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.effective_on <= today and (self.ends_on is None or self.ends_on >= today)


class ConsentQuerySet(ClientDataQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(signed_on__lte=day, expires_on__gte=day, revoked_on=None)


@history.track
class Consent(models.Model):
    class Kind(models.TextChoices):
        RELEASE = "roi", "Release of information"
        TREATMENT = "treatment", "Consent to services / treatment"
        SUBSTANCE_USE = "part2", "Substance-use disclosure (42 CFR Part 2)"

    class Scope(models.TextChoices):
        ORGANIZATION = "organization", "A named organization"
        CARE_TEAM = "care_team", "Any provider in the care team"

    client = models.ForeignKey(Client, models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    scope = models.CharField(
        "permits disclosure to", max_length=12, choices=Scope.choices, default=Scope.ORGANIZATION
    )
    organization = models.ForeignKey(
        "referrals.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text="The organization in the resource directory, when it is listed there.",
    )
    organization_name = models.CharField(
        max_length=160, blank=True, help_text="Required when disclosure is to a named organization."
    )
    purpose = models.CharField(max_length=200, help_text="e.g. care coordination, housing referral")
    signed_on = models.DateField()
    expires_on = models.DateField(help_text="Every consent expires; no open-ended consents.")
    revoked_on = models.DateField(null=True, blank=True, editable=False)
    revoke_reason = models.TextField(blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    notes = models.TextField(blank=True)

    objects = ConsentQuerySet.as_manager()

    EXPIRY_WARNING_DAYS = 30

    class Meta:
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("signed_on")), name="consent_expires_after_signing"
            ),
            models.CheckConstraint(
                condition=~Q(scope="organization", organization_name=""),
                name="consent_names_organization",
            ),
        ]
        indexes = [
            # The reminder scan for consents about to expire (clients/reminders.py): expired
            # consents stay on file for good, so the table grows while the expiring few do not.
            models.Index(
                fields=["expires_on"], condition=Q(revoked_on=None), name="consent_unrevoked_expiry"
            ),
        ]
        triggers = [pgtrigger.Protect(name="consent_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        to = self.organization_name or self.get_scope_display()
        return f"{self.get_kind_display()} → {to}"

    @property
    def state(self) -> str:
        today = timezone.localdate()
        if self.revoked_on:
            return "revoked"
        if self.expires_on < today:
            return "expired"
        if self.signed_on > today:
            return "not yet in effect"
        return "valid"

    @property
    def expires_soon(self) -> bool:
        """Valid today but expiring within EXPIRY_WARNING_DAYS: time to renew it."""
        warn_from = timezone.localdate() + datetime.timedelta(days=self.EXPIRY_WARNING_DAYS)
        return self.state == "valid" and self.expires_on <= warn_from

    def revoke(self, *, by, reason: str) -> None:
        changed = Consent.objects.filter(pk=self.pk, revoked_on=None).update(
            revoked_on=timezone.localdate(), revoke_reason=reason
        )
        if changed != 1:
            raise InvalidTransition("This consent is already revoked.")
        self.refresh_from_db(fields=["revoked_on", "revoke_reason"])


# ---------------------------------------------------------------------------------------------
# Case


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """DESIGN.md §3: the user's teams' cases; restricted ones only for the inner circle."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(team__in=_teams_of(user)).filter(
            Q(restricted=False) | inner_circle(user)
        )

    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def open_to_emergency_access_by(self, user):
        """Restricted cases of the teams the user works on that the user may not see yet.

        DESIGN.md §3: such a teammate may break the glass, with a reason, for a limited time.
        Supervisors and admins already see them; other teams never learn they exist.
        """
        if not user.is_authenticated or user.is_admin:
            return self.none()
        return self.filter(
            restricted=True, team__in=Team.objects.filter(members=user).values("pk")
        ).exclude(pk__in=Case.objects.visible_to(user).values("pk"))

    def caseload_of(self, user):
        """Open cases the user carries: as primary case manager or on the care team."""
        return self.open().filter(
            Q(primary_case_manager=user)
            | Q(pk__in=CareTeamMember.objects.filter(user=user).values("case_id"))
        )

    def with_contact_due(self, today: datetime.date | None = None):
        """`contact_due_on`: the day client contact falls due, the acuity's
        Case.contact_due_days() after the last contact (after opening while there has been none);
        `contact_overdue`: that day is before `today` (the local date unless given)."""
        interval = models.Case(
            *(
                models.When(acuity=acuity, then=Value(days))
                for acuity, days in Case.contact_due_days().items()
            )
        )
        # date + integer is a date in PostgreSQL.
        due_on = Coalesce(TruncDate("last_contact_at"), "opened_on") + interval
        overdue = Q(contact_due_on__lt=today or timezone.localdate())
        return self.annotate(
            contact_due_on=ExpressionWrapper(due_on, output_field=models.DateField())
        ).annotate(contact_overdue=ExpressionWrapper(overdue, output_field=models.BooleanField()))

    def caseload_summary(self) -> dict[str, int]:
        """The caseload's headline counts, in one aggregate query."""
        return self.with_contact_due().aggregate(
            open_cases=Count("pk"),
            high_acuity=Count("pk", filter=Q(acuity__gte=Case.Acuity.HIGH)),
            overdue_contact=Count("pk", filter=Q(contact_overdue=True)),
            overdue_assessment=Count("pk", filter=Q(assessment_due_on__lt=timezone.localdate())),
        )

    def for_list(self):
        return self.select_related("client", "program", "team", "primary_case_manager")


@history.track(exclude=["last_contact_at"])
class Case(Transitions, Versioned):
    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        INTAKE = "intake", "Intake"
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        CLOSED = "closed", "Closed"

    class Acuity(models.IntegerChoices):
        LOW = 1, "Low"
        MODERATE = 2, "Moderate"
        HIGH = 3, "High"
        INTENSIVE = 4, "Intensive"

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        CLIENT_DECLINED = "declined", "Client declined further services"
        TRANSFERRED = "transferred", "Transferred to another program or agency"
        MOVED = "moved", "Moved out of service area"
        LOST_CONTACT = "lost_contact", "Unable to contact"
        INELIGIBLE = "ineligible", "No longer eligible"
        DECEASED = "deceased", "Deceased"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, models.PROTECT, related_name="cases")
    program = models.ForeignKey("accounts.Program", models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, models.PROTECT, related_name="cases")
    primary_case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="primary_cases"
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CareTeamMember",
        related_name="care_team_cases",
        blank=True,
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.INTAKE, editable=False
    )
    acuity = models.PositiveSmallIntegerField(choices=Acuity.choices, default=Acuity.MODERATE)
    restricted = models.BooleanField(
        default=False,
        help_text="Substance use, HIV, abuse or psychotherapy material: visible only to the "
        "primary case manager, the care team and the team's supervisors.",
    )
    referral_source = models.CharField(max_length=160, blank=True)
    presenting_need = models.TextField(blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True, editable=False
    )
    assessment_due_on = models.DateField(
        "assessment due",
        null=True,
        blank=True,
        editable=False,
        help_text="The program's window after opening, then its interval after each assessment.",
    )
    # Kept by the database (casenote_last_contact, after CaseNote), whatever path writes a note:
    # the caseload and the no-contact reminder read it instead of every case's notes. Not in the
    # case's history: a note is not a change to the case record.
    last_contact_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the latest note of client contact says it happened (addenda aside).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closes_after_opening",
            ),
        ]
        indexes = [
            # "My caseload": the open cases of one case manager.
            models.Index(
                fields=["primary_case_manager", "status"],
                condition=~Q(status="closed"),
                name="case_open_by_manager",
            ),
            # Team scoping in visible_to, and supervisors' team lists.
            models.Index(fields=["team", "status"], name="case_team_status"),
            # The reminder scan for reassessments due, and the caseload's sort by due date.
            models.Index(
                fields=["assessment_due_on"],
                condition=~Q(status="closed"),
                name="case_open_assessment_due",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="case_no_delete", operation=pgtrigger.Delete),
            # last_contact_at is written by casenote_last_contact alone (a trigger's UPDATE, so
            # one level deeper): a full save() of a case read before a note was added would
            # otherwise put the older contact back.
            pgtrigger.Trigger(
                name="case_last_contact_from_notes",
                when=pgtrigger.Before,
                operation=pgtrigger.UpdateOf("last_contact_at"),
                func="""
                    IF pg_trigger_depth() = 1 THEN
                        NEW.last_contact_at := OLD.last_contact_at;
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return f"Case {self.pk} · {self.client.display_name}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    # Transitions: referred → intake → active ⇄ on hold → closed; closed → active (reopen).
    MOVES = {
        "start_intake": ("Start intake", {Status.REFERRED}, Status.INTAKE),
        "activate": ("Activate", {Status.INTAKE}, Status.ACTIVE),
        "hold": ("Put on hold", {Status.ACTIVE}, Status.ON_HOLD),
        "resume": ("Resume", {Status.ON_HOLD}, Status.ACTIVE),
        "close": (
            "Close case",
            {Status.REFERRED, Status.INTAKE, Status.ACTIVE, Status.ON_HOLD},
            Status.CLOSED,
        ),
        "reopen": ("Reopen", {Status.CLOSED}, Status.ACTIVE),
    }

    def event_kind(self, move: str) -> str:
        return CaseEvent.Kind.STATUS

    def start_intake(self, *, by, note: str = "") -> None:
        self._move("start_intake", by=by, note=note)

    def activate(self, *, by, note: str = "") -> None:
        self._move("activate", by=by, note=note)

    def hold(self, *, by, note: str) -> None:
        self._require(note, "Say why the case is going on hold.")
        self._move("hold", by=by, note=note)

    def resume(self, *, by, note: str = "") -> None:
        self._move("resume", by=by, note=note)

    def close(self, *, by, reason: str, note: str = "") -> None:
        if reason not in Case.ClosureReason.values:
            raise InvalidTransition("Choose a closure reason.")
        self._move("close", by=by, note=note, closed_on=timezone.localdate(), closure_reason=reason)

    def reopen(self, *, by, note: str) -> None:
        self._require(note, "Say why the case is being reopened.")
        self._move("reopen", by=by, note=note, closed_on=None, closure_reason="")

    @staticmethod
    def _require(text: str, message: str) -> None:
        if not text.strip():
            raise InvalidTransition(message)

    @property
    def is_open(self) -> bool:
        return self.status != Case.Status.CLOSED

    def next_assessment_due(self, last_assessed_on: datetime.date | None = None) -> datetime.date:
        """The program's initial window from opening, or its reassessment interval from the last
        assessment that resets the clock."""
        if last_assessed_on is None:
            return self.opened_on + datetime.timedelta(days=self.program.initial_assessment_days)
        return last_assessed_on + datetime.timedelta(days=self.program.reassessment_days)

    @property
    def assessment_overdue(self) -> bool:
        return bool(self.assessment_due_on and self.assessment_due_on < timezone.localdate())

    @classmethod
    def contact_due_days(cls) -> dict["Case.Acuity", int]:
        """Days without client contact after which contact is overdue, by acuity, most intensive
        first (settings.CONTACT_DUE_DAYS). The caseload's highlight, its "overdue contact" count
        and the no-contact reminder all read it, through with_contact_due()."""
        return {
            acuity: settings.CONTACT_DUE_DAYS[acuity.name.lower()]
            for acuity in sorted(cls.Acuity, reverse=True)
        }

    @property
    def days_since_contact(self) -> int | None:
        """Calendar days since the last client contact."""
        if self.last_contact_at is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.last_contact_at)).days

    @transaction.atomic
    def add_note(self, note: "CaseNote", *, by, sign: bool = False) -> "CaseNote":
        """Record a note by `by`, signed at once when asked; closed cases take addenda only.

        The case row is locked so a concurrent close cannot slip in between check and insert.
        """
        if not Case.objects.select_for_update().open().filter(pk=self.pk).exists():
            raise InvalidTransition(
                "This case is closed, so it takes no new notes. Reopen it to record a new "
                "contact, or add an addendum to a signed note."
            )
        note.case, note.author = self, by
        note.save()
        if sign:
            note.sign(by=by)
        return note


@history.track
class CareTeamMember(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="care_team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    role = models.CharField(max_length=80, blank=True, help_text="e.g. therapist, peer specialist")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="careteam_unique_member")
        ]

    def __str__(self):
        return f"{self.user} on {self.case_id}"


class CaseEvent(models.Model):
    """Append-only record of each status move (who, when, from, to, why)."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        STATUS = "status", "Status changed"

    case = models.ForeignKey(Case, models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=10, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Case.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="caseevent_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.from_status} → {self.to_status}"


class EmergencyAccessQuerySet(models.QuerySet):
    def current(self):
        return self.filter(expires_at__gt=timezone.now())


@history.track
class EmergencyAccess(models.Model):
    """ "Break the glass" (DESIGN.md §3): a teammate outside a restricted case's inner circle opens
    it for a stated reason, for a limited time; the team's supervisors are told at once (an urgent
    reminder, in the app and by email: services.grant_emergency_access).

    Append-only: the grants are the audit record of who opened what, when and why.
    """

    case = models.ForeignKey(Case, models.PROTECT, related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name_plural = "emergency accesses"
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expires")]
        triggers = [pgtrigger.Protect(name="emergencyaccess_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.user} on case {self.case_id} at {self.granted_at:%Y-%m-%d %H:%M}"

    @property
    def is_current(self) -> bool:
        return self.expires_at > timezone.now()


# ---------------------------------------------------------------------------------------------
# Notes


class CaseRecordQuerySet(models.QuerySet):
    """Records of a case that can be marked restricted themselves (notes, assessments): DESIGN.md
    §3. Visible with their case; a restricted one only to the case's inner circle."""

    # Where the record's own `restricted` flag lives, for records that take it from another row.
    restricted_field = "restricted"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        records = self.filter(case__in=Case.objects.visible_to(user))
        if user.is_admin:
            return records
        return records.filter(
            Q(**{self.restricted_field: False}) | inner_circle(user, prefix="case__")
        )


class CaseNoteQuerySet(CaseRecordQuerySet):
    def for_timeline(self):
        return (
            self.select_related("author", "case__program", "signed_by")
            .prefetch_related("addenda__author")
            .filter(addendum_to=None)
            .order_by("-occurred_at", "-pk")
        )


@history.track
class CaseNote(models.Model):
    class ContactType(models.TextChoices):
        PHONE = "phone", "Phone call"
        OFFICE = "office", "Office visit"
        HOME = "home", "Home visit"
        COLLATERAL = "collateral", "Collateral contact"
        MESSAGE = "message", "Email / message"
        SUPERVISION = "supervision", "Supervision"

        @classmethod
        def with_client(cls) -> list[str]:
            """Contact types that count as contact with the client (for 'days since contact')."""
            return [cls.PHONE, cls.OFFICE, cls.HOME, cls.MESSAGE]

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    case = models.ForeignKey(Case, models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    contact_type = models.CharField(max_length=12, choices=ContactType.choices)
    occurred_at = models.DateTimeField("date and time", default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", null=True, blank=True)
    narrative = models.TextField()
    restricted = models.BooleanField(
        default=False,
        help_text="Psychotherapy, substance-use, HIV or abuse content: visible only to the "
        "primary case manager, the care team and the team's supervisors.",
    )
    status = models.CharField(
        max_length=6, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    addendum_to = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="addenda", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="casenote_duration_at_most_a_day",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", signed_at__isnull=True)
                | Q(status="signed", signed_at__isnull=False),
                name="casenote_signed_at_iff_signed",
            ),
        ]
        indexes = [
            # Case timeline (newest first) and the caseload's "days since last contact".
            models.Index(fields=["case", "-occurred_at"], name="casenote_case_timeline"),
        ]
        triggers = [
            # A signed note is immutable: corrections are addenda (DESIGN.md §4).
            pgtrigger.Protect(
                name="casenote_signed_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="signed"),
            ),
            pgtrigger.Protect(name="casenote_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.get_contact_type_display()} on {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.case.get_absolute_url()}#note-{self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == CaseNote.Status.SIGNED

    def can_edit(self, user) -> bool:
        return not self.is_signed and self.author_id == user.pk

    @transaction.atomic
    def sign(self, *, by) -> None:
        """Sign a draft: only its author may, and from then on the database refuses changes."""
        if self.author_id != by.pk:
            raise InvalidTransition("Only the author can sign this note.")
        now = timezone.now()
        changed = CaseNote.objects.filter(pk=self.pk, status=CaseNote.Status.DRAFT).update(
            status=CaseNote.Status.SIGNED, signed_at=now, signed_by=by
        )
        if changed != 1:
            raise InvalidTransition("This note is already signed.")
        self.refresh_from_db(fields=["status", "signed_at", "signed_by"])


def _last_contact_trigger() -> pgtrigger.Trigger:
    """Keeps Case.last_contact_at the latest client contact among the case's notes, counted as
    CaseNote.ContactType.with_client() says (addenda are corrections, not contacts), for every
    path that writes notes: services, admin, a bulk update, SQL. The list of contact types is
    built into the SQL, so changing it shows up in makemigrations."""
    with_client = ", ".join(
        f"'{contact_type}'" for contact_type in CaseNote.ContactType.with_client()
    )
    return pgtrigger.Trigger(
        name="casenote_last_contact",
        when=pgtrigger.After,
        operation=pgtrigger.Insert
        | pgtrigger.UpdateOf("case_id", "occurred_at", "contact_type", "addendum_to_id")
        | pgtrigger.Delete,
        declare=[("touched", "bigint")],
        func=f"""
            -- Django's save() names every column, changed or not.
            IF TG_OP = 'UPDATE' AND (OLD.case_id, OLD.occurred_at, OLD.contact_type,
                OLD.addendum_to_id) IS NOT DISTINCT FROM (NEW.case_id, NEW.occurred_at,
                NEW.contact_type, NEW.addendum_to_id) THEN
                RETURN NULL;
            END IF;
            -- A note moved to another case changes both (ordered, so two moves cannot deadlock).
            FOR touched IN
                SELECT DISTINCT id FROM unnest(ARRAY[OLD.case_id, NEW.case_id]) AS id
                WHERE id IS NOT NULL ORDER BY id
            LOOP
                -- Wait until a concurrent transaction writing this case's notes commits: the
                -- UPDATE's fresh snapshot then sees its note, so neither max misses the other's.
                -- NO KEY UPDATE, as the UPDATE itself takes: the inserts' foreign-key checks
                -- (KEY SHARE) on the case do not block it, so two note writers cannot deadlock.
                PERFORM FROM clients_case WHERE id = touched FOR NO KEY UPDATE;
                UPDATE clients_case SET last_contact_at = latest.occurred_at
                FROM (
                    SELECT max(occurred_at) AS occurred_at FROM clients_casenote
                    WHERE case_id = touched AND addendum_to_id IS NULL
                        AND contact_type IN ({with_client})
                ) AS latest
                WHERE id = touched AND last_contact_at IS DISTINCT FROM latest.occurred_at;
            END LOOP;
            RETURN NULL;
        """,  # noqa: S608 (the contact types are the code's constants)
    )


pgtrigger.register(_last_contact_trigger())(CaseNote)
