from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lianggang.api"
    verbose_name = "接口"
