from django.urls import path

from lianggang.web.committee import records, reports

urlpatterns = [
    path("", reports.home, name="committee-home"),
    path("reports/write/", reports.write, name="committee-report-write"),
    path("reports/<int:pk>/", reports.detail, name="committee-report"),
    path("reports/<int:pk>/attach/", records.attach_to_report, name="committee-report-attach"),
    path("meetings/new/", records.new_meeting, name="committee-meeting-new"),
    path("meetings/<int:pk>/", records.meeting, name="committee-meeting"),
    path("funds/", records.funds, name="committee-funds"),
    path("visits/new/", records.new_visit, name="committee-visit-new"),
    path("visits/<int:pk>/", records.visit, name="committee-visit"),
    path("attachments/<int:pk>/", records.download_attachment, name="committee-attachment"),
]
