"""Base classes for every app's admin: the admin role is the permission, append-only records
are read-only, and edits to versioned records go through the version check (DESIGN.md §4)."""

from django.contrib import admin

from casemgmt.versioning import StaleVersion, VersionedForm


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_admin


class AdminRolePermissions:
    """Admins may use every registered model, whether or not their group holds Django permissions.

    The admin role is a plain group without model permissions (accounts migration 0002); the site
    already lets in only admins (casemgmt/admin_site.py), so inside it the role is the permission.
    Deletion stays opt-in per model. The login page asks too, for an anonymous user.
    """

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(AdminRolePermissions, admin.ModelAdmin):
    """For append-only records: admins look, nobody edits."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
