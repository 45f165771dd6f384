"""Reminder kinds for hospital stays (issue 14): a 30-day readmission, told at once to the case
manager and the team's supervisors (services.admit_patient)."""

from django.utils.translation import gettext_lazy

from reminders.registry import register_unscanned

READMISSION = "readmission"
register_unscanned(READMISSION, gettext_lazy("30-day readmission"), urgent=True)
