"""Reminder kinds for assessments: reassessments due, and safety alerts (delivered at once by
assessments.services, never found by a scan)."""

import datetime

from cases.models import Case
from reminders.dates import at_start_of, today
from reminders.registry import Due, register, register_unscanned, scan_since

from .services import SAFETY_ALERT

register_unscanned(SAFETY_ALERT, "Safety alert", urgent=True)


@register("reassessment_due", "Reassessment due", escalate_after_days=14)
def reassessments_due(now):
    """Open cases whose next assessment falls within the week."""
    cases = (
        Case.objects.open()
        .filter(
            assessment_due_on__range=(
                today(scan_since(now)),
                today(now) + datetime.timedelta(days=7),
            )
        )
        .select_related("client")
    )
    for case in cases:
        yield Due(
            subject=case,
            recipient_id=case.primary_case_manager_id,
            due_at=at_start_of(case.assessment_due_on),
            title=f"Assessment due for {case.client.display_name}",
            body=f"Due {case.assessment_due_on:%b %-d}.",
            url=case.get_absolute_url(),
            case_id=case.pk,
        )
