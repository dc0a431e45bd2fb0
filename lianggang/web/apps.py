from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lianggang.web"
    verbose_name = "网页"
