"""Revising an instrument: a draft copy as the next version, published in place of the old one,
while answers given on the old one keep their questions."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Instrument, Item, ResponseOption
from assessments.tests.factories import complete, phq9, published
from casemgmt.transitions import InvalidTransition

pytestmark = pytest.mark.django_db

OLD_TEXT = "Little interest or pleasure in doing things"
NEW_TEXT = "Little interest or enjoyment in the things you usually do"


def structure(instrument: Instrument) -> list:
    """Everything a version is made of except its keys, to compare two versions."""
    bands = [
        (b.min_score, b.max_score, b.label, b.level, b.is_need) for b in instrument.bands.all()
    ]
    sections = [
        (
            s.order,
            s.title,
            s.domain_id,
            s.positive_at,
            [
                (
                    (i.order, i.code, i.text, i.domain_id, i.required, i.scored, i.alert_at),
                    [(o.order, o.score, o.label) for o in i.options.all()],
                )
                for i in s.items.all()
            ],
        )
        for s in instrument.sections.all()
    ]
    return [bands, sections]


def loaded(instrument: Instrument) -> Instrument:
    return Instrument.objects.with_structure().get(pk=instrument.pk)


def test_a_new_version_is_a_draft_copy_numbered_next():
    v1 = published("phq-9")

    v2 = v1.new_version()

    assert (v2.code, v2.version, v2.status) == ("phq-9", 2, Instrument.Status.DRAFT)
    assert v2.pk != v1.pk


def test_a_new_version_copies_sections_items_options_and_bands():
    v1 = published("phq-9")

    v2 = v1.new_version()

    assert structure(loaded(v2)) == structure(loaded(v1))
    assert v2.items().count() == 10
    assert ResponseOption.objects.filter(item__section__instrument=v2).count() == 40


def test_a_new_version_leaves_the_old_one_in_use():
    v1 = published("phq-9")

    v1.new_version()

    v1.refresh_from_db()
    assert v1.status == Instrument.Status.PUBLISHED
    assert v1.items().count() == 10


def test_publishing_the_new_version_retires_the_old_one():
    v1 = published("phq-9")
    v2 = v1.new_version()

    v2.publish()

    v1.refresh_from_db()
    assert (v1.status, v2.status) == (Instrument.Status.RETIRED, Instrument.Status.PUBLISHED)
    assert published("phq-9") == v2


def test_an_assessment_on_v1_shows_v1_questions_after_v2_is_published(client, case_for, caseworker):
    assessment = complete(case_for(), "phq-9", phq9(2, 2, 2, 2, 2, 0, 0, 0, 0))
    v2 = assessment.instrument.new_version()
    v2.items().filter(code="phq9-1").update(text=NEW_TEXT)
    v2.publish()
    client.force_login(caseworker)

    response = client.get(reverse("assessments:detail", args=[assessment.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert OLD_TEXT in page
    assert NEW_TEXT not in page
    assert response.context["assessment"].instrument.version == 1
    assert response.context["assessment"].total_score == 10
    assert "Moderate" in page


def test_the_database_refuses_to_change_an_item_of_a_published_instrument():
    item = published("phq-9").items().get(code="phq9-1")

    with pytest.raises(IntegrityError, match="published instrument"), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(text=NEW_TEXT)


def test_the_database_refuses_to_change_an_option_of_a_published_instrument():
    option = ResponseOption.objects.filter(item__section__instrument=published("phq-9")).first()

    with pytest.raises(IntegrityError, match="published instrument"), transaction.atomic():
        ResponseOption.objects.filter(pk=option.pk).update(score=7)


def test_the_database_refuses_to_change_an_item_of_a_retired_instrument():
    v1 = published("phq-9")
    v1.new_version().publish()

    with pytest.raises(IntegrityError, match="published instrument"), transaction.atomic():
        v1.items().filter(code="phq9-1").update(text=NEW_TEXT)


def test_an_item_of_a_draft_version_may_be_changed():
    v2 = published("phq-9").new_version()

    changed = v2.items().filter(code="phq9-1").update(text=NEW_TEXT)

    assert changed == 1


def test_only_one_version_of_an_instrument_can_be_published():
    v2 = published("phq-9").new_version()

    with pytest.raises(IntegrityError, match="instrument_one_published"), transaction.atomic():
        Instrument.objects.filter(pk=v2.pk).update(status=Instrument.Status.PUBLISHED)


def test_starting_an_assessment_after_publishing_offers_the_new_version(
    client, case_for, caseworker
):
    case = case_for()
    v1 = published("phq-9")
    v2 = v1.new_version()
    v2.publish()
    client.force_login(caseworker)

    response = client.get(reverse("assessments:start", args=[case.pk]))

    offered = list(response.context["form"].fields["instrument"].queryset)
    assert v2 in offered
    assert v1 not in offered


def test_starting_an_assessment_on_the_retired_version_is_refused(client, case_for, caseworker):
    case = case_for()
    v1 = published("phq-9")
    v1.new_version().publish()
    client.force_login(caseworker)

    response = client.post(
        reverse("assessments:start", args=[case.pk]),
        {"instrument": v1.pk, "assessed_on": case.opened_on.isoformat()},
    )

    assert response.status_code == 200
    assert "instrument" in response.context["form"].errors
    assert not case.assessments.exists()


def test_a_draft_with_no_questions_cannot_be_published():
    draft = Instrument.objects.create(
        code="empty", name="Empty questionnaire", scoring=Instrument.Scoring.SUM
    )

    with pytest.raises(InvalidTransition, match="no questions"):
        draft.publish()

    draft.refresh_from_db()
    assert draft.status == Instrument.Status.DRAFT
