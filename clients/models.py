import datetime
import re
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
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
from django.db.models.functions import Coalesce, Concat, Lower
from django.urls import reverse
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from accounts.models import Team
from casemgmt import history
from casemgmt.transitions import InvalidTransition
from casemgmt.versioning import Versioned

from .holders import holders


def _dmetaphone(expression):
    return Func(expression, function="dmetaphone", output_field=models.CharField())


# ---------------------------------------------------------------------------------------------
# Client


def _seen_by(user, client: str = "") -> Q:
    """Clients with a case the user may see, or caseless ones registered by their team, for rows
    reached by `client` (the lookup to the client: "" for clients, "client__" for what hangs off
    one). A condition on each row, not a list of every visible client, so a query that starts
    from a few rows (a search's matches, one client's page) checks just those."""
    cases = holders()
    client_id = f"{client}id" if client else "pk"
    return Q(**{f"{client_id}__in": cases.visible_to(user).values("client_id")}) | Q(
        ~Exists(cases.filter(client=OuterRef(client_id))),
        **{f"{client}registered_team_id__in": user.team_ids},
    )


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clients with a case the user may see, or caseless ones registered by their team."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(_seen_by(user))

    def findable_by(self, user):
        """What search shows: visible clients, plus those hidden only behind a restricted case of
        the user's team (`behind_restriction`), whom the user may open by emergency access."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.annotate(behind_restriction=Value(False))
        seen = _seen_by(user)
        behind = holders().open_to_emergency_access_by(user).values("client_id")
        return self.filter(seen | Q(pk__in=behind)).annotate(
            behind_restriction=ExpressionWrapper(~seen, output_field=models.BooleanField())
        )

    def active(self):
        return self.filter(archived_at=None)

    def search(self, term: str):
        """Typo-tolerant: client number, date of birth (names then only rank), or name by
        substring, trigram similarity and sound.

        Each kind of match is its own query served by its own index (the unique client number,
        client_dob, client_name_trgm for substring and similarity, client_name_sound and
        client_first_name_sound), stopped at SEARCH_LIMIT rows; their union is what the scope
        (this queryset's filters) is applied to, so a search never reads every client of the
        agency. Ranked: date of birth matches first, then by name similarity."""
        query = SearchTerms.parse(term)
        branches = query.branches(Client.objects.order_by())
        if not branches:
            return self.none()
        first, *rest = (branch.values("pk")[:SEARCH_LIMIT] for branch in branches)
        ranked = self.filter(_pk_in_array(first.union(*rest) if rest else first))
        order = ["legal_last_name", "legal_first_name", "pk"]
        if query.dates:
            ranked = ranked.annotate(
                born_then=ExpressionWrapper(
                    Q(date_of_birth__in=query.dates), output_field=models.BooleanField()
                )
            )
            order.insert(0, "-born_then")
        if query.text:
            ranked = ranked.annotate(similarity=TrigramSimilarity("search_name", query.text))
            order.insert(1 if query.dates else 0, "-similarity")
        return ranked.order_by(*order)

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
            holders()
            .visible_to(user)
            .open()
            .filter(client=OuterRef("pk"))
            .order_by()
            .values("client")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(open_case_count=Coalesce(Subquery(open_cases), 0))

    def for_detail(self):
        """The client page's own sections: flags, contacts, coverage and consents."""
        return self.prefetch_related(
            Prefetch(
                "flags",
                queryset=ClientFlag.objects.filter(cleared_at=None),
                to_attr="active_flags",
            ),
            "contacts",
            Prefetch("coverages", queryset=Coverage.objects.with_current()),
            "consents",
        )


def _parse_date(text: str):
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# The most matches a search shows; past that the user is asked to narrow it down.
SEARCH_LIMIT = 100
# The trigram index serves a substring of three letters or more; a shorter word ("Al", "Wu")
# matches by its sound, and ranks.
SUBSTRING_LETTERS = 3
CLIENT_NUMBER = re.compile(r"^[A-Za-z]\d{3,}$")


def _pk_in_array(ids: models.QuerySet) -> Func:
    """`pk = ANY(ARRAY(ids))`: PostgreSQL runs the subquery first, once, and fetches its rows
    by primary key. As `pk IN (ids)` the planner merged the matches with every client in id
    order, checking the scope on each: 280 ms for a substring at 200,000 clients, 24 ms so."""
    return Func(
        F("pk"),
        ArraySubquery(ids),
        arg_joiner=" = ANY(",
        template="(%(expressions)s))",
        output_field=models.BooleanField(),
    )


@dataclass(frozen=True)
class SearchTerms:
    """What a search box's text asks for: client numbers, dates of birth and name words."""

    numbers: tuple[str, ...]
    dates: tuple[datetime.date, ...]
    words: tuple[str, ...]

    @classmethod
    def parse(cls, term: str) -> "SearchTerms":
        numbers, dates, words = [], [], []
        for token in term.split():
            if CLIENT_NUMBER.match(token):
                numbers.append(token.upper())
            elif day := _parse_date(token):
                dates.append(day)
            elif len(token) > 1:
                words.append(token.lower())
        return cls(tuple(numbers), tuple(dates), tuple(words))

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def branches(self, clients: models.QuerySet) -> list[models.QuerySet]:
        """One query per kind of match, each served by an index. With a date of birth, the
        clients born that day are few; the name only ranks them."""
        branches = [clients.filter(client_number=number) for number in self.numbers]
        if self.dates:
            return [*branches, clients.filter(date_of_birth__in=self.dates)]
        if not self.words:
            return branches
        if substrings := [w for w in self.words if len(w) >= SUBSTRING_LETTERS]:
            branches.append(clients.filter(*(Q(search_name__contains=w) for w in substrings)))
            branches.append(clients.filter(search_name__trigram_similar=self.text))
        for word in self.words:
            sound = _dmetaphone(Value(word))
            branches += [
                clients.filter(last_name_sound=sound),
                clients.filter(first_name_sound=sound),
            ]
        return branches


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
            # Search by the sound of a first name (ClientQuerySet.search): the index above
            # serves last names only.
            models.Index(fields=["first_name_sound"], name="client_first_name_sound"),
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

    def has_active_safety_flag(self) -> bool:
        return self.flags.filter(kind=ClientFlag.Kind.SAFETY_RISK, cleared_at=None).exists()

    @transaction.atomic
    def archive(self, *, by, reason: str) -> None:
        """Archive instead of delete; refused while the client has an open case."""
        if holders().filter(client=self).open().exists():
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
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(_seen_by(user, client="client__"))


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


class ContactQuerySet(ClientDataQuerySet):
    def informed(self):
        """Active contacts the client allows us to share information with: the ones a printed
        plan or a referral packet may list."""
        return self.filter(is_active=True, may_receive_information=True)


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

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-is_emergency_contact", "name"]
        triggers = [pgtrigger.Protect(name="contact_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


def _in_effect(day: datetime.date | None = None) -> Q:
    """Coverage in effect on `day` (today unless given): started, and not ended before it."""
    day = day or timezone.localdate()
    return Q(effective_on__lte=day) & (Q(ends_on=None) | Q(ends_on__gte=day))


class CoverageQuerySet(ClientDataQuerySet):
    def current(self, day: datetime.date | None = None):
        return self.filter(_in_effect(day))

    def with_current(self):
        """`is_current`: in effect today, for lists that show every coverage."""
        return self.annotate(
            is_current=ExpressionWrapper(_in_effect(), output_field=models.BooleanField())
        )


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

    objects = CoverageQuerySet.as_manager()

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
    def is_valid(self) -> bool:
        return self.state == "valid"

    @property
    def is_revoked(self) -> bool:
        return self.state == "revoked"

    @property
    def is_expired(self) -> bool:
        return self.state == "expired"

    @property
    def expires_soon(self) -> bool:
        """Valid today but expiring within EXPIRY_WARNING_DAYS: time to renew it."""
        warn_from = timezone.localdate() + datetime.timedelta(days=self.EXPIRY_WARNING_DAYS)
        return self.is_valid and self.expires_on <= warn_from

    def revoke(self, *, by, reason: str) -> None:
        changed = Consent.objects.filter(pk=self.pk, revoked_on=None).update(
            revoked_on=timezone.localdate(), revoke_reason=reason
        )
        if changed != 1:
            raise InvalidTransition("This consent is already revoked.")
        self.refresh_from_db(fields=["revoked_on", "revoke_reason"])
