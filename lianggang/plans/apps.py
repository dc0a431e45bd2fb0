from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "lianggang.plans"
    verbose_name = "纲要与指标"
