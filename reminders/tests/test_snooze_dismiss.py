"""Snoozing and dismissing a notification: out of the bell count and the centre until it is due
again (snooze) or for good (dismiss); only one's own; the centre's queries don't grow."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification
from reminders.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
TOMORROW_MORNING = datetime.datetime(2025, 6, 12, 8, 0, tzinfo=NOW.tzinfo)
MINUTE = datetime.timedelta(minutes=1)
NOTIFICATIONS = reverse("reminders:notifications")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _notify(user, title="Task due: call the landlord", **kwargs) -> Notification:
    kwargs.setdefault("kind", "task_due")
    return NotificationFactory(recipient=user, title=title, **kwargs)


def unread_count(client) -> int:
    return client.get(reverse("reminders:bell")).context["unread"]


def listed(client) -> list[Notification]:
    return list(client.get(NOTIFICATIONS).context["page"].object_list)


def snooze(client, notification, until="hour"):
    return client.post(reverse("reminders:snooze", args=[notification.pk]), {"until": until})


def dismiss(client, notification):
    return client.post(reverse("reminders:dismiss", args=[notification.pk]))


def come_back(client, user) -> None:
    """Log in again after a time jump: the idle session has expired (SESSION_IDLE_MINUTES)."""
    client.force_login(user)


# Snooze


def test_a_snoozed_notification_leaves_the_bell_count(client, caseworker, frozen):
    notification = _notify(caseworker)
    client.force_login(caseworker)

    response = snooze(client, notification)

    assert response.url == NOTIFICATIONS
    assert unread_count(client) == 0


def test_a_snoozed_notification_leaves_the_centre(client, caseworker, frozen):
    notification = _notify(caseworker)
    kept = _notify(caseworker, "Another")
    client.force_login(caseworker)

    snooze(client, notification)

    assert listed(client) == [kept]


def test_a_notification_snoozed_for_an_hour_is_still_hidden_just_before(client, caseworker, frozen):
    notification = _notify(caseworker)
    client.force_login(caseworker)
    snooze(client, notification)

    frozen.shift(datetime.timedelta(hours=1) - MINUTE)
    come_back(client, caseworker)

    assert unread_count(client) == 0
    assert listed(client) == []


def test_a_notification_snoozed_for_an_hour_comes_back_unread_after_it(client, caseworker, frozen):
    notification = _notify(caseworker)
    notification.mark_read()
    client.force_login(caseworker)
    snooze(client, notification)

    frozen.shift(datetime.timedelta(hours=1))
    come_back(client, caseworker)

    notification.refresh_from_db()
    assert notification.read_at is None
    assert unread_count(client) == 1
    assert listed(client) == [notification]


def test_a_notification_snoozed_until_tomorrow_comes_back_at_the_start_of_the_workday(
    client, caseworker, frozen
):
    notification = _notify(caseworker)
    client.force_login(caseworker)
    snooze(client, notification, "tomorrow")

    frozen.move_to(TOMORROW_MORNING - MINUTE)
    come_back(client, caseworker)
    hidden = unread_count(client)
    frozen.move_to(TOMORROW_MORNING)
    come_back(client, caseworker)

    assert hidden == 0
    assert unread_count(client) == 1
    assert listed(client) == [notification]


def test_snoozing_someone_elses_notification_is_404(client, caseworker, teammate):
    notification = _notify(teammate)
    client.force_login(caseworker)

    response = snooze(client, notification)

    notification.refresh_from_db()
    assert response.status_code == 404
    assert notification.snoozed_until is None


# Dismiss


def test_a_dismissed_notification_leaves_the_bell_count_and_the_centre(client, caseworker):
    notification = _notify(caseworker)
    client.force_login(caseworker)

    response = dismiss(client, notification)

    assert response.url == NOTIFICATIONS
    assert unread_count(client) == 0
    assert listed(client) == []


def test_a_dismissed_notification_does_not_come_back(client, caseworker, frozen):
    notification = _notify(caseworker)
    client.force_login(caseworker)
    dismiss(client, notification)

    frozen.shift(datetime.timedelta(days=30))
    come_back(client, caseworker)

    assert unread_count(client) == 0
    assert listed(client) == []


def test_dismissing_a_snoozed_notification_keeps_it_away_after_the_snooze(
    client, caseworker, frozen
):
    notification = _notify(caseworker)
    client.force_login(caseworker)
    snooze(client, notification)
    dismiss(client, notification)

    frozen.shift(datetime.timedelta(hours=2))
    come_back(client, caseworker)

    assert unread_count(client) == 0
    assert listed(client) == []


def test_dismissing_someone_elses_notification_is_404(client, caseworker, teammate):
    notification = _notify(teammate)
    client.force_login(caseworker)

    response = dismiss(client, notification)

    notification.refresh_from_db()
    assert response.status_code == 404
    assert notification.dismissed_at is None


# Query count


def test_the_notification_centre_query_count_does_not_grow_with_notifications(
    client, caseworker, case_for
):
    client.force_login(caseworker)
    client.get(NOTIFICATIONS)  # session and caches warmed up
    counts = []
    for extra in (3, 27):  # 3, then 30
        for _ in range(extra):
            _notify(caseworker, case=case_for())
        with CaptureQueriesContext(connection) as queries:
            client.get(NOTIFICATIONS)
        counts.append(len(queries))

    assert counts[0] == counts[1]
