"""Admin for user roles and scope; the admin's login door is throttled like the site's."""
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from lianggang.accounts.models import Profile
from lianggang.accounts.throttle import ThrottledLoginForm


class ThrottledAdminAuthenticationForm(ThrottledLoginForm, AdminAuthenticationForm):
    pass


admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "department", "phone"]
    list_filter = ["role", "region__level"]
    search_fields = ["user__username", "region__name", "department__name"]
    autocomplete_fields = ["region", "department"]
