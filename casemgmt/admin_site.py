from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CaseMgmtAdminSite(admin.AdminSite):
    site_header = "casemgmt administration"
    site_title = "casemgmt admin"

    def has_permission(self, request):
        """Only admins get in (role 'admin' or superuser), whatever their is_staff flag says."""
        return request.user.is_active and request.user.is_authenticated and request.user.is_admin


class CaseMgmtAdminConfig(AdminConfig):
    default_site = "casemgmt.admin_site.CaseMgmtAdminSite"
