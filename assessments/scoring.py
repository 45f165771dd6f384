"""Scoring an assessment's answers by its instrument's rules, which are data (models.py).

Pure functions over an instrument loaded `with_structure()` and the answers by item id, so the
rules are tested without the database and applied the same way on completion and on display.
"""

from dataclasses import dataclass, field

from .models import Answer, Domain, Instrument, Item, SeverityBand


@dataclass(frozen=True)
class Need:
    domain: Domain
    reason: str
    rating: int | None = None
    is_priority: bool = False


@dataclass(frozen=True)
class DomainScore:
    """A matrix rating (positive is None), or a screener section's total and verdict."""

    domain: Domain
    score: int
    positive: bool | None = None


@dataclass
class Result:
    total: int | None = None
    band: SeverityBand | None = None
    domain_scores: list[DomainScore] = field(default_factory=list)
    alerts: list[tuple[Item, Answer]] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)


def score(instrument: Instrument, answers: dict[int, Answer]) -> Result:
    result = Result()
    sections = list(instrument.sections.all())
    items = [item for section in sections for item in section.items.all()]

    def score_of(item: Item) -> int | None:
        answer = answers.get(item.pk)
        return answer.score if answer else None

    if instrument.scoring == Instrument.Scoring.SUM:
        scores = [score_of(item) for item in items if item.scored]
        result.total = sum(s for s in scores if s is not None)
        result.band = instrument.band_for(result.total)
        if result.band and result.band.is_need and instrument.domain:
            result.needs.append(
                Need(instrument.domain, f"{instrument.name} {result.total}: {result.band.label}")
            )

    if instrument.scoring == Instrument.Scoring.MATRIX:
        for item in items:
            answer = answers.get(item.pk)
            if item.domain is None or answer is None:
                continue
            if answer.score is not None:
                result.domain_scores.append(DomainScore(item.domain, answer.score))
            need = _matrix_need(instrument, item, answer)
            if need:
                result.needs.append(need)

    if instrument.scoring == Instrument.Scoring.SCREEN:
        for section in sections:
            if section.positive_at is None:
                continue
            section_total = sum(score_of(item) or 0 for item in section.items.all())
            positive = section_total >= section.positive_at
            if section.domain:
                result.domain_scores.append(DomainScore(section.domain, section_total, positive))
            if positive and section.domain:
                result.needs.append(Need(section.domain, f"Positive screen: {section.title}"))

    result.alerts = [
        (item, answers[item.pk])
        for item in items
        if item.alert_at is not None and (score_of(item) or 0) >= item.alert_at
    ]
    return result


def _matrix_need(instrument: Instrument, item: Item, answer: Answer) -> Need | None:
    """A domain rated at or below the instrument's threshold, or ticked as a priority."""
    low = (
        instrument.need_at_or_below is not None
        and answer.score is not None
        and answer.score <= instrument.need_at_or_below
    )
    if low:
        reason = f"Rated {answer.score}: {answer.option.label}"
    elif answer.priority:
        reason = "Priority for the plan"
    else:
        return None
    return Need(item.domain, reason, rating=answer.score, is_priority=answer.priority)
