"""Reminder kinds of case transfers (issue 15), raised as they happen, never scanned for: a
transfer awaiting the receiver's answer, and the answer, told to the case manager it came from
and the team's supervisors."""

from django.utils.translation import gettext_noop

from reminders.registry import register_unscanned

TRANSFER_REQUESTED = "transfer_requested"
TRANSFER_ANSWERED = "transfer_answered"
register_unscanned(TRANSFER_REQUESTED, gettext_noop("Case transfer to accept"))
register_unscanned(TRANSFER_ANSWERED, gettext_noop("Case transfer answered"))
SUPERVISION_NOTE = "supervision_note"
register_unscanned(SUPERVISION_NOTE, gettext_noop("Supervision note"))
