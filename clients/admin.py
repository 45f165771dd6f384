"""Admin for client records: oversight and corrections, never deletion (DESIGN.md §4).

Records are created where their workflow lives (intake, case opening, the case page); the admin
edits what an admin may correct, and edits to versioned records go through the version check so a
case manager's open form is refused rather than silently overwriting the correction.
"""

from django.contrib import admin

from casemgmt.admin_base import AdminRolePermissions, VersionedAdmin

from .models import Client, ClientFlag, Consent, Contact, Coverage


class ArchivedFilter(admin.SimpleListFilter):
    title = "record"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Active"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at=None)
        if self.value() == "yes":
            return queryset.exclude(archived_at=None)
        return queryset


@admin.register(Client)
class ClientAdmin(VersionedAdmin):
    list_display = (
        "client_number",
        "legal_last_name",
        "legal_first_name",
        "preferred_name",
        "date_of_birth",
        "preferred_language",
        "registered_team",
        "is_archived",
    )
    list_display_links = ("client_number", "legal_last_name")
    list_filter = (ArchivedFilter, "registered_team", "interpreter_needed", "sex_at_birth")
    list_select_related = ("registered_team",)
    search_fields = (
        "client_number",
        "legal_first_name",
        "legal_last_name",
        "preferred_name",
        "phone",
        "email",
    )
    date_hierarchy = "created_at"
    fieldsets = (
        (
            "Identity",
            {
                "fields": (
                    "client_number",
                    ("legal_first_name", "legal_middle_name", "legal_last_name"),
                    "preferred_name",
                    "date_of_birth",
                    ("sex_at_birth", "gender_identity", "pronouns"),
                    ("preferred_language", "interpreter_needed"),
                    "version",
                )
            },
        ),
        (
            "Contact details",
            {
                "fields": (
                    ("phone", "email"),
                    "address_line1",
                    "address_line2",
                    ("city", "state", "postal_code"),
                    "county",
                )
            },
        ),
        (
            "Registration",
            {
                "fields": (
                    ("registered_team", "registered_by", "created_at"),
                    "duplicate_override_reason",
                    ("archived_at", "archive_reason"),
                    ("updated_at", "updated_by"),
                )
            },
        ),
    )
    readonly_fields = (
        "client_number",
        "registered_team",
        "registered_by",
        "created_at",
        "duplicate_override_reason",
        "archived_at",
        "archive_reason",
        "updated_at",
        "updated_by",
    )

    @admin.display(boolean=True, description="Archived", ordering="archived_at")
    def is_archived(self, person):
        return person.is_archived


class ClientRecordAdmin(AdminRolePermissions, admin.ModelAdmin):
    """Contacts, coverage, consents and flags: found by client, never deleted."""

    autocomplete_fields = ("client",)
    list_select_related = ("client",)
    search_fields = ("client__client_number", "client__legal_last_name", "client__legal_first_name")


@admin.register(Contact)
class ContactAdmin(ClientRecordAdmin):
    list_display = (
        "name",
        "relationship",
        "client",
        "phone",
        "is_emergency_contact",
        "may_receive_information",
        "is_active",
    )
    list_filter = ("relationship", "is_emergency_contact", "may_receive_information", "is_active")
    search_fields = (*ClientRecordAdmin.search_fields, "name", "organization", "phone")


@admin.register(Coverage)
class CoverageAdmin(ClientRecordAdmin):
    list_display = ("client", "rank", "payer", "payer_name", "plan_name", "effective_on", "ends_on")
    list_filter = ("payer", "rank")
    search_fields = (*ClientRecordAdmin.search_fields, "payer_name", "plan_name", "member_id")
    date_hierarchy = "effective_on"


@admin.register(Consent)
class ConsentAdmin(ClientRecordAdmin):
    list_display = (
        "client",
        "kind",
        "organization_name",
        "purpose",
        "signed_on",
        "expires_on",
        "revoked_on",
    )
    list_filter = ("kind", "scope", ("revoked_on", admin.EmptyFieldListFilter))
    search_fields = (*ClientRecordAdmin.search_fields, "organization_name", "purpose")
    date_hierarchy = "signed_on"
    readonly_fields = ("revoked_on", "revoke_reason", "recorded_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClientFlag)
class ClientFlagAdmin(ClientRecordAdmin):
    list_display = ("kind", "client", "created_at", "created_by", "cleared_at")
    list_filter = ("kind", ("cleared_at", admin.EmptyFieldListFilter))
    list_select_related = ("client", "created_by")
    search_fields = (*ClientRecordAdmin.search_fields, "reason")
    date_hierarchy = "created_at"
    readonly_fields = ("created_by", "created_at", "cleared_at", "cleared_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
