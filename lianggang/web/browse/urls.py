from django.urls import path

from lianggang.web.browse import lists, views

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/publish/", views.publish, name="publish"),
    path("plans/<int:pk>/tree/", views.plan_tree, name="plan-tree"),
    path("plans/<int:pk>/targets/", lists.targets, name="targets"),
    path("plans/<int:pk>/warnings/", lists.warnings, name="warnings"),
    path("plans/<int:pk>/values/", lists.values, name="values"),
    path("plans/<int:pk>/alignment/", views.alignment, name="plan-alignment"),
    path("plans/<int:pk>/dictionary.xlsx", views.dictionary_download, name="plan-dictionary"),
    path("plans/<int:plan_pk>/indicators/<int:pk>/", views.indicator_page, name="indicator"),
    path("reports/", views.reports, name="reports"),
    path("reports/download/", views.report_download, name="report-download"),
    path("public/plans/<int:pk>/", views.public_plan, name="public-plan"),
    path("public/plans/<int:pk>/data.<str:fmt>", views.public_data, name="public-data"),
    path("public/plans/<int:pk>/indicators/<int:indicator_pk>/data.<str:fmt>", views.public_data,
         name="public-indicator-data"),
]
