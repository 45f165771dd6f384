"""Tasks: one-click completion and "My tasks" across the user's caseload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careplans.access import get_task_for_user
from careplans.models import Task
from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from cases.models import Case

MY_TASKS_PAGE_SIZE = 25
# The due-date windows "My tasks" filters by; the day counts include what is overdue.
DUE_WINDOWS = {
    "overdue": "Overdue",
    "7": "Due within 7 days",
    "30": "Due within 30 days",
    "all": "All open tasks",
}


@login_required
@require_POST
def task_complete(request, pk):
    task = get_task_for_user(request.user, pk)
    try:
        task.complete(by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
    if request.htmx:
        context = {"task": task, "show_case": "show_case" in request.POST}
        return render(request, "careplans/_task.html", context)
    return redirect(task)


@read_only
@login_required
def my_tasks(request):
    """Open tasks in force on the cases the user carries, overdue first."""
    window = request.GET.get("due") if request.GET.get("due") in DUE_WINDOWS else "all"
    tasks = (
        Task.objects.filter(case_id__in=Case.objects.caseload_ids_of(request.user))
        .open()
        .in_force()
        .select_related("assignee", "goal__domain", "case__client")
        .order_by(F("due_on").asc(nulls_last=True), "-priority", "pk")
    )
    if window == "overdue":
        tasks = tasks.overdue()
    elif window != "all":
        tasks = tasks.due_within(int(window))
    page = Paginator(tasks, MY_TASKS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "window": window, "windows": DUE_WINDOWS}
    return render(request, "careplans/my_tasks.html", context)
