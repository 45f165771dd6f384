from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Prefetch

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin

from .models import Program, Team, User, WorkerHeartbeat

admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AdminRolePermissions, GroupAdmin):
    """Roles are groups (case manager, supervisor, admin)."""


@admin.register(User)
class CaseMgmtUserAdmin(AdminRolePermissions, UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "title", "email", "phone")}),
        ("Teams", {"fields": ("team_list", "supervised_team_list")}),
        (
            "Roles and permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("team_list", "supervised_team_list", "last_login", "date_joined")
    list_display = ("username", "last_name", "first_name", "title", "roles", "team_list")
    list_filter = ("groups", "teams", "supervised_teams", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "title")
    ordering = ("last_name", "first_name", "username")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("groups", queryset=Group.objects.order_by("name")),
                "teams",
                "supervised_teams",
            )
        )

    def has_delete_permission(self, request, obj=None):
        # Users wrote notes and events that name them: deactivate instead.
        return False

    @admin.display(description="Roles")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description="Member of")
    def team_list(self, user):
        return ", ".join(team.name for team in user.teams.all()) or "—"

    @admin.display(description="Supervises")
    def supervised_team_list(self, user):
        return ", ".join(team.name for team in user.supervised_teams.all()) or "—"


@admin.register(Program)
class ProgramAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("name", "sector", "soft_cap", "hard_cap", "is_active")
    list_filter = ("sector", "is_active")
    search_fields = ("name", "description")


@admin.register(Team)
class TeamAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("name", "program", "member_count", "supervisor_list")
    list_filter = ("program",)
    list_select_related = ("program",)
    search_fields = ("name", "program__name")
    filter_horizontal = ("members", "supervisors")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members", "supervisors")

    @admin.display(description="Members")
    def member_count(self, team):
        return len(team.members.all())

    @admin.display(description="Supervisors")
    def supervisor_list(self, team):
        return ", ".join(str(user) for user in team.supervisors.all()) or "—"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("hostname", "created_at")
    list_filter = ("hostname",)
    date_hierarchy = "created_at"
