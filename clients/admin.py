"""Admin for client records: oversight and corrections, never deletion (DESIGN.md §4).

Records are created where their workflow lives (intake, case opening, the case page); the admin
edits what an admin may correct, and edits to versioned records go through the version check so a
case manager's open form is refused rather than silently overwriting the correction.
"""

from django.contrib import admin

from accounts.admin import AdminRolePermissions, ReadOnlyAdmin, is_admin
from casemgmt.versioning import StaleVersion, VersionedForm

from .models import (
    CareTeamMember,
    Case,
    CaseEvent,
    CaseNote,
    Client,
    ClientFlag,
    Consent,
    Contact,
    Coverage,
    EmergencyAccess,
)


class VersionedAdminForm(VersionedForm):
    class Meta:
        # The model's version is not editable: the form's own hidden field carries it.
        exclude = ("version",)

    def clean(self):
        """Lock the row for the rest of the request and refuse the save if it moved on."""
        cleaned = super().clean()
        if "version" in cleaned:
            current = (
                type(self.instance)
                ._base_manager.select_for_update(of=("self",))
                .select_related("updated_by")
                .get(pk=self.instance.pk)
            )
            if current.version != cleaned["version"]:
                self.refuse_stale(StaleVersion(current))
        return cleaned


class VersionedAdmin(AdminRolePermissions, admin.ModelAdmin):
    """Edits bump the version and record who made them, like the app's own forms."""

    form = VersionedAdminForm

    def has_add_permission(self, request, *args):
        return False

    def save_model(self, request, obj, form, change):
        fields = [name for name in form.changed_data if name != "version"]
        if fields:
            obj.save_version(
                expected_version=form.cleaned_data["version"], by=request.user, fields=fields
            )


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
