"""Reminder kinds for cases and their clients: consents about to expire, clients not contacted,
and emergency access to a restricted case (told to the team's supervisors at once).

Loaded by the reminder engine at start-up (reminders.apps); nothing in the cases app imports it,
since the engine sits above cases.
"""

import datetime

from django.dispatch import receiver
from django.utils import formats, timezone

from clients.models import Consent
from reminders.dates import at_start_of, today
from reminders.registry import Due, register, register_unscanned, scan_since
from reminders.services import remind_now

from .models import Case
from .signals import emergency_access_granted

EMERGENCY_ACCESS = "emergency_access"
register_unscanned(EMERGENCY_ACCESS, "Emergency access used", urgent=True)


@receiver(emergency_access_granted)
def tell_supervisors_of_emergency_access(sender, *, grant, **kwargs) -> None:
    """An urgent reminder to each supervisor of the case's team: in the app in the granting
    transaction, by email once it commits (retried until it goes out)."""
    case, until = grant.case, formats.time_format(timezone.localtime(grant.expires_at), "g:i A")
    remind_now(
        kind=EMERGENCY_ACCESS,
        dues=[
            Due(
                subject=grant,
                recipient_id=supervisor,
                due_at=grant.granted_at,
                title=f"Emergency access to restricted case {case.pk} by {grant.user}",
                body=f"Reason given: {grant.reason} Access lasts until {until}.",
                url=case.get_absolute_url(),
                case_id=case.pk,
            )
            for supervisor in case.team.supervisors.values_list("pk", flat=True)
        ],
    )


@register("consent_expiring", "Consent expiring")
def consents_expiring(now):
    """Valid consents expiring within Consent.EXPIRY_WARNING_DAYS, to the case managers of the
    client's open cases."""
    day = today(now)
    warn_until = day + datetime.timedelta(days=Consent.EXPIRY_WARNING_DAYS)
    consents = Consent.objects.valid_on(day).filter(expires_on__lte=warn_until)
    cases = (
        Case.objects.open().filter(client__in=consents.values("client")).select_related("client")
    )
    by_client = {}
    for case in cases:
        by_client.setdefault(case.client_id, []).append(case)
    for consent in consents:
        for case in by_client.get(consent.client_id, []):
            yield Due(
                subject=consent,
                recipient_id=case.primary_case_manager_id,
                due_at=at_start_of(
                    consent.expires_on - datetime.timedelta(days=Consent.EXPIRY_WARNING_DAYS)
                ),
                title=f"Consent expiring for {case.client.display_name}",
                body=f"{consent} expires {consent.expires_on:%b %-d}: ask the client to renew it.",
                url=case.client.get_absolute_url(),
                case_id=case.pk,
            )


@register("no_contact", "No recent contact", escalate_after_days=7)
def clients_not_contacted(now):
    """Open cases whose client contact fell due (Case.contact_due_days()) since the scan's
    look-back; one overdue for longer is left to the caseload, which shows it."""
    cases = (
        Case.objects.open()
        .with_contact_due(today(now))
        .filter(contact_overdue=True, contact_due_on__gte=today(scan_since(now)))
        .select_related("client")
    )
    for case in cases:
        last = timezone.localdate(case.last_contact_at) if case.last_contact_at else case.opened_on
        every = Case.contact_due_days()[case.acuity]
        yield Due(
            subject=case,
            recipient_id=case.primary_case_manager_id,
            due_at=at_start_of(case.contact_due_on),
            title=f"No contact with {case.client.display_name} since {last:%b %-d}",
            body=f"{case.get_acuity_display()} acuity: contact every {every} days.",
            url=case.get_absolute_url(),
            case_id=case.pk,
        )
