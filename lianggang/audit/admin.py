from django.contrib import admin

from lianggang.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, in the admin as everywhere."""
    list_display = ("at", "user_name", "verb", "object_repr", "region")
    list_filter = ("verb",)
    search_fields = ("user_name", "object_repr", "verb")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
