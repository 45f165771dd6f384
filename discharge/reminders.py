"""Reminder kinds for hospital stays (issue 14): a 30-day readmission, told at once to the case
manager and the team's supervisors (services.admit_patient); an expected discharge within a day
while barriers are open; a utilization review due; a payer's authorization ending within a day.

The post-discharge call needs no kind of its own: discharge creates it as a care-plan task on the
case, due 24 to 72 h after discharge, and the task kind ("task_due", careplans/reminders.py) reminds
its assignee by the day before it falls due, and escalates it when it stays open.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case
from reminders.dates import at_start_of, today
from reminders.registry import Due, register, register_unscanned, scan_since

from .models import Admission, UtilizationReview

READMISSION = "readmission"
register_unscanned(READMISSION, gettext_noop("30-day readmission"), urgent=True)


def _due(admission: Admission, *, subject, due_at, title: str, body: str) -> Due:
    """To the stay's case manager, pointing at the stay's case."""
    return Due(
        subject=subject,
        recipient_id=admission.case.primary_case_manager_id,
        due_at=due_at,
        title=title,
        body=body,
        url=admission.case.get_absolute_url(),
        case_id=admission.case_id,
    )


@register("edd_with_barriers", gettext_noop("Expected discharge near with open barriers"))
def edd_near_with_open_barriers(now):
    """Current stays whose expected discharge date is today or tomorrow (or passed since the
    scan's look-back) while a barrier of their plan is still open, to the case manager."""
    window = (today(scan_since(now)), today(now) + datetime.timedelta(days=1))
    admissions = (
        Admission.objects.current()
        # One filter, one join: a barrier that exists and is still open (resolved_on=None
        # alone would match a plan with no barriers, through the outer join).
        .filter(
            expected_discharge_on__range=window,
            plan__barriers__isnull=False,
            plan__barriers__resolved_on=None,
        )
        .exclude(case__status=Case.Status.CLOSED)
        .distinct()
        .select_related("case__client", "facility")
    )
    for admission in admissions:
        yield _due(
            admission,
            subject=admission,
            due_at=at_start_of(admission.expected_discharge_on - datetime.timedelta(days=1)),
            title=_("Discharge expected %(day)s with open barriers: %(client)s")
            % {
                "day": f"{admission.expected_discharge_on:%b %-d}",
                "client": admission.case.client.display_name,
            },
            body=_("At %(facility)s: resolve the barriers or move the expected date.")
            % {"facility": admission.facility},
        )


def _latest_reviews(**dates):
    return (
        UtilizationReview.objects.latest_of_current_stays()
        .filter(**dates)
        .exclude(admission__case__status=Case.Status.CLOSED)
        .select_related("admission__case__client", "admission__facility")
    )


@register("ur_review_due", gettext_noop("Utilization review due"), escalate_after_days=1)
def reviews_due(now):
    """The next review that the latest review of a current stay set, due today."""
    window = (today(scan_since(now)), today(now))
    for review in _latest_reviews(next_review_on__range=window):
        admission = review.admission
        yield _due(
            admission,
            subject=review,
            due_at=at_start_of(review.next_review_on),
            title=_("Utilization review due: %(client)s")
            % {"client": admission.case.client.display_name},
            body=_("At %(facility)s, last reviewed %(day)s.")
            % {"facility": admission.facility, "day": f"{review.reviewed_on:%b %-d}"},
        )


@register("authorization_ending", gettext_noop("Authorization ending"), escalate_after_days=1)
def authorizations_ending(now):
    """A current stay whose latest review's authorization runs out today or tomorrow."""
    window = (today(scan_since(now)), today(now) + datetime.timedelta(days=1))
    for review in _latest_reviews(authorized_through__range=window):
        admission = review.admission
        yield _due(
            admission,
            subject=review,
            due_at=at_start_of(review.authorized_through - datetime.timedelta(days=1)),
            title=_("Authorization ends %(day)s: %(client)s")
            % {
                "day": f"{review.authorized_through:%b %-d}",
                "client": admission.case.client.display_name,
            },
            body=_("Authorization %(number)s: request more days or plan the discharge.")
            % {"number": review.authorization_number or "—"},
        )
