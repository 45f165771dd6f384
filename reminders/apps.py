from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders and notifications"

    def ready(self):
        # Each app registers the kinds of reminder it owns in its own reminders.py.
        autodiscover_modules("reminders")
        from . import checks  # noqa: F401 (registers the system check)
