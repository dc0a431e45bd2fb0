"""Admin for monitoring, in Chinese. Values are read-only here: every change of a value goes through
the services (entry page, Excel, API, load-values, reopen-value), which keep its history and version."""
from __future__ import annotations

from django.contrib import admin

from lianggang.monitoring.models import (ConsistencyRule, Obligation, ReviewComment, Round, Submission, Value,
                                         ValueChange)


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "deadline", "is_open", "upward", "opened_by", "opened_at"]
    list_filter = ["year", "is_open", "upward", "region__level"]
    search_fields = ["region__name", "region__code"]
    readonly_fields = ["opened_by", "opened_at"]
    inlines = [ObligationInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["department", "round", "state", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by"]
    list_filter = ["state", "round__year"]
    search_fields = ["department__name", "department__short_name", "round__region__name"]
    readonly_fields = ["submitted_at", "submitted_by", "reviewed_at", "reviewed_by"]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "department", "round"]
    list_filter = ["round__year"]
    search_fields = ["indicator__name", "department__name", "department__short_name"]


class ValueChangeInline(admin.TabularInline):
    model = ValueChange
    extra = 0
    can_delete = False
    fields = ["at", "action", "old_value", "new_value", "old_state", "new_state", "reason", "user_name"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "year", "sex", "area", "age_group", "value", "unit", "state",
                    "provisional", "estimated", "revised", "series_break", "version", "updated_by", "updated_at"]
    list_filter = ["state", "year", "sex", "area", "provisional", "estimated", "revised", "series_break", "is_sample"]
    search_fields = ["indicator__name", "region__name", "region__code", "source", "note"]
    readonly_fields = ["version", "updated_at", "updated_by"]
    inlines = [ValueChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ValueChange)
class ValueChangeAdmin(admin.ModelAdmin):
    """Read-only: a value's history is append-only, in the admin as everywhere."""
    list_display = ["value", "action", "old_value", "new_value", "old_state", "new_state", "user_name", "at"]
    list_filter = ["action", "new_state"]
    search_fields = ["value__indicator__name", "reason", "user_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["submission", "value", "text", "author", "at", "resolved"]
    list_filter = ["resolved"]
    search_fields = ["text", "value__indicator__name"]


@admin.register(ConsistencyRule)
class ConsistencyRuleAdmin(admin.ModelAdmin):
    list_display = ["indicator", "kind", "whole", "threshold", "active", "note"]
    list_filter = ["kind", "active"]
    search_fields = ["indicator__name", "whole__name", "note"]
    autocomplete_fields = ["indicator", "whole"]
