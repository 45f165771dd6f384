"""Access helpers of the notification pages (Notification.objects.visible_to)."""

from django.shortcuts import get_object_or_404

from .models import Notification


def get_notification_for_user(user, pk) -> Notification:
    """The user's own notification, while its case is still theirs to see; 404 otherwise."""
    return get_object_or_404(Notification.objects.visible_to(user), pk=pk)
