from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lianggang.plans"
    verbose_name = _("纲要与指标")
