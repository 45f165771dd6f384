"""Demo assessments: a history of life-domain matrices, PHQ-9s and an AHC screen on
some open cases, so the result, trend and needs pages have something to show. Idempotent: only
chosen cases without any assessment get them."""

import datetime

from django.utils import timezone

import casemgmt.demo
from cases.models import Case

from .models import Instrument
from .services import Response, complete_assessment, start_assessment

EVERY_NTH_CASE = 3
PHQ9_ALERT_ITEM = "phq9-9"


def seed() -> str:
    rng = casemgmt.demo.rng("assessments")
    instruments = {
        i.code: i
        for i in Instrument.objects.published().prefetch_related("sections__items__options")
    }
    open_cases = (
        Case.objects.open().select_related("program", "primary_case_manager").order_by("pk")
    )
    chosen = [case for index, case in enumerate(open_cases) if index % EVERY_NTH_CASE == 0]
    fresh = [case for case in chosen if not case.assessments.exists()]
    for number, case in enumerate(fresh):
        _assess_over_time(rng, case, instruments, alert=number == 0)
    return f"{len(fresh)} cases assessed"


def _assess_over_time(rng, case, instruments, *, alert: bool) -> None:
    today = timezone.localdate()
    first = min(today, case.opened_on + datetime.timedelta(days=3))
    second = today - datetime.timedelta(days=rng.randint(0, 10))
    dates = [first, second] if (second - first).days >= 30 else [first]
    ratings = {
        item.code: rng.choice([1, 2, 2, 3, 3, 3, 4]) for item in _items(instruments["life-domains"])
    }
    depression = rng.randint(1, 3)
    for index, on in enumerate(dates):
        if index:
            ratings = {code: min(5, r + rng.choice([0, 0, 1, 1, 2])) for code, r in ratings.items()}
            depression = max(0, depression - 1)
        _complete(case, instruments["life-domains"], on, ratings)
        phq = {
            f"phq9-{n}": min(3, max(0, depression + rng.choice([-1, 0, 0, 1]))) for n in range(1, 9)
        }
        phq[PHQ9_ALERT_ITEM] = 1 if alert and index == len(dates) - 1 else 0
        _complete(case, instruments["phq-9"], on, phq)
    screen = {f"ahc-{n}": rng.choice([0, 0, 1]) for n in range(1, 7)}
    screen |= {f"ahc-{n}": rng.choice([1, 1, 2, 3]) for n in range(7, 11)}
    _complete(case, instruments["ahc-hrsn"], dates[0], screen)


def _items(instrument):
    return [item for section in instrument.sections.all() for item in section.items.all()]


def _complete(case, instrument, on, scores: dict[str, int]) -> None:
    by = case.primary_case_manager
    assessment = start_assessment(case=case, instrument=instrument, by=by, assessed_on=on)
    responses = {}
    for item in _items(instrument):
        option = next((o for o in item.options.all() if o.score == scores.get(item.code)), None)
        responses[item.pk] = Response(option=option)
    complete_assessment(
        assessment=assessment,
        by=by,
        expected_version=assessment.version,
        responses=responses,
        assessed_on=on,
        summary="",
    )
