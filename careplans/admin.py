from django.contrib import admin

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin

from .models import CarePlan, CarePlanEvent, Goal, PlanTemplate, ProgressReview, Task, TemplateGoal


class TemplateGoalInline(AdminRolePermissions, admin.StackedInline):
    model = TemplateGoal
    extra = 1
    fields = (("order", "domain"), "statement", "target", ("target_days", "task_days"), "tasks")

    def has_delete_permission(self, request, obj=None):
        return True  # templates are configuration, not client records


@admin.register(PlanTemplate)
class PlanTemplateAdmin(AdminRolePermissions, admin.ModelAdmin):
    """Ready-made plans case managers start from: goals with targets and tasks, per program."""

    list_display = ("name", "program", "is_active")
    list_filter = ("is_active", "program")
    inlines = [TemplateGoalInline]


class CarePlanEventInline(AdminRolePermissions, admin.TabularInline):
    model = CarePlanEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_status", "to_status", "actor", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CarePlan)
class CarePlanAdmin(ReadOnlyAdmin):
    """Plans change through their lifecycle in the app; here they are looked at."""

    list_display = ("__str__", "status", "number", "author", "approved_by", "review_due_on")
    list_filter = ("status", "agreement")
    list_select_related = ("case__client", "author", "approved_by")
    search_fields = ("case__client__legal_last_name", "title")
    exclude = ("signature_png",)
    inlines = [CarePlanEventInline]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ("statement", "plan", "domain", "status", "target_date")
    list_filter = ("status", "domain")
    list_select_related = ("plan__case__client", "domain")


@admin.register(ProgressReview)
class ProgressReviewAdmin(ReadOnlyAdmin):
    list_display = ("plan", "reviewed_on", "reviewer", "next_review_on")
    list_select_related = ("plan__case__client", "reviewer")


@admin.register(Task)
class TaskAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("description", "case", "assignee", "priority", "due_on", "status")
    list_filter = ("status", "priority", "responsible")
    list_select_related = ("case__client", "assignee")
    search_fields = ("description", "case__client__legal_last_name")
    raw_id_fields = ("case", "goal", "assignee")
    readonly_fields = ("status", "completed_at", "completed_by", "created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
