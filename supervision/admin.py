from django.contrib import admin

from casemgmt.admin_base import ReadOnlyAdmin

from .models import ReportExport, Review, SupervisionNote, Transfer


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    """Case transfers between case managers: asked, accepted, declined with why."""

    list_display = ("requested_at", "case", "from_manager", "to_manager", "status", "decided_at")
    list_filter = ("status", "case__team")
    list_select_related = ("case__client", "from_manager", "to_manager")
    search_fields = ("=case__pk", "from_manager__username", "to_manager__username", "reason")
    date_hierarchy = "requested_at"


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """Supervisors' reviews of emergency accesses and discharges over an incomplete checklist."""

    list_display = ("reviewed_at", "reviewed_by", "emergency_access", "discharge_override")
    list_select_related = ("reviewed_by", "emergency_access", "discharge_override")
    search_fields = ("reviewed_by__username", "comment")
    date_hierarchy = "reviewed_at"


@admin.register(SupervisionNote)
class SupervisionNoteAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "about", "author", "team", "case")
    list_filter = ("team",)
    list_select_related = ("about", "author", "team", "case__client")
    search_fields = ("about__username", "author__username", "text")
    date_hierarchy = "created_at"


@admin.register(ReportExport)
class ReportExportAdmin(ReadOnlyAdmin):
    """Outcome reports downloaded: who, which report, with which filters, how many rows."""

    list_display = ("at", "user", "report", "format", "row_count")
    list_filter = ("report", "format")
    list_select_related = ("user",)
    search_fields = ("user__username", "report")
    date_hierarchy = "at"
