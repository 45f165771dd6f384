"""Delivering in-app notifications; the caller's transaction decides whether they happen."""

from collections.abc import Iterable

from accounts.models import User
from clients.models import Case

from .models import Notification


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    case: Case | None = None,
    urgent: bool = False,
) -> list[Notification]:
    """One notification per distinct recipient, written in the caller's transaction, so it exists
    exactly when the change it tells of was committed."""
    unique = {user.pk: user for user in recipients}
    return Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=kind, title=title, body=body, url=url, case=case, urgent=urgent
        )
        for user in unique.values()
    )
