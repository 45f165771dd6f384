"""Keyset pages (casemgmt/pagination.py) refuse an ordering they cannot page by."""

import pytest

from casemgmt import pagination
from cases.models import CaseNote

pytestmark = pytest.mark.django_db


def test_a_keyset_page_needs_a_descending_ordering():
    with pytest.raises(ValueError, match="descending"):
        pagination.page_of(CaseNote.objects.order_by("occurred_at", "pk"), None, size=5)


def test_a_keyset_page_needs_an_ordering_that_ends_with_the_primary_key():
    with pytest.raises(ValueError, match="primary key"):
        pagination.page_of(CaseNote.objects.order_by("-occurred_at"), None, size=5)


def test_a_key_of_the_wrong_length_opens_the_newest_rows():
    key = pagination.key_of(CaseNote(pk=3), ("pk",))

    page = pagination.page_of(CaseNote.objects.order_by("-occurred_at", "-pk"), key, size=5)

    assert page.is_first
