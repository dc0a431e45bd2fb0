from django.urls import path

from lianggang.web.work import audit_log, plan_import, views

urlpatterns = [
    path("", views.home, name="work-home"),
    path("rounds/open/", views.open_round, name="open-round"),
    path("rounds/<int:pk>/obligations/", views.round_obligations, name="round-obligations"),
    path("rounds/<int:pk>/report/", views.report_upward, name="report-upward"),
    path("rounds/<int:pk>/accept/", views.accept_upward, name="accept-upward"),
    path("below/<int:year>/", views.children, name="children"),
    path("submissions/<int:pk>/", views.entry, name="entry"),
    path("submissions/<int:pk>/form.xlsx", views.template_download, name="entry-template"),
    path("submissions/<int:pk>/upload/", views.upload, name="entry-upload"),
    path("submissions/<int:pk>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review-queue"),
    path("plans/import/", plan_import.upload, name="plan-import"),
    path("plans/import/check/", plan_import.check_and_save, name="plan-import-check"),
    path("audit/", audit_log.audit_log, name="audit-log"),
]
