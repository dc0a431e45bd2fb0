"""Admin for user roles and scope."""
from django.contrib import admin

from lianggang.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "department", "phone"]
    list_filter = ["role", "region__level"]
    search_fields = ["user__username", "region__name", "department__name"]
    autocomplete_fields = ["region", "department"]
