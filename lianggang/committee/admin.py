"""The committee's records in the admin, read-only: they change through committee/services.py,
which checks permission and writes the audit log (the pages are where people act)."""
from django.contrib import admin

from lianggang.committee.models import (Attachment, Correction, FundMinimum, FundRecord, GoalEntry,
                                        ImplementationReport, Meeting, SelfAssessment, SupervisionVisit)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GoalEntryInline(admin.TabularInline):
    model = GoalEntry
    extra = 0
    can_delete = False
    readonly_fields = ("goal", "text")

    def has_add_permission(self, request, obj=None):
        return False


class SelfAssessmentInline(GoalEntryInline):
    model = SelfAssessment
    readonly_fields = ("target", "verdict", "engine_status", "reason")


@admin.register(ImplementationReport)
class ImplementationReportAdmin(ReadOnly):
    list_display = ("region", "year", "department", "state", "submitted_at", "reviewed_at")
    list_filter = ("state", "year")
    search_fields = ("region__name", "department__name")
    inlines = [GoalEntryInline, SelfAssessmentInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("date", "kind", "title", "region")
    list_filter = ("kind",)
    search_fields = ("title", "region__name")


@admin.register(FundRecord)
class FundRecordAdmin(ReadOnly):
    list_display = ("region", "year", "budgeted", "spent")
    list_filter = ("year",)


@admin.register(FundMinimum)
class FundMinimumAdmin(ReadOnly):
    list_display = ("plan", "level", "amount", "source")


class CorrectionInline(GoalEntryInline):
    model = Correction
    readonly_fields = ("text", "due", "state", "follow_up", "closed_at")


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(ReadOnly):
    list_display = ("date", "visited", "place", "region")
    search_fields = ("visited__name", "place", "findings")
    inlines = [CorrectionInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly):
    list_display = ("name", "kind", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    exclude = ("file",)   # never a link to the stored file: downloads go through the permission-checked view
