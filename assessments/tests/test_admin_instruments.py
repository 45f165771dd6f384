"""An admin writes a questionnaire in the Django admin and publishes it; case managers use it."""

import pytest
from django.urls import reverse

from assessments.models import Domain, Instrument, Item, Section
from assessments.tests.factories import complete, published

pytestmark = pytest.mark.django_db

OPTIONS = ["Never", "Sometimes", "Often", "Always"]  # scoring 0 to 3


def inline_prefixes(response) -> list[str]:
    return [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]


def formset(prefix: str, rows: list[dict]) -> dict:
    """A new-rows-only inline formset as the admin page posts it."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{field}": value for field, value in row.items()}
    return data


def add_instrument(client) -> Instrument:
    page = client.get(reverse("admin:assessments_instrument_add"))
    bands, sections = inline_prefixes(page)
    data = {
        "code": "distress",
        "version": 1,
        "name": "Distress check",
        "description": "Two questions about distress this week (0-6).",
        "instructions": "Over the last week, how often…",
        "scoring": Instrument.Scoring.SUM,
        "domain": Domain.objects.get(code="mental_health").pk,
        "need_at_or_below": "",
        "_save": "Save",
    }
    data |= formset(
        bands,
        [
            {"min_score": 0, "max_score": 2, "label": "Low", "level": 0},
            {"min_score": 3, "max_score": 6, "label": "High", "level": 3, "is_need": "on"},
        ],
    )
    data |= formset(sections, [{"order": 1, "title": "This week", "domain": ""}])

    response = client.post(reverse("admin:assessments_instrument_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    return Instrument.objects.get(code="distress")


def add_items(client, section: Section) -> None:
    url = reverse("admin:assessments_section_change", args=[section.pk])
    (items,) = inline_prefixes(client.get(url))
    data = {
        "instrument": section.instrument_id,
        "order": section.order,
        "title": section.title,
        "instructions": "",
        "domain": "",
        "positive_at": "",
        "_save": "Save",
    }
    data |= formset(
        items,
        [
            {"order": n, "code": f"q{n}", "text": text, "required": "on", "scored": "on"}
            for n, text in [(1, "Felt on edge"), (2, "Could not stop worrying")]
        ],
    )

    response = client.post(url, data)

    assert response.status_code == 302


def add_options(client, item: Item) -> None:
    url = reverse("admin:assessments_item_change", args=[item.pk])
    (options,) = inline_prefixes(client.get(url))
    data = {
        "section": item.section_id,
        "order": item.order,
        "code": item.code,
        "text": item.text,
        "help_text": "",
        "domain": "",
        "required": "on",
        "scored": "on",
        "alert_at": "",
        "_save": "Save",
    }
    data |= formset(
        options,
        [
            {"order": score + 1, "score": score, "label": label, "description": ""}
            for score, label in enumerate(OPTIONS)
        ],
    )

    response = client.post(url, data)

    assert response.status_code == 302


def publish(client, instrument: Instrument):
    return client.post(
        reverse("admin:assessments_instrument_changelist"),
        {"action": "publish", "_selected_action": [instrument.pk]},
    )


def write_distress_check(client) -> Instrument:
    instrument = add_instrument(client)
    add_items(client, instrument.sections.get())
    for item in instrument.items():
        add_options(client, item)
    return instrument


def test_the_add_page_offers_band_and_section_inlines(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:assessments_instrument_add"))

    assert inline_prefixes(response) == ["bands", "sections"]


def test_an_admin_writes_a_questionnaire_as_a_draft(client, admin_user):
    client.force_login(admin_user)

    instrument = write_distress_check(client)

    assert instrument.status == Instrument.Status.DRAFT
    assert [(b.label, b.min_score, b.max_score, b.is_need) for b in instrument.bands.all()] == [
        ("Low", 0, 2, False),
        ("High", 3, 6, True),
    ]
    assert [i.code for i in instrument.items()] == ["q1", "q2"]
    assert [o.label for o in instrument.items().get(code="q2").options.all()] == OPTIONS


def test_an_admin_publishes_a_draft_with_the_admin_action(client, admin_user):
    client.force_login(admin_user)
    instrument = write_distress_check(client)

    response = publish(client, instrument)

    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.status == Instrument.Status.PUBLISHED


def test_a_case_manager_completes_the_new_questionnaire(client, admin_user, case_for):
    client.force_login(admin_user)
    publish(client, write_distress_check(client))
    case = case_for()

    assessment = complete(case, "distress", {"q1": 2, "q2": 3})

    assert (assessment.total_score, assessment.band_label, assessment.band_level) == (5, "High", 3)
    assert case.needs.get().domain.code == "mental_health"


def test_a_published_instrument_cannot_be_changed_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    phq = published("phq-9")
    url = reverse("admin:assessments_instrument_change", args=[phq.pk])

    response = client.post(url, {"name": "Renamed", "code": phq.code, "scoring": phq.scoring})

    assert response.status_code == 403
    phq.refresh_from_db()
    assert phq.name == "PHQ-9"


def test_a_published_instrument_is_shown_read_only_to_the_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.get(
        reverse("admin:assessments_instrument_change", args=[published("phq-9").pk])
    )

    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_a_case_manager_cannot_reach_the_admin(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
