"""What assessments announce to the apps above them, which they do not import (care plans).
Sent inside the completing transaction, so a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# An answer passed an item's alert threshold (PHQ-9 item 9): `assessment`, its `case`, `what`
# was answered (a sentence for people), and `by` whom the assessment was completed.
safety_alert_raised = Signal()
