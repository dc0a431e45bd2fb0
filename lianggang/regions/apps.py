from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "lianggang.regions"
    verbose_name = "行政区划与成员单位"
