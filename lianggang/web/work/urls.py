from django.urls import path

from lianggang.web.work import audit_log, plan_import, printable, rounds, views, workbench

urlpatterns = [
    path("", workbench.home, name="work-home"),
    path("rounds/open/", views.open_round, name="open-round"),
    path("rounds/<int:pk>/close/", rounds.close, name="round-close"),
    path("rounds/<int:pk>/reopen/", rounds.reopen, name="round-reopen"),
    path("rounds/<int:pk>/delete/", rounds.delete, name="round-delete"),
    path("rounds/<int:pk>/assign/", rounds.assign, name="round-assign"),
    path("rounds/<int:pk>/assign.xlsx", rounds.assign_sheet, name="round-assign-sheet"),
    path("rounds/<int:pk>/obligations/", views.round_obligations, name="round-obligations"),
    path("rounds/<int:pk>/report/", views.report_upward, name="report-upward"),
    path("rounds/<int:pk>/accept/", views.accept_upward, name="accept-upward"),
    path("below/<int:year>/", views.children, name="children"),
    path("submissions/<int:pk>/", views.entry, name="entry"),
    path("submissions/<int:pk>/form.xlsx", views.template_download, name="entry-template"),
    path("submissions/<int:pk>/upload/", views.upload, name="entry-upload"),
    path("submissions/<int:pk>/print/", printable.form, name="submission-print"),
    path("submissions/<int:pk>/print.xlsx", printable.form_xlsx, name="submission-print-xlsx"),
    path("submissions/<int:pk>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review-queue"),
    path("plans/import/", plan_import.upload, name="plan-import"),
    path("plans/import/check/", plan_import.check_and_save, name="plan-import-check"),
    path("audit/", audit_log.audit_log, name="audit-log"),
]
