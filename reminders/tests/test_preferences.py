"""Notification settings: which kinds are emailed, and the daily digest with its hour."""

import pytest
from django.urls import reverse

from reminders.models import Preference
from reminders.registry import KINDS

pytestmark = pytest.mark.django_db
URL = reverse("reminders:preferences")
OPTIONAL = sorted(name for name, kind in KINDS.items() if not kind.urgent)


def test_the_page_offers_every_optional_kind_ticked_by_default(client, caseworker):
    client.force_login(caseworker)

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(name for name, _ in form.fields["emailed"].choices) == OPTIONAL
    assert sorted(form.initial["emailed"]) == OPTIONAL


def test_the_page_says_which_kinds_are_always_emailed(client, caseworker):
    client.force_login(caseworker)

    response = client.get(URL)

    assert (
        "Always emailed at once: 30-day readmission, Emergency access used, Escalated to you, "
        "Safety alert."
    ) in response.content.decode()


def test_unticking_kinds_and_choosing_the_digest_is_saved(client, caseworker):
    client.force_login(caseworker)
    kept = [name for name in OPTIONAL if name != "no_contact"]

    response = client.post(URL, {"emailed": kept, "digest": "on", "digest_hour": "16"})

    assert response.status_code == 302
    preference = Preference.objects.get(user=caseworker)
    assert preference.no_email == ["no_contact"]
    assert (preference.digest, preference.digest_hour) == (True, 16)


def test_saving_again_updates_the_same_settings(client, caseworker):
    Preference.objects.create(user=caseworker, no_email=["no_contact"], digest=True)
    client.force_login(caseworker)

    client.post(URL, {"emailed": OPTIONAL, "digest_hour": "7"})

    preference = Preference.objects.get(user=caseworker)
    assert (preference.no_email, preference.digest) == ([], False)


def test_an_hour_outside_the_choices_is_refused_with_a_message(client, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, {"emailed": OPTIONAL, "digest": "on", "digest_hour": "3"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["digest_hour"][0]
    assert not Preference.objects.exists()


def test_a_kind_that_is_not_offered_is_refused(client, caseworker):
    client.force_login(caseworker)

    response = client.post(URL, {"emailed": ["safety_alert"], "digest_hour": "7"})

    assert "emailed" in response.context["form"].errors


def test_a_user_without_an_email_address_is_told_nothing_is_emailed(client, caseworker):
    caseworker.email = ""
    caseworker.save()
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Your account has no email address" in response.content.decode()


def test_each_user_sees_and_changes_only_their_own_settings(client, caseworker, teammate):
    Preference.objects.create(user=teammate, digest=True, digest_hour=9)
    client.force_login(caseworker)

    client.post(URL, {"emailed": OPTIONAL, "digest_hour": "8"})

    assert Preference.objects.get(user=teammate).digest_hour == 9
    assert Preference.objects.get(user=caseworker).digest_hour == 8
