from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "lianggang.evaluation"
    verbose_name = _("监测评估")
