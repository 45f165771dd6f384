import factory
from django.utils import timezone

from assessments.models import Assessment, Instrument
from assessments.services import Response, complete_assessment, start_assessment
from cases.tests.factories import CaseFactory


def published(code: str) -> Instrument:
    """A shipped instrument in use: life-domains, phq-9, gad-7 or ahc-hrsn."""
    return Instrument.objects.published().get(code=code)


def responses(instrument: Instrument, scores: dict[str, int], **extras) -> dict[int, Response]:
    """Answers by item code: the first option with that score. `extras` maps item codes to
    Response keyword arguments (note, priority)."""
    answers = {}
    for item in instrument.items().prefetch_related("options"):
        if item.code not in scores and item.code not in extras:
            continue
        score = scores.get(item.code)
        option = next((o for o in item.options.all() if o.score == score), None)
        if score is not None and option is None:
            raise ValueError(f"{item.code} has no option scoring {score}")
        answers[item.pk] = Response(option=option, **extras.get(item.code, {}))
    return answers


def phq9(*scores: int) -> dict[str, int]:
    """PHQ-9 item scores in order: phq9(0, 1, 2, ...) → {"phq9-1": 0, ...}."""
    return {f"phq9-{n}": s for n, s in enumerate(scores, start=1)}


def gad7(*scores: int) -> dict[str, int]:
    return {f"gad7-{n}": s for n, s in enumerate(scores, start=1)}


MATRIX_DOMAINS = [
    "housing", "income", "employment", "food", "child_care", "children_education",
    "adult_education", "legal", "health_coverage", "physical_health", "mental_health",
    "substance_use", "life_skills", "family_social", "mobility_transportation", "community",
    "safety", "parenting", "credit_financial", "spiritual",
]  # fmt: skip


def matrix(default: int = 3, **ratings: int) -> dict[str, int]:
    """A rating for every life domain: `default`, except those named."""
    return {code: ratings.get(code, default) for code in MATRIX_DOMAINS}


def ahc(**scores: int) -> dict[str, int]:
    """AHC answers, all negative except those named (ahc_7=4 → item ahc-7 scores 4)."""
    negative = {f"ahc-{n}": 0 for n in range(1, 7)} | {f"ahc-{n}": 1 for n in range(7, 11)}
    return negative | {code.replace("_", "-"): score for code, score in scores.items()}


def complete(
    case,
    code: str,
    scores: dict[str, int],
    *,
    by=None,
    assessed_on=None,
    restricted=False,
    **extras,
):
    """Start and complete an assessment through the services, as the case manager would."""
    by = by or case.primary_case_manager
    instrument = published(code)
    assessment = start_assessment(
        case=case,
        instrument=instrument,
        by=by,
        assessed_on=assessed_on or timezone.localdate(),
        restricted=restricted,
    )
    complete_assessment(
        assessment=assessment,
        by=by,
        expected_version=assessment.version,
        responses=responses(instrument, scores, **extras),
        assessed_on=assessment.assessed_on,
        summary="",
    )
    assessment.refresh_from_db()
    return assessment


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment (PHQ-9 unless told) by the case's primary case manager."""

    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    instrument = factory.LazyFunction(lambda: published("phq-9"))
    assessor = factory.SelfAttribute("case.primary_case_manager")
    updated_by = factory.SelfAttribute("assessor")
