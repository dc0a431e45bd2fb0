"""One URL map for the pages; each area keeps its own urls module.

browse/  dashboard, plans, indicators, reports, public pages (read-only)
work/    data entry, review, plan import (the year's work)
committee/ the committee's work: implementation reports, meetings, funds, visits, attachments
accounts login and logout
"""
from django.urls import include, path

app_name = "web"

urlpatterns = [
    path("accounts/", include("lianggang.web.accounts.urls")),
    path("work/", include("lianggang.web.work.urls")),
    path("committee/", include("lianggang.web.committee.urls")),
    path("", include("lianggang.web.browse.urls")),
]
