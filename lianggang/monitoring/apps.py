from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "lianggang.monitoring"
    verbose_name = _("年度监测")
