from django.contrib import admin

from accounts.admin import AdminRolePermissions

from .models import Task


@admin.register(Task)
class TaskAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("description", "case", "assignee", "priority", "due_on", "status")
    list_filter = ("status", "priority", "responsible")
    list_select_related = ("case__client", "assignee")
    search_fields = ("description", "case__client__legal_last_name")
    raw_id_fields = ("case", "assignee")
    readonly_fields = ("status", "completed_at", "completed_by", "created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
