from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "lianggang.monitoring"
    verbose_name = "年度监测"
