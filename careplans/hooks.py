"""What care plans add to the apps below them: on the case page (casemgmt.panels) the plan in
force or in the works and the case's open tasks; before a case closes, its active plan and open
tasks (cases.closure); after a safety alert, a safety plan review."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.access import open_needs_seen
from assessments.signals import safety_alert_raised
from casemgmt import panels
from cases import closure

from .models import CarePlan, Task


@panels.register("case", slot="side", order=10, template="careplans/_case_plan.html", queries=2)
def plan_panel(request, case):
    return {
        "plans": list(case.care_plans.only("number", "status", "title", "review_due_on", "case")),
        "has_needs": case.is_open and bool(open_needs_seen(request, case)),
    }


@panels.register("case", slot="side", order=20, template="careplans/_case_tasks.html", queries=1)
def tasks_panel(request, case):
    return {"tasks": Task.objects.filter(case=case).open().in_force().for_list()}


@receiver(safety_alert_raised)
def plan_a_safety_review(sender, *, case, what, by, **kwargs) -> None:
    """A safety alert puts a high-priority safety plan review, due today, on the case."""
    Task.objects.create(
        case=case,
        description="Safety plan review",
        details=what,
        priority=Task.Priority.HIGH,
        due_on=timezone.localdate(),
        assignee=case.primary_case_manager,
        created_by=by,
    )


@closure.check
def plan_in_force(case) -> list[closure.OpenItem]:
    active = case.care_plans.filter(status=CarePlan.Status.ACTIVE).first()
    if active is None:
        return []
    label = _("Care plan version %(number)s is still active.") % {"number": active.number}
    return [closure.OpenItem(label, active.get_absolute_url())]


@closure.check
def open_tasks(case) -> list[closure.OpenItem]:
    count = Task.objects.filter(case=case).open().in_force().count()
    if not count:
        return []
    label = ngettext("%(count)s task is still open.", "%(count)s tasks are still open.", count)
    return [closure.OpenItem(label % {"count": count}, f"{case.get_absolute_url()}#tasks-heading")]
