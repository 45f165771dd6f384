"""Emergency access tells the team's supervisors at once, in the app and by email (the cases
app's reminder kind, cases/reminders.py)."""

import pytest
from django.core import mail

from cases import services
from cases.models import Case
from reminders.models import Notification, Reminder
from reminders.tasks import send_reminder

pytestmark = pytest.mark.django_db
REASON = "Client in crisis at the front desk; Casey is on leave."


@pytest.fixture
def restricted(case_for, supervisor):
    return case_for(restricted=True, presenting_need="Opioid use disorder")


def test_the_teams_supervisors_are_told_at_once_in_the_app(teammate, supervisor, restricted):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    notification = Notification.objects.get(recipient=supervisor)
    assert notification.kind == "emergency_access"
    assert notification.urgent
    assert (
        notification.title == f"Emergency access to restricted case {restricted.pk} by {teammate}"
    )
    assert REASON in notification.body


def test_the_teams_supervisors_are_emailed_once_the_grant_is_committed(
    teammate, supervisor, restricted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert f"case {restricted.pk}" in mail.outbox[0].subject
    assert restricted.get_absolute_url() in mail.outbox[0].body


def test_the_email_carries_no_clinical_content_nor_the_reason(
    teammate, supervisor, restricted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    email = mail.outbox[0]
    for text in (email.subject, email.body, email.alternatives[0][0]):
        assert "Opioid" not in text
        assert restricted.client.legal_last_name not in text
        assert REASON not in text


def test_a_grant_is_emailed_only_once(teammate, supervisor, restricted):
    services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)
    reminder = Reminder.objects.get(recipient=supervisor)

    send_reminder(reminder.pk)
    send_reminder(reminder.pk)

    assert len(mail.outbox) == 1


def test_the_grant_and_its_notice_stand_when_the_email_cannot_be_queued(
    teammate, supervisor, restricted, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(send_reminder, "apply_async", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        services.grant_emergency_access(case=restricted, by=teammate, reason=REASON)

    assert restricted in Case.objects.visible_to(teammate)
    assert Notification.objects.filter(recipient=supervisor).exists()
    # Kept for the sweeper, not lost.
    assert Reminder.objects.get(recipient=supervisor).email == Reminder.Email.PENDING
    assert not mail.outbox
