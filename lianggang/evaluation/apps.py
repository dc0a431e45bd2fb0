from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "lianggang.evaluation"
    verbose_name = "监测评估"
