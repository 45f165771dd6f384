"""Admin for hospital stays: oversight and corrections of what was entered, never deletion.

What is clinical history stays as it happened: the discharge and its override, each change of the
expected discharge date, the moves of level of care and the post-discharge calls are read-only;
the EDD changes only on the admission's page, where the change is kept with who and why."""

from django.contrib import admin

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin, VersionedAdmin

from .models import (
    Admission,
    AdmissionEvent,
    Barrier,
    ChoiceOffer,
    DischargePlan,
    EddChange,
    FollowUpCall,
    Transition,
    UtilizationReview,
)


class ReadOnlyInline(AdminRolePermissions, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AdmissionEventInline(ReadOnlyInline):
    model = AdmissionEvent
    fields = ("kind", "actor", "created_at", "missing_items", "override_reason", "note")


class EddChangeInline(ReadOnlyInline):
    model = EddChange
    fields = ("from_date", "to_date", "changed_by", "changed_at", "reason")


@admin.register(Admission)
class AdmissionAdmin(VersionedAdmin):
    list_display = (
        "__str__",
        "case",
        "unit",
        "status",
        "level_of_care",
        "expected_discharge_on",
        "returned_as",
    )
    list_filter = ("status", "encounter", "admission_type", "level_of_care", "returned_as")
    list_select_related = ("case__client", "facility")
    search_fields = ("=case__pk", "case__client__legal_last_name", "facility__name", "unit")
    date_hierarchy = "admitted_at"
    raw_id_fields = ("payer",)
    readonly_fields = (
        "case",
        "facility",
        "encounter",
        "admitted_at",
        "admission_type",
        "expected_discharge_on",
        "status",
        "discharged_at",
        "disposition",
        "index_stay",
        "returned_as",
        "call_task",
        "check_in_task",
    )
    fields = (
        ("case", "facility", "unit"),
        ("encounter", "admission_type", "admitted_at"),
        ("payer", "level_of_care"),
        ("expected_discharge_on", "medically_ready_at"),
        ("charlson_score", "ed_visits_6_months"),
        ("status", "discharged_at", "disposition"),
        ("index_stay", "returned_as"),
        ("call_task", "check_in_task"),
        "version",
    )
    inlines = (AdmissionEventInline, EddChangeInline)


class BarrierInline(AdminRolePermissions, admin.TabularInline):
    model = Barrier
    extra = 0
    can_delete = False
    raw_id_fields = ("owner",)


@admin.register(DischargePlan)
class DischargePlanAdmin(VersionedAdmin):
    list_display = ("__str__", "anticipated_disposition")
    list_select_related = ("admission__facility",)
    readonly_fields = ("admission",)
    inlines = (BarrierInline,)


@admin.register(Barrier)
class BarrierAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("kind", "plan", "owner", "opened_on", "resolved_on")
    list_filter = ("kind",)
    list_select_related = ("plan__admission__facility", "owner")
    readonly_fields = ("plan",)
    raw_id_fields = ("owner",)

    def has_add_permission(self, request, *args):
        return False


@admin.register(UtilizationReview)
class UtilizationReviewAdmin(AdminRolePermissions, admin.ModelAdmin):
    """Reviews can be corrected (a mistyped authorization number); history keeps the original."""

    list_display = (
        "admission",
        "reviewed_on",
        "status_reviewed",
        "criteria_met",
        "authorized_through",
        "next_review_on",
        "denied",
    )
    list_filter = ("status_reviewed", "criteria_set", "criteria_met", "denied")
    list_select_related = ("admission__facility",)
    readonly_fields = ("admission", "reviewer", "created_at")

    def has_add_permission(self, request, *args):
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "case", "moved_at", "receiving_organization")
    list_select_related = ("case__client", "receiving_organization")


@admin.register(EddChange)
class EddChangeAdmin(ReadOnlyAdmin):
    list_display = ("admission", "from_date", "to_date", "changed_by", "changed_at")
    list_select_related = ("admission__facility", "changed_by")


@admin.register(FollowUpCall)
class FollowUpCallAdmin(ReadOnlyAdmin):
    list_display = ("admission", "called_at", "attempt", "outcome", "caller")
    list_filter = ("outcome",)
    list_select_related = ("admission__facility", "caller")


@admin.register(AdmissionEvent)
class AdmissionEventAdmin(ReadOnlyAdmin):
    list_display = ("admission", "kind", "actor", "created_at")
    list_select_related = ("admission__facility", "actor")


@admin.register(ChoiceOffer)
class ChoiceOfferAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "admission", "offered_by", "providers_listed", "batch")
    list_filter = ("kind",)
    list_select_related = ("admission__facility", "offered_by", "batch")
