from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lianggang.demo"
    verbose_name = "演示"
