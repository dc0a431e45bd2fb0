from django.urls import path

from lianggang.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/download/", views.job_download, name="download"),
    path("<int:pk>/continue/", views.continue_extraction, name="continue-extraction"),
    path("report/", views.start_report, name="start-report"),
    path("export/", views.export_values, name="export"),
    path("load/", views.load_values, name="load"),
]
