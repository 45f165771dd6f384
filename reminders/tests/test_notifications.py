import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification
from reminders.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("reminders:notifications")


def _notify(user, title="Safety alert", **kwargs) -> Notification:
    return NotificationFactory(recipient=user, title=title, **kwargs)


def test_the_bell_counts_the_users_unread_notifications(client, caseworker, teammate):
    _notify(caseworker)
    _notify(caseworker)
    _notify(caseworker).mark_read()
    _notify(teammate)
    client.force_login(caseworker)

    response = client.get(reverse("reminders:bell"))

    assert response.context["unread"] == 2
    assert '<span class="badge rounded-pill text-bg-danger">2</span>' in response.text


def test_the_bell_says_none_unread_when_all_are_read(client, caseworker, teammate):
    _notify(teammate)
    client.force_login(caseworker)

    response = client.get(reverse("reminders:bell"))

    assert response.context["unread"] == 0
    assert "none unread" in response.text


def test_the_notification_centre_lists_only_the_users_own_newest_first(
    client, caseworker, teammate
):
    older = _notify(caseworker, "Older")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    newer = _notify(caseworker, "Newer")
    _notify(teammate, "For Terry")
    client.force_login(caseworker)

    response = client.get(NOTIFICATIONS)

    assert list(response.context["page"].object_list) == [newer, older]
    assert "For Terry" not in response.text


def test_an_unread_urgent_notification_stays_on_top_until_it_is_read(client, caseworker):
    alert = _notify(caseworker, "Safety alert", urgent=True)
    Notification.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    task = _notify(caseworker, "Task due", kind="task_due")
    client.force_login(caseworker)

    before = list(client.get(NOTIFICATIONS).context["page"].object_list)
    alert.mark_read()
    after = list(client.get(NOTIFICATIONS).context["page"].object_list)

    assert (before, after) == ([alert, task], [task, alert])


def test_the_notification_centre_shows_25_a_page_and_links_to_older_ones(client, caseworker):
    for _ in range(26):
        _notify(caseworker)
    client.force_login(caseworker)

    first = client.get(NOTIFICATIONS)
    second = client.get(NOTIFICATIONS, {"from": first.context["page"].next_key})

    assert len(first.context["page"].object_list) == 25
    assert second.context["page"].object_list == [Notification.objects.order_by("pk").first()]
    assert f"?from={first.context['page'].next_key}" in first.text


def test_the_older_page_keeps_unread_urgent_ones_first(client, caseworker):
    for _ in range(25):
        _notify(caseworker, "Task due", kind="task_due")
    old_alert = _notify(caseworker, "Old alert", urgent=True)
    Notification.objects.filter(pk=old_alert.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(caseworker)

    first = client.get(NOTIFICATIONS).context["page"]
    second = client.get(NOTIFICATIONS, {"from": first.next_key}).context["page"]

    assert first.object_list[0] == old_alert
    assert old_alert not in second.object_list
    assert len(second.object_list) == 1


def test_a_mangled_page_link_opens_the_newest_notifications(client, caseworker):
    newest = _notify(caseworker)
    client.force_login(caseworker)

    page = client.get(NOTIFICATIONS, {"from": "not-a-key"}).context["page"]

    assert (page.object_list, page.is_first) == ([newest], True)


def test_the_bell_counts_no_further_than_99(client, caseworker):
    NotificationFactory.create_batch(101, recipient=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("reminders:bell"))

    assert response.context["unread"] == 100
    assert '<span class="badge rounded-pill text-bg-danger">99+</span>' in response.text


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(
    client, caseworker, case_for
):
    case = case_for()
    notification = _notify(caseworker, url=case.get_absolute_url(), case=case)
    client.force_login(caseworker)

    response = client.post(reverse("reminders:open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.url == case.get_absolute_url()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_404(client, caseworker, teammate):
    notification = _notify(teammate)
    client.force_login(caseworker)

    response = client.post(reverse("reminders:open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 404
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_notifications(client, caseworker, teammate):
    mine = [_notify(caseworker), _notify(caseworker)]
    theirs = _notify(teammate)
    client.force_login(caseworker)

    response = client.post(reverse("reminders:mark_all_read"))

    assert response.url == NOTIFICATIONS
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.fixture
def moved_case(case_for, other_team):
    """A case the caseworker was notified about, since moved to another team."""
    case = case_for()
    case.team = other_team
    case.save()
    return case


def test_a_notification_about_a_case_moved_to_another_team_is_not_listed(
    client, caseworker, moved_case
):
    _notify(caseworker, "About the moved case", case=moved_case)
    kept = _notify(caseworker, "About nothing in particular")
    client.force_login(caseworker)

    response = client.get(NOTIFICATIONS)

    assert list(response.context["page"].object_list) == [kept]


def test_a_notification_about_a_case_moved_to_another_team_is_not_counted(
    client, caseworker, moved_case
):
    _notify(caseworker, "About the moved case", case=moved_case)
    client.force_login(caseworker)

    response = client.get(reverse("reminders:bell"))

    assert response.context["unread"] == 0


def test_a_notification_about_a_case_moved_to_another_team_cannot_be_opened(
    client, caseworker, moved_case
):
    notification = _notify(caseworker, "About the moved case", case=moved_case)
    client.force_login(caseworker)

    response = client.post(reverse("reminders:open", args=[notification.pk]))

    assert response.status_code == 404
