"""Admin for cases and their notes: oversight and corrections, never deletion (DESIGN.md §4).
Status moves happen on the case page, where each one is recorded."""

from django.contrib import admin

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin, VersionedAdmin, is_admin

from .models import (
    CapOverride,
    CareTeamMember,
    Case,
    CaseEvent,
    CaseNote,
    ClosureRequest,
    EmergencyAccess,
)


class CareTeamMemberInline(AdminRolePermissions, admin.TabularInline):
    model = CareTeamMember
    autocomplete_fields = ("user",)
    readonly_fields = ("added_at",)
    extra = 0

    def has_delete_permission(self, request, obj=None):
        # Leaving a care team is ordinary; the history keeps who was on it.
        return is_admin(request.user)


@admin.register(Case)
class CaseAdmin(VersionedAdmin):
    list_display = (
        "pk",
        "client",
        "status",
        "acuity",
        "restricted",
        "team",
        "primary_case_manager",
        "opened_on",
        "closed_on",
    )
    list_display_links = ("pk", "client")
    list_filter = ("status", "acuity", "restricted", "team", "program", "closure_reason")
    list_select_related = ("client", "team", "primary_case_manager")
    search_fields = (
        "=pk",
        "client__client_number",
        "client__legal_last_name",
        "client__legal_first_name",
        "referral_source",
    )
    date_hierarchy = "opened_on"
    autocomplete_fields = ("client", "primary_case_manager")
    inlines = (CareTeamMemberInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "client",
                    ("program", "team"),
                    "primary_case_manager",
                    ("acuity", "restricted"),
                    "referral_source",
                    "presenting_need",
                    "version",
                )
            },
        ),
        (
            "Status (changed on the case page, where each move is recorded)",
            {"fields": (("status", "opened_on", "closed_on", "closure_reason"),)},
        ),
        ("Record", {"fields": (("created_at", "updated_at", "updated_by"),)}),
    )
    readonly_fields = (
        "status",
        "opened_on",
        "closed_on",
        "closure_reason",
        "created_at",
        "updated_at",
        "updated_by",
    )


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "case", "kind", "from_status", "to_status", "actor")
    list_filter = ("kind", "to_status")
    list_select_related = ("case__client", "actor")
    search_fields = ("=case__pk", "case__client__client_number", "case__client__legal_last_name")
    date_hierarchy = "created_at"


@admin.register(EmergencyAccess)
class EmergencyAccessAdmin(ReadOnlyAdmin):
    """The audit of break-the-glass access: who opened which restricted case, when and why."""

    list_display = ("granted_at", "user", "case", "expires_at")
    list_filter = ("case__team",)
    list_select_related = ("case__client", "user")
    search_fields = ("=case__pk", "case__client__client_number", "user__username", "reason")
    date_hierarchy = "granted_at"


@admin.register(ClosureRequest)
class ClosureRequestAdmin(ReadOnlyAdmin):
    """Closures asked by case managers in programs that need a supervisor's sign-off."""

    list_display = ("requested_at", "case", "reason", "requested_by", "status", "decided_by")
    list_filter = ("status", "case__team")
    list_select_related = ("case__client", "requested_by", "decided_by")
    search_fields = ("=case__pk", "requested_by__username", "note", "comment")
    date_hierarchy = "requested_at"


@admin.register(CapOverride)
class CapOverrideAdmin(ReadOnlyAdmin):
    """Cases assigned past a program's hard caseload cap: by whom, to whom, at what load, why."""

    list_display = ("at", "manager", "load", "hard_cap", "case", "by")
    list_filter = ("case__team",)
    list_select_related = ("case__client", "manager", "by")
    search_fields = ("=case__pk", "manager__username", "reason")
    date_hierarchy = "at"


@admin.register(CaseNote)
class CaseNoteAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "case",
        "contact_type",
        "author",
        "status",
        "restricted",
        "addendum_to",
    )
    list_filter = ("status", "contact_type", "restricted")
    list_select_related = ("case__client", "author", "addendum_to")
    search_fields = (
        "=case__pk",
        "case__client__client_number",
        "case__client__legal_last_name",
        "narrative",
    )
    date_hierarchy = "occurred_at"
    fields = (
        ("case", "author"),
        ("contact_type", "occurred_at", "duration_minutes"),
        "narrative",
        "restricted",
        ("status", "signed_at", "signed_by"),
        ("addendum_to", "created_at"),
    )
    readonly_fields = (
        "case",
        "author",
        "status",
        "signed_at",
        "signed_by",
        "addendum_to",
        "created_at",
    )

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        # Signed notes are immutable (the database refuses too); corrections are addenda.
        return super().has_change_permission(request, obj) and not (obj and obj.is_signed)
