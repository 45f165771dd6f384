import pytest
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases.models import Case

pytestmark = pytest.mark.django_db


def _archive(person):
    return reverse("clients:archive", args=[person.pk])


def test_a_client_with_an_open_case_cannot_be_archived(case_for, caseworker):
    person = case_for(status=Case.Status.ACTIVE).client

    with pytest.raises(InvalidTransition, match="open cases"):
        person.archive(by=caseworker, reason="Duplicate")


def test_a_client_whose_cases_are_closed_can_be_archived(case_for, caseworker):
    person = case_for(status=Case.Status.CLOSED).client

    person.archive(by=caseworker, reason="Services complete")

    assert person.is_archived


def test_a_client_with_an_open_case_is_not_archived_and_the_user_is_told_why(
    client, caseworker, case_for
):
    person = case_for(status=Case.Status.ACTIVE).client
    client.force_login(caseworker)

    response = client.post(_archive(person), {"reason": "Duplicate"}, follow=True)

    assert "Close the client&#x27;s open cases" in response.text
    person.refresh_from_db()
    assert not person.is_archived
