"""Read models for the result and trend pages: what changed since last time, and the series the
charts draw. Built from prefetched rows in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from . import scoring
from .models import Addendum, Assessment, DomainResult, Instrument

PALETTE = [
    "#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#0dcaf0",
    "#6c757d", "#ffc107", "#6610f2", "#146c43", "#b02a37", "#997404", "#087990", "#495057",
    "#a370f7", "#e685b5", "#75b798", "#9ec5fe", "#ea868f",
]  # fmt: skip


@dataclass
class DomainRow:
    domain: str
    score: int
    label: str = ""
    positive: bool | None = None
    previous: int | None = None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.score - self.previous


@dataclass
class AssessmentResult:
    assessment: Assessment
    instrument: Instrument
    scored: scoring.Result
    sections: list = field(default_factory=list)
    domains: list[DomainRow] = field(default_factory=list)
    previous: Assessment | None = None
    addenda: list[Addendum] = field(default_factory=list)

    @classmethod
    def of(cls, assessment: Assessment, *, user) -> "AssessmentResult":
        instrument = Instrument.objects.with_structure().get(pk=assessment.instrument_id)
        answers = {a.item_id: a for a in assessment.answers.select_related("option")}
        scored = scoring.score(instrument, answers)
        previous = (
            Assessment.objects.visible_to(user)
            .completed()
            .filter(case=assessment.case_id, instrument__code=instrument.code)
            .exclude(pk=assessment.pk)
            .filter(
                Q(assessed_on__lt=assessment.assessed_on)
                | Q(assessed_on=assessment.assessed_on, completed_at__lt=assessment.completed_at)
            )
            .order_by("-assessed_on", "-completed_at")
            .prefetch_related("domain_results")
            .first()
        )
        before = {r.domain_id: r.score for r in previous.domain_results.all()} if previous else {}
        labels = {
            item.domain_id: answers[item.pk].option.label
            for section in instrument.sections.all()
            for item in section.items.all()
            if item.pk in answers and answers[item.pk].option_id
        }
        domains = [
            DomainRow(
                domain=d.domain.name,
                score=d.score,
                label=labels.get(d.domain.pk, "") if instrument.is_matrix else "",
                positive=d.positive,
                previous=before.get(d.domain.pk),
            )
            for d in scored.domain_scores
        ]
        sections = [
            (section, [(item, answers.get(item.pk)) for item in section.items.all()])
            for section in instrument.sections.all()
        ]
        addenda = list(assessment.addenda.select_related("author"))
        return cls(assessment, instrument, scored, sections, domains, previous, addenda)

    @property
    def total_change(self) -> int | None:
        if self.previous is None or self.previous.total_score is None:
            return None
        return self.assessment.total_score - self.previous.total_score

    @property
    def average_rating(self) -> float | None:
        if not self.instrument.is_matrix or not self.domains:
            return None
        return round(sum(d.score for d in self.domains) / len(self.domains), 1)

    def profile_chart(self) -> dict | None:
        """Matrices: this assessment's ratings by domain, beside the previous one's."""
        if not self.instrument.is_matrix or not self.domains:
            return None
        datasets = [{"label": "This assessment", "data": [d.score for d in self.domains]}]
        if self.previous:
            datasets.append(
                {
                    "label": f"Previous ({self.previous.assessed_on:%b %-d, %Y})",
                    "data": [d.previous for d in self.domains],
                }
            )
        labels = [d.domain for d in self.domains]
        return _chart("bar", labels, datasets, 0, 5, step=1, horizontal=True)


def case_trends(assessments) -> list[dict]:
    """One chart per instrument used on the case: a line per domain (matrices, screeners) or the
    total against the severity bands (questionnaires); oldest first."""
    completed = (
        assessments.completed()
        .select_related("instrument")
        .prefetch_related(
            Prefetch("domain_results", queryset=DomainResult.objects.select_related("domain"))
        )
        .order_by("assessed_on", "completed_at")
    )
    by_code = defaultdict(list)
    for assessment in completed:
        by_code[assessment.instrument.code].append(assessment)
    latest_instruments = [runs[-1].instrument for runs in by_code.values()]
    prefetch_related_objects(latest_instruments, "bands")
    return [_trend(runs) for runs in by_code.values()]


def _trend(runs: list[Assessment]) -> dict:
    instrument = runs[-1].instrument
    dates = [f"{a.assessed_on:%b %-d, %Y}" for a in runs]
    trend = {"instrument": instrument, "count": len(runs), "dates": dates, "latest": runs[-1]}
    if instrument.scoring == Instrument.Scoring.SUM:
        bands = list(instrument.bands.all())
        top = max((b.max_score for b in bands), default=None)
        totals = [a.total_score for a in runs]
        trend["rows"] = [("Total", totals)]
        trend["chart"] = _chart("line", dates, [{"label": "Total", "data": totals}], 0, top)
        trend["bands"] = bands
        return trend
    names = {}
    results = defaultdict(dict)
    for index, assessment in enumerate(runs):
        for result in assessment.domain_results.all():
            names[result.domain_id] = result.domain
            results[result.domain_id][index] = result
    ordered = sorted(names.values(), key=lambda d: (d.order, d.name))
    cells = [(d.name, [results[d.pk].get(i) for i in range(len(runs))]) for d in ordered]
    if not instrument.is_matrix:
        # Screeners: a positive/negative grid reads better than lines of small section totals.
        trend["screen"] = cells
        return trend
    rows = [(name, [r.score if r else None for r in row]) for name, row in cells]
    trend["rows"] = rows
    datasets = [{"label": name, "data": data} for name, data in rows]
    trend["chart"] = _chart("line", dates, datasets, 0, 5, step=1)
    latest = [{"label": dates[-1], "data": [data[-1] for _, data in rows]}]
    labels = [name for name, _ in rows]
    trend["profile"] = _chart("bar", labels, latest, 0, 5, step=1, horizontal=True)
    return trend


def _chart(kind, labels, datasets, y_min=None, y_max=None, step=None, horizontal=False) -> dict:
    """A Chart.js config the page script draws as is (static/js/charts.js). Horizontal bars
    suit domain profiles: every domain's name fits on its own line."""
    for index, dataset in enumerate(datasets):
        colour = PALETTE[index % len(PALETTE)]
        dataset.update(borderColor=colour, backgroundColor=colour, spanGaps=True)
    scale = {"beginAtZero": True, "ticks": {"stepSize": step} if step else {}}
    if y_min is not None:
        scale["min"] = y_min
    if y_max is not None:
        scale["max"] = y_max
    options = {
        "responsive": True,
        "maintainAspectRatio": False,
        "scales": {"x" if horizontal else "y": scale},
        "plugins": {"legend": {"position": "bottom"}},
    }
    if horizontal:
        options["indexAxis"] = "y"
        options["scales"]["y"] = {"ticks": {"autoSkip": False}}
    return {"type": kind, "data": {"labels": labels, "datasets": datasets}, "options": options}
