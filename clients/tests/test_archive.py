import pytest
from django.db import InternalError, transaction

from casemgmt.transitions import InvalidTransition
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_archiving_a_client_keeps_the_record_with_the_reason(caseworker):
    person = ClientFactory()

    person.archive(by=caseworker, reason="Moved out of state")

    person.refresh_from_db()
    assert person.is_archived
    assert person.archive_reason == "Moved out of state"


def test_archiving_twice_is_refused(caseworker):
    person = ClientFactory()
    person.archive(by=caseworker, reason="Moved")

    with pytest.raises(InvalidTransition, match="already archived"):
        person.archive(by=caseworker, reason="Moved")


def test_restoring_an_archived_client_clears_the_archive(caseworker):
    person = ClientFactory()
    person.archive(by=caseworker, reason="Moved")

    person.unarchive(by=caseworker)

    assert not person.is_archived


def test_the_database_refuses_to_delete_a_client():
    person = ClientFactory()

    with pytest.raises(InternalError, match="Cannot delete"), transaction.atomic():
        person.delete()
