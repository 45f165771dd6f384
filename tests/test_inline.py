"""Short lists carried in their parent's query (casemgmt/inline.py) come back as the rows they
were: values converted by their fields, and a null foreign key as None."""

import pytest
from django.db.models import OuterRef

from casemgmt import inline
from cases.models import Case, CaseEvent

pytestmark = pytest.mark.django_db


def _events_of(case) -> list[CaseEvent]:
    events = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("pk")
    row = Case.objects.annotate(
        rows=inline.rows(events, "kind", "created_at", "actor__username")
    ).get(pk=case.pk)
    return inline.instances(CaseEvent, row.rows)


def test_inline_rows_keep_their_values_and_types(case_for, caseworker):
    case = case_for()
    opened = CaseEvent.objects.create(case=case, kind="open", to_status="active", actor=caseworker)

    (event,) = _events_of(case)

    assert (event.kind, event.created_at, event.actor.username) == (
        opened.kind,
        opened.created_at,
        caseworker.username,
    )


def test_a_null_foreign_key_comes_back_as_none(case_for):
    case = case_for()
    CaseEvent.objects.create(case=case, kind="open", to_status="active", actor=None)

    (event,) = _events_of(case)

    assert event.actor is None
