from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CaseMgmtConfig(AppConfig):
    name = "casemgmt"
    verbose_name = "casemgmt"

    def ready(self):
        # What each app adds to the pages and workflows of the apps below it (panels on the
        # client and case pages, checks before a case closes), in its own hooks.py.
        autodiscover_modules("hooks")
