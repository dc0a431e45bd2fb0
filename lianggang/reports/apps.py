from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lianggang.reports"
    verbose_name = "监测报告"
