"""Every change to client data is kept, with the acting user (pghistory + its middleware)."""

import pytest
from django.urls import reverse

from clients.models import Client
from clients.tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_an_update_keeps_the_previous_values():
    person = ClientFactory(phone="(555) 010-0000")

    Client.objects.filter(pk=person.pk).update(phone="(555) 010-9999")

    assert list(person.history.order_by("pgh_id").values_list("phone", flat=True)) == [
        "(555) 010-0000",
        "(555) 010-9999",
    ]


def test_bulk_changes_are_recorded_too():
    contact = ContactFactory(is_active=True)

    type(contact).objects.filter(pk=contact.pk).update(is_active=False)

    assert contact.history.count() == 2


def test_a_change_through_the_web_records_the_acting_user(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    client.force_login(caseworker)

    client.post(
        reverse("clients:flag_add", args=[person.pk]),
        {"kind": "safety_risk", "reason": "Threats toward staff at last visit"},
    )

    event = person.flags.get().history.get()
    assert event.pgh_context.metadata["user"] == caseworker.pk
