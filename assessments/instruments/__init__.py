"""The instruments casemgmt ships, as JSON data loaded by a data migration (and by tests after a
flush). Admins add others in Django admin; a change to a shipped one is a new version file plus a
migration that loads it."""

import json
from pathlib import Path

from django.apps import apps as django_apps
from django.utils import timezone

HERE = Path(__file__).parent
SHIPPED = ["life_domain_matrix.json", "phq9.json", "gad7.json", "ahc_hrsn.json"]


def load_shipped(apps=django_apps) -> None:
    """Idempotent: domains by code, instruments by (code, version); a loaded version is never
    touched again, so answers given on it keep their meaning."""
    Domain = apps.get_model("assessments", "Domain")
    for spec in json.loads((HERE / "domains.json").read_text()):
        Domain.objects.update_or_create(code=spec.pop("code"), defaults=spec)
    domains = {d.code: d for d in Domain.objects.all()}
    for name in SHIPPED:
        load_instrument(apps, json.loads((HERE / name).read_text()), domains)


def load_instrument(apps, spec: dict, domains: dict) -> None:
    Instrument = apps.get_model("assessments", "Instrument")
    if Instrument.objects.filter(code=spec["code"], version=spec["version"]).exists():
        return
    Instrument.objects.filter(code=spec["code"], status="published").update(status="retired")
    instrument = Instrument.objects.create(
        code=spec["code"],
        version=spec["version"],
        name=spec["name"],
        description=spec["description"],
        instructions=spec["instructions"],
        scoring=spec["scoring"],
        domain=domains.get(spec.get("domain")),
        need_at_or_below=spec.get("need_at_or_below"),
        resets_reassessment=spec["resets_reassessment"],
        status="published",
        published_at=timezone.now(),
    )
    for band in spec["bands"]:
        instrument.bands.create(
            min_score=band["min"],
            max_score=band["max"],
            label=band["label"],
            level=band["level"],
            is_need=band["is_need"],
        )
    number = 0  # items are numbered through the instrument, as printed forms number them
    for order, section_spec in enumerate(spec["sections"], start=1):
        section = instrument.sections.create(
            order=order,
            title=section_spec["title"],
            instructions=section_spec.get("instructions", ""),
            domain=domains.get(section_spec.get("domain")),
            positive_at=section_spec.get("positive_at"),
        )
        for item_spec in section_spec["items"]:
            number += 1
            item = section.items.create(
                order=number,
                code=item_spec["code"],
                text=item_spec["text"],
                help_text=item_spec.get("help_text", ""),
                domain=domains.get(item_spec.get("domain")),
                required=item_spec["required"],
                scored=item_spec["scored"],
                alert_at=item_spec.get("alert_at"),
            )
            for position, option in enumerate(item_spec["options"], start=1):
                item.options.create(order=position, **option)
