"""/api/…: plans, indicators, results, values, the round entry endpoint and the OpenAPI schema.

No Swagger UI: drf-spectacular's loads its scripts from a CDN, which the offline installs
we serve cannot reach; read the schema with any OpenAPI viewer instead (docs/api.md).
"""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from lianggang.api import views

app_name = "api"

urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan"),
    path("plans/<int:pk>/targets/", views.PlanTargets.as_view(), name="plan-targets"),
    path("plans/<int:pk>/indicators/", views.PlanIndicators.as_view(), name="plan-indicators"),
    path("plans/<int:pk>/assessment/", views.PlanAssessmentView.as_view(), name="plan-assessment"),
    path("plans/<int:pk>/warnings/", views.PlanWarnings.as_view(), name="plan-warnings"),
    path("indicators/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator"),
    path("values/", views.ValueList.as_view(), name="values"),
    path("rounds/<int:pk>/values/", views.RoundValues.as_view(), name="round-values"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
