"""Assessment instruments as data (Instrument → Section → Item → ResponseOption, with severity
bands), and the assessments completed on them.

An instrument is edited only while it is a draft; publishing freezes it (database triggers refuse
changes to its items and options), and a revision is a copy published as the next version. An
assessment points at the exact version it was answered on, so old answers stay readable as given.
"""

from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from casemgmt import history
from casemgmt.transitions import InvalidTransition, TransitionEvent, Transitions, move
from casemgmt.versioning import Versioned
from cases.models import Case, CaseRecordQuerySet

if TYPE_CHECKING:
    from .scoring import Result


class Domain(models.Model):
    """A life domain (housing, food, mental health…): what ratings, needs and goals are about."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    sensitive = models.BooleanField(
        default=False,
        help_text="Mental health or substance use: an instrument asking about it is restricted "
        "on a restricted case (DESIGN.md §3).",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------
# Instruments


class InstrumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Instrument.Status.PUBLISHED)

    def with_structure(self):
        """Sections, items with their domains, options and bands: four queries, any size."""
        return self.prefetch_related(
            "bands",
            Prefetch(
                "sections",
                queryset=Section.objects.select_related("domain").prefetch_related(
                    Prefetch(
                        "items",
                        queryset=Item.objects.select_related("domain").prefetch_related("options"),
                    )
                ),
            ),
        )


class Instrument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (being written)"
        PUBLISHED = "published", "Published (in use)"
        RETIRED = "retired", "Retired (replaced or withdrawn)"

    class Scoring(models.TextChoices):
        SUM = "sum", "Questionnaire: total of item scores, read against severity bands"
        MATRIX = "matrix", "Domain matrix: each item rates one domain on its own scale"
        SCREEN = "screen", "Screener: a section is positive when its items reach its threshold"

    code = models.SlugField(max_length=40, help_text="Stable across versions, e.g. phq-9.")
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    instructions = models.TextField(blank=True, help_text="Shown above the questions.")
    scoring = models.CharField(max_length=10, choices=Scoring.choices)
    domain = models.ForeignKey(
        Domain,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Questionnaires: the domain a total in a 'need' band is a need in.",
    )
    need_at_or_below = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Matrices: a domain rated at or below this is an identified need.",
    )
    resets_reassessment = models.BooleanField(
        default=False,
        help_text="Completing it starts the program's reassessment interval again.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            # Starting an assessment picks "the" published version of an instrument.
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="published"), name="instrument_one_published"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == Instrument.Status.DRAFT

    @property
    def is_matrix(self) -> bool:
        return self.scoring == Instrument.Scoring.MATRIX

    @transaction.atomic
    def publish(self) -> None:
        """Put this draft in use; the version it replaces is retired (its assessments stay)."""
        if not self.items().exists():
            raise InvalidTransition(f"{self} has no questions yet.")
        Instrument.objects.filter(code=self.code, status=Instrument.Status.PUBLISHED).update(
            status=Instrument.Status.RETIRED
        )
        changed = Instrument.objects.filter(pk=self.pk, status=Instrument.Status.DRAFT).update(
            status=Instrument.Status.PUBLISHED, published_at=timezone.now()
        )
        if changed != 1:
            raise InvalidTransition(f"{self} is not a draft, so it cannot be published.")
        self.refresh_from_db(fields=["status", "published_at"])

    @transaction.atomic
    def new_version(self) -> "Instrument":
        """A draft copy as the next version, to edit and publish; this one stays as it is."""
        latest = Instrument.objects.filter(code=self.code).aggregate(v=models.Max("version"))["v"]
        copy = Instrument.objects.get(pk=self.pk)
        copy.pk, copy.version, copy.status = None, latest + 1, Instrument.Status.DRAFT
        copy.published_at, copy.created_at = None, timezone.now()
        copy.save()
        for band in self.bands.all():
            band.pk, band.instrument = None, copy
            band.save()
        for section in self.sections.prefetch_related("items__options"):
            items = list(section.items.all())
            section.pk, section.instrument = None, copy
            section.save()
            for item in items:
                options = list(item.options.all())
                item.pk, item.section = None, section
                item.save()
                for option in options:
                    option.pk, option.item = None, item
                ResponseOption.objects.bulk_create(options)
        return copy

    def items(self):
        return Item.objects.filter(section__instrument=self)

    def band_for(self, total: int | None) -> "SeverityBand | None":
        """Needs the bands prefetched (with_structure)."""
        if total is None:
            return None
        return next((b for b in self.bands.all() if b.min_score <= total <= b.max_score), None)


class SeverityBand(models.Model):
    class Level(models.IntegerChoices):
        NONE = 0, "None or minimal"
        MILD = 1, "Mild"
        MODERATE = 2, "Moderate"
        HIGH = 3, "Moderately severe"
        SEVERE = 4, "Severe"

    instrument = models.ForeignKey(Instrument, models.CASCADE, related_name="bands")
    min_score = models.SmallIntegerField()
    max_score = models.SmallIntegerField()
    label = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NONE)
    is_need = models.BooleanField(
        "is a need", default=False, help_text="A total in this band is an identified need."
    )

    class Meta:
        ordering = ["min_score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=models.F("min_score")), name="band_max_at_least_min"
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.min_score} to {self.max_score})"


# Published and retired instruments are frozen: an answer's question and option must read the
# same for as long as the answer exists. Admin shows them read-only; these triggers hold the line
# for every other path (shell, SQL, a bug).
_FROZEN_IF = """
    -- Saving a row unchanged is allowed (Django's serialized test rollback does it).
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN RETURN NEW; END IF;
    IF EXISTS (
        SELECT 1 FROM assessments_instrument WHERE id = ({instrument_of}) AND status <> 'draft'
    ) THEN
        RAISE EXCEPTION 'casemgmt: % of a published instrument cannot change; publish a new '
            'version instead', TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""


def _frozen_trigger(name: str, instrument_of: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=_FROZEN_IF.format(instrument_of=instrument_of),
    )


class Section(models.Model):
    instrument = models.ForeignKey(Instrument, models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    instructions = models.TextField(blank=True)
    domain = models.ForeignKey(
        Domain,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Screeners: the domain a positive section is a need in.",
    )
    positive_at = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Screeners: the section is positive when its item scores add up to this or more.",
    )

    class Meta:
        ordering = ["order", "pk"]
        triggers = [_frozen_trigger("section_frozen_when_published", "OLD.instrument_id")]

    def __str__(self):
        return self.title


class Item(models.Model):
    section = models.ForeignKey(Section, models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=40)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    domain = models.ForeignKey(Domain, models.PROTECT, null=True, blank=True, related_name="+")
    required = models.BooleanField(default=True)
    scored = models.BooleanField(default=True, help_text="Counts towards the total.")
    alert_at = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="An answer scoring this or more raises an urgent safety alert at once.",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="item_code_unique_in_section")
        ]
        triggers = [
            _frozen_trigger(
                "item_frozen_when_published",
                "SELECT instrument_id FROM assessments_section WHERE id = OLD.section_id",
            )
        ]

    def __str__(self):
        return self.text


class ResponseOption(models.Model):
    item = models.ForeignKey(Item, models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=0)
    score = models.SmallIntegerField()
    label = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="The anchor: what this answer looks like.")

    class Meta:
        ordering = ["order", "score", "pk"]
        triggers = [
            _frozen_trigger(
                "option_frozen_when_published",
                "SELECT s.instrument_id FROM assessments_item i "
                "JOIN assessments_section s ON s.id = i.section_id WHERE i.id = OLD.item_id",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.score})"


# ---------------------------------------------------------------------------------------------
# Assessments


class AssessmentQuerySet(CaseRecordQuerySet):
    def completed(self):
        return self.filter(status=Assessment.Status.COMPLETED)

    def for_list(self):
        return self.select_related("instrument", "assessor").order_by("-assessed_on", "-pk")


@history.track
class Assessment(Transitions, Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    case = models.ForeignKey(Case, models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(Instrument, models.PROTECT, related_name="assessments")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    assessed_on = models.DateField("date of assessment", default=timezone.localdate)
    restricted = models.BooleanField(
        default=False,
        help_text="Mental-health or substance-use answers: visible only to the primary case "
        "manager, the care team and the team's supervisors.",
    )
    summary = models.TextField("assessor's summary", blank=True)
    total_score = models.SmallIntegerField(null=True, blank=True, editable=False)
    band_label = models.CharField(max_length=60, blank=True, editable=False)
    band_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", completed_at__isnull=True)
                | Q(status="completed", completed_at__isnull=False),
                name="assessment_completed_at_iff_completed",
            )
        ]
        indexes = [
            # The case's assessments, and "the previous one of this instrument" for change.
            models.Index(fields=["case", "-assessed_on"], name="assessment_case_date"),
        ]
        triggers = [
            # A completed assessment is locked: corrections are a new assessment or an addendum.
            pgtrigger.Protect(
                name="assessment_completed_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="completed"),
            ),
            pgtrigger.Protect(name="assessment_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.instrument.name} on {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self):
        if self.is_completed:
            return reverse("assessments:detail", args=[self.pk])
        return reverse("assessments:fill", args=[self.pk])

    # A draft is completed once, and completed it is locked (assessment_completed_immutable).
    MOVES = {"complete": move("Complete", {Status.DRAFT}, Status.COMPLETED)}

    @property
    def is_completed(self) -> bool:
        return self.status == Assessment.Status.COMPLETED

    def complete(self, *, by, result: "Result") -> None:
        """Lock the draft with its score (services.complete_assessment checks the answers)."""
        self._move(
            "complete",
            by=by,
            completed_at=timezone.now(),
            completed_by=by,
            total_score=result.total,
            band_label=result.band.label if result.band else "",
            band_level=result.band.level if result.band else None,
        )


class AssessmentEvent(TransitionEvent):
    """Each move of an assessment: who completed it, and when."""

    subject = "assessment"
    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="events")

    class Meta(TransitionEvent.Meta):
        pass


# Answers of a completed assessment are as locked as the assessment itself.
_ANSWER_LOCKED = """
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN RETURN NEW; END IF;
    IF EXISTS (
        SELECT 1 FROM assessments_assessment
        WHERE id = COALESCE(NEW.assessment_id, OLD.assessment_id) AND status = 'completed'
    ) THEN
        RAISE EXCEPTION 'casemgmt: answers of a completed assessment cannot change'
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""


@history.track
class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="answers")
    item = models.ForeignKey(Item, models.PROTECT, related_name="+")
    option = models.ForeignKey(
        ResponseOption, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The option's score when answered: totals are recomputed from what was answered.
    score = models.SmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    priority = models.BooleanField("priority for the plan", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item")
        ]
        triggers = [
            pgtrigger.Trigger(
                name="answer_locked_when_completed",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=_ANSWER_LOCKED,
            )
        ]

    def __str__(self):
        return f"{self.item.code}: {self.score}"


class DomainResult(models.Model):
    """One domain's result, kept at completion: a matrix rating, or a screener section's total
    and verdict. The change from the last assessment and the trend charts read these rows."""

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="domain_results")
    domain = models.ForeignKey(Domain, models.PROTECT, related_name="+")
    score = models.SmallIntegerField()
    positive = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["domain__order", "domain__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="domainresult_one_per_domain"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="domainresult_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.domain}: {self.score}"


class AddendumQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(assessment__in=Assessment.objects.visible_to(user))


class Addendum(models.Model):
    """A correction or later remark on a completed assessment; append-only."""

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AddendumQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "addenda"
        triggers = [
            pgtrigger.Protect(
                name="addendum_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Addendum by {self.author} on {self.created_at:%Y-%m-%d}"


# ---------------------------------------------------------------------------------------------
# Identified needs


class NeedQuerySet(CaseRecordQuerySet):
    # A need is as restricted as the assessment that identified it.
    restricted_field = "assessment__restricted"

    def open(self):
        return self.filter(status=IdentifiedNeed.Status.OPEN)

    def for_list(self):
        return self.select_related("domain", "assessment__instrument").order_by(
            "domain__order", "domain__name"
        )


@history.track
class IdentifiedNeed(models.Model):
    """A domain an assessment found wanting, ready for the care plan to turn into a goal.

    One open need per case and domain: a later assessment that finds it again updates it, and a
    reassessment on the same instrument that no longer finds it marks it resolved.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "No longer identified"

    case = models.ForeignKey(Case, models.PROTECT, related_name="needs")
    domain = models.ForeignKey(Domain, models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment,
        models.PROTECT,
        related_name="needs",
        help_text="The latest assessment that identified it.",
    )
    reason = models.CharField(max_length=200)
    rating = models.SmallIntegerField(null=True, blank=True)
    is_priority = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    identified_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "domain"],
                condition=Q(status="open"),
                name="need_one_open_per_domain",
            )
        ]
        triggers = [pgtrigger.Protect(name="need_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.domain}: {self.reason}"
