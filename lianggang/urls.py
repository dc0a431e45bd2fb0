from django.contrib import admin
from django.urls import path

admin.site.site_header = "两纲监测评估系统"
admin.site.site_title = "两纲监测评估系统"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
]
