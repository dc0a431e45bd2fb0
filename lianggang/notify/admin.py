from django.contrib import admin

from lianggang.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
