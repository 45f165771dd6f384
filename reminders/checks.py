from django.conf import settings
from django.core.checks import Error, register

from .registry import KINDS


@register()
def escalation_overrides_name_known_kinds(app_configs, **kwargs):
    """A typo in REMINDER_ESCALATE_AFTER_DAYS would otherwise silently escalate nothing."""
    unknown = sorted(set(settings.REMINDER_ESCALATE_AFTER_DAYS) - set(KINDS))
    if not unknown:
        return []
    return [
        Error(
            f"REMINDER_ESCALATE_AFTER_DAYS names unknown reminder kinds: {', '.join(unknown)}.",
            hint=f"The kinds are: {', '.join(sorted(KINDS))}.",
            id="reminders.E001",
        )
    ]
