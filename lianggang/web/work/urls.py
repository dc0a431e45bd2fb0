from django.urls import path
from django.views.generic import TemplateView

# Placeholder route the base template names; the work pages replace it.
urlpatterns = [
    path("", TemplateView.as_view(template_name="web/base.html"), name="work-home"),
]
