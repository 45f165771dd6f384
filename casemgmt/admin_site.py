from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from pghistory.admin import EventsAdmin


class CaseMgmtAdminSite(admin.AdminSite):
    site_header = "casemgmt administration"
    site_title = "casemgmt admin"

    def has_permission(self, request):
        """Only admins get in (role 'admin' or superuser), whatever their is_staff flag says."""
        return request.user.is_active and request.user.is_authenticated and request.user.is_admin


class CaseMgmtAdminConfig(AdminConfig):
    default_site = "casemgmt.admin_site.CaseMgmtAdminSite"


class HistoryEventsAdmin(EventsAdmin):
    """pghistory's Events page (every tracked change, across models), read-only, for the admin role.

    pghistory's own admin asks for Django model permissions, which the admin role does not hold
    (the role is the permission here, as in accounts.admin.AdminRolePermissions).
    """

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_admin

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)
