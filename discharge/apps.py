from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DischargeConfig(AppConfig):
    name = "discharge"
    verbose_name = _("Discharge planning")
