"""Admin for the resource directory (kept up to date here, with CSV import and export) and a
read-only view of referrals and the partner links' audit."""

import datetime

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils import timezone
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin, is_admin

from .models import (
    Organization,
    PartnerLink,
    PartnerLinkUse,
    Referral,
    ReferralBatch,
    ReferralEvent,
    Service,
)
from .resources import OrganizationResource, ServiceResource

# ---------------------------------------------------------------------------------------------
# Directory


class DirectoryImportExport(AdminRolePermissions, ImportExportModelAdmin):
    """CSV in and out. import-export asks for Django permissions the admin role does not hold: the
    role is the permission here too."""

    import_formats = [CSV]
    export_formats = [CSV]

    def has_import_permission(self, request):
        return is_admin(request.user)

    def has_export_permission(self, request):
        return is_admin(request.user)


class ServiceInline(AdminRolePermissions, admin.TabularInline):
    model = Service
    extra = 0
    fields = ("name", "category", "capacity", "cost", "verified_on")
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(DirectoryImportExport):
    resource_classes = [OrganizationResource]
    list_display = (
        "name",
        "kind",
        "city",
        "county",
        "phone",
        "service_count",
        "star_rating",
        "rating_checked_on",
        "is_active",
    )
    list_filter = ("kind", "county", "is_active", "star_rating")
    search_fields = ("name", "city", "zip_code", "service_area", "languages", "payers")
    inlines = [ServiceInline]
    # Django 6's default scheme for typed-in web addresses, chosen now (no deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "kind", "is_active")}),
        ("Where", {"fields": ("address", "city", "county", "zip_code", "service_area")}),
        ("Contact", {"fields": ("phone", "email", "website", "hours")}),
        ("Access", {"fields": ("languages", "payers", "notes")}),
        # Shown on a patient's post-acute choice list: the rating and when it was looked up.
        ("Quality", {"fields": ("star_rating", "rating_checked_on")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(service_count=Count("services"))

    @admin.display(description="Services", ordering="service_count")
    def service_count(self, organization):
        return organization.service_count


class StaleFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", "Stale"), ("no", "Current")]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - datetime.timedelta(days=Service.STALE_AFTER_DAYS)
        if self.value() == "yes":
            return queryset.filter(verified_on__lt=cutoff)
        if self.value() == "no":
            return queryset.filter(verified_on__gte=cutoff)
        return queryset


@admin.register(Service)
class ServiceAdmin(DirectoryImportExport):
    resource_classes = [ServiceResource]
    list_display = ("name", "organization", "category", "capacity", "verified_on", "stale")
    list_filter = (
        "category",
        "capacity",
        StaleFilter,
        "organization__kind",
        "organization__county",
    )
    list_select_related = ("organization",)
    search_fields = ("name", "description", "eligibility", "organization__name")
    autocomplete_fields = ("organization",)
    date_hierarchy = "verified_on"

    @admin.display(description="Stale", boolean=True)
    def stale(self, service):
        return service.is_stale


# ---------------------------------------------------------------------------------------------
# Referrals: they move through the app's transitions; here they are looked at.


class ReferralEventInline(AdminRolePermissions, admin.TabularInline):
    model = ReferralEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "kind",
        "from_status",
        "to_status",
        "actor",
        "via_partner_link",
        "note",
        "created_at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "case", "service", "status", "urgency", "sent_at", "respond_by")
    list_filter = ("status", "urgency", "organization__kind")
    list_select_related = ("case__client", "organization", "service__organization")
    search_fields = ("organization__name", "service__name", "case__client__legal_last_name")
    date_hierarchy = "created_at"
    # Fields the app sets through transitions (not editable) are shown too.
    readonly_fields = (
        "organization",
        "status",
        "consent",
        "sent_at",
        "respond_by",
        "escalate_at",
        "responded_at",
        "status_changed_at",
        "appointment_at",
        "decline_reason",
        "outcome",
        "rerouted_from",
        "created_by",
        "created_at",
    )
    inlines = [ReferralEventInline]


@admin.register(ReferralBatch)
class ReferralBatchAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "case", "created_by", "created_at")
    list_select_related = ("case__client", "created_by")
    search_fields = ("case__client__legal_last_name", "reason")


@admin.register(PartnerLink)
class PartnerLinkAdmin(ReadOnlyAdmin):
    """The nonce makes a link usable: it is never shown, nor is the link itself."""

    list_display = ("__str__", "referral", "created_at", "expires_at", "used_at", "revoked_at")
    list_select_related = ("referral__organization",)
    exclude = ("nonce",)
    readonly_fields = ("referral", "created_at", "expires_at", "used_at", "revoked_at")
    view_on_site = False  # get_absolute_url is the partner's working link
    date_hierarchy = "created_at"


@admin.register(PartnerLinkUse)
class PartnerLinkUseAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "link", "action", "result", "ip_address")
    list_filter = ("result", "action")
    list_select_related = ("link",)
    search_fields = ("ip_address", "user_agent")
    date_hierarchy = "created_at"
