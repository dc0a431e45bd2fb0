from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "两纲监测评估系统"
admin.site.site_title = "两纲监测评估系统"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),   # set_language: the 中文/English switch
    path("api/", include("lianggang.api.urls")),
    path("jobs/", include("lianggang.jobs.urls")),
    path("notifications/", include("lianggang.notify.urls")),
    path("", include("lianggang.web.urls")),
]
