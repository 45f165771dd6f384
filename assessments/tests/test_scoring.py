"""The shipped instruments' scoring rules, against cases worked out by hand."""

import pytest

from assessments import scoring
from assessments.models import Answer, Instrument
from assessments.tests.factories import ahc, gad7, matrix, phq9, published

pytestmark = pytest.mark.django_db


def loaded(code: str) -> Instrument:
    return Instrument.objects.with_structure().get(pk=published(code).pk)


def answered(instrument: Instrument, chosen: dict, priority=()) -> dict[int, Answer]:
    """Unsaved answers by item pk. `chosen` maps item codes to a score (the first option with
    that score) or to part of an option's label; `priority` names items ticked as priorities."""
    answers = {}
    for section in instrument.sections.all():
        for item in section.items.all():
            if item.code not in chosen:
                continue
            wanted = chosen[item.code]
            option = next(
                o
                for o in item.options.all()
                if (wanted in o.label if isinstance(wanted, str) else o.score == wanted)
            )
            answers[item.pk] = Answer(
                item=item, option=option, score=option.score, priority=item.code in priority
            )
    return answers


def score(code: str, chosen: dict, priority=()) -> scoring.Result:
    instrument = loaded(code)
    return scoring.score(instrument, answered(instrument, chosen, priority))


def need_domains(result: scoring.Result) -> set[str]:
    return {need.domain.code for need in result.needs}


# PHQ-9 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "Mild"),
        ((1, 1, 1, 1, 1, 1, 1, 1, 1), 9, "Mild"),
        ((2, 2, 2, 2, 2, 0, 0, 0, 0), 10, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 2, 0, 0), 14, "Moderate"),
        ((3, 3, 3, 3, 3, 0, 0, 0, 0), 15, "Moderately severe"),
        ((3, 3, 3, 3, 3, 2, 2, 0, 0), 19, "Moderately severe"),
        ((3, 3, 3, 3, 2, 2, 2, 2, 0), 20, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "Severe"),
    ],
)
def test_phq9_total_falls_in_its_severity_band(scores, total, band):
    result = score("phq-9", phq9(*scores))

    assert (result.total, result.band.label) == (total, band)


def test_phq9_difficulty_item_never_counts_towards_the_total():
    result = score("phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 1) | {"phq9-difficulty": 3})

    assert (result.total, result.band.label) == (9, "Mild")


# GAD-7 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        ((1, 1, 1, 1, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0), 5, "Mild"),
        ((3, 3, 3, 0, 0, 0, 0), 9, "Mild"),
        ((2, 2, 2, 2, 2, 0, 0), 10, "Moderate"),
        ((2, 2, 2, 2, 2, 2, 2), 14, "Moderate"),
        ((3, 3, 3, 3, 3, 0, 0), 15, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3), 21, "Severe"),
    ],
)
def test_gad7_total_falls_in_its_severity_band(scores, total, band):
    result = score("gad-7", gad7(*scores))

    assert (result.total, result.band.label) == (total, band)


# Mental-health need from the questionnaires ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "chosen"),
    [
        ("phq-9", phq9(2, 2, 2, 2, 2, 0, 0, 0, 0)),  # 10, moderate
        ("phq-9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)),  # 27, severe
        ("gad-7", gad7(2, 2, 2, 2, 2, 0, 0)),  # 10, moderate
        ("gad-7", gad7(3, 3, 3, 3, 3, 3, 3)),  # 21, severe
    ],
)
def test_a_questionnaire_at_moderate_or_above_is_a_mental_health_need(code, chosen):
    result = score(code, chosen)

    assert need_domains(result) == {"mental_health"}


@pytest.mark.parametrize(
    ("code", "chosen"),
    [
        ("phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 1)),  # 9, mild
        ("gad-7", gad7(3, 3, 3, 0, 0, 0, 0)),  # 9, mild
    ],
)
def test_a_questionnaire_in_the_mild_band_is_no_need(code, chosen):
    result = score(code, chosen)

    assert result.needs == []


# Life-domain matrix ----------------------------------------------------------------------------


def test_the_matrix_rates_each_answered_domain():
    result = score("life-domains", matrix(3, housing=1, income=2, food=4, spiritual=5))

    ratings = {d.domain.code: d.score for d in result.domain_scores}
    assert len(ratings) == 20
    assert (ratings["housing"], ratings["income"], ratings["food"], ratings["spiritual"]) == (
        1,
        2,
        4,
        5,
    )
    assert ratings["legal"] == 3


def test_matrix_ratings_of_one_and_two_are_needs_and_three_is_not():
    result = score("life-domains", matrix(3, housing=1, income=2))

    assert need_domains(result) == {"housing", "income"}


def test_a_matrix_rating_of_three_ticked_as_priority_is_a_need():
    result = score("life-domains", matrix(3), priority={"food"})

    (need,) = result.needs
    assert (need.domain.code, need.rating, need.is_priority) == ("food", 3, True)


def test_an_unanswered_optional_matrix_domain_gives_no_rating():
    chosen = matrix(3)
    del chosen["child_care"]

    result = score("life-domains", chosen)

    rated = {d.domain.code for d in result.domain_scores}
    assert "child_care" not in rated
    assert len(rated) == 19


# AHC health-related social needs screening ----------------------------------------------------


@pytest.mark.parametrize(
    ("safety", "positive"),
    [
        ((1, 2, 3, 4), False),  # 10
        ((5, 2, 2, 1), False),  # 10
        ((2, 3, 3, 3), True),  # 11
        ((5, 5, 5, 5), True),  # 20
    ],
)
def test_interpersonal_safety_is_positive_from_eleven(safety, positive):
    hurt, insult, threaten, scream = safety

    result = score("ahc-hrsn", ahc(ahc_7=hurt, ahc_8=insult, ahc_9=threaten, ahc_10=scream))

    (domain,) = [d for d in result.domain_scores if d.domain.code == "safety"]
    assert (domain.score, domain.positive) == (sum(safety), positive)
    assert ("safety" in need_domains(result)) is positive


@pytest.mark.parametrize(
    ("item", "answer", "domain"),
    [
        ("ahc-1", "worried about losing it", "housing"),
        ("ahc-1", "I do not have a steady place to live", "housing"),
        ("ahc-2", "Yes", "housing"),
        ("ahc-3", "Sometimes true", "food"),
        ("ahc-4", "Sometimes true", "food"),
        ("ahc-3", "Often true", "food"),
        ("ahc-5", "Yes", "mobility_transportation"),
        ("ahc-6", "Already shut off", "utilities"),
        ("ahc-6", "Yes", "utilities"),
    ],
)
def test_an_ahc_positive_answer_is_a_need_in_its_domain(item, answer, domain):
    result = score("ahc-hrsn", ahc() | {item: answer})

    assert need_domains(result) == {domain}
    positives = {d.domain.code for d in result.domain_scores if d.positive}
    assert positives == {domain}


def test_an_all_negative_ahc_screen_finds_no_needs():
    result = score("ahc-hrsn", ahc())

    assert result.needs == []
    assert len(result.domain_scores) == 5
    assert not any(d.positive for d in result.domain_scores)


def test_ahc_needs_are_in_the_housing_food_transport_utilities_and_safety_domains():
    everything = {"ahc-1": 1, "ahc-3": 1, "ahc-5": 1, "ahc-6": 1}

    result = score("ahc-hrsn", ahc(ahc_7=5, ahc_8=5) | everything)

    assert need_domains(result) == {
        "housing",
        "food",
        "mobility_transportation",
        "utilities",
        "safety",
    }


# Safety alert ----------------------------------------------------------------------------------


def test_phq9_item_9_at_zero_raises_no_alert():
    result = score("phq-9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0))

    assert result.alerts == []


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_phq9_item_9_above_zero_raises_an_alert(item_9):
    result = score("phq-9", phq9(0, 0, 0, 0, 0, 0, 0, 0, item_9))

    (item, answer), *others = result.alerts
    assert (item.code, answer.score, others) == ("phq9-9", item_9, [])
