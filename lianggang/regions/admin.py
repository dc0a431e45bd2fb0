from django.contrib import admin

from lianggang.regions.models import Department, Region


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name", "aliases")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "region")
    list_filter = ("region__level",)
    search_fields = ("name", "short_name", "region__name", "region__code")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
