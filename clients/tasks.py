from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmergencyAccess


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_supervisors_of_emergency_access(grant_pk: int) -> int:
    """Email the case team's supervisors that someone broke the glass; once per grant.

    The message names the case number, who, when and why, never clinical content.
    """
    grant = EmergencyAccess.objects.select_related("case__team", "case__client", "user").get(
        pk=grant_pk
    )
    if grant.supervisors_notified_at:
        return 0
    recipients = [u.email for u in grant.case.team.supervisors.all() if u.email]
    if recipients:
        send_mail(
            subject=f"Emergency access to restricted case {grant.case.pk} by {grant.user}",
            message=render_to_string(
                "cases/emergency_access_email.txt",
                {"grant": grant, "site_url": settings.SITE_URL},
            ),
            from_email=None,
            recipient_list=recipients,
        )
    EmergencyAccess.objects.filter(pk=grant.pk).update(supervisors_notified_at=timezone.now())
    return len(recipients)
