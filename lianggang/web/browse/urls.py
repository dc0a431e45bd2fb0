from django.urls import path
from django.views.generic import TemplateView

# Placeholder routes the base template names; the browse pages replace them.
urlpatterns = [
    path("", TemplateView.as_view(template_name="web/base.html"), name="home"),
    path("reports/", TemplateView.as_view(template_name="web/base.html"), name="reports"),
]
