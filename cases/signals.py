"""What the cases app announces to the apps above it, which it does not import (the reminder
engine, among others). Sent by services inside their transaction, so a receiver's writes commit
or roll back with the change itself."""

from django.dispatch import Signal

# A teammate broke the glass on a restricted case: `grant` is the new EmergencyAccess.
emergency_access_granted = Signal()

# A closure awaits a supervisor's sign-off (`request`, a ClosureRequest), or was decided.
closure_requested = Signal()
closure_decided = Signal()
