from django.contrib import admin

from casemgmt.admin_base import ReadOnlyAdmin

from .models import Transfer


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    """Case transfers between case managers: asked, accepted, declined with why."""

    list_display = ("requested_at", "case", "from_manager", "to_manager", "status", "decided_at")
    list_filter = ("status", "case__team")
    list_select_related = ("case__client", "from_manager", "to_manager")
    search_fields = ("=case__pk", "from_manager__username", "to_manager__username", "reason")
    date_hierarchy = "requested_at"
