from django.contrib import admin

from lianggang.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "title", "user", "state", "progress", "finished_at")
    list_filter = ("kind", "state")
    search_fields = ("title", "user__username", "error")
    readonly_fields = [f.name for f in Job._meta.fields if f.editable]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
