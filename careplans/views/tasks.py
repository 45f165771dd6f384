from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clients.models import InvalidTransition

from .models import Task


def get_task_for_user(user, pk) -> Task:
    """The task if the user may see its case; 404 otherwise."""
    return get_object_or_404(Task.objects.visible_to(user).select_related("assignee"), pk=pk)


@login_required
@require_POST
def task_complete(request, pk):
    task = get_task_for_user(request.user, pk)
    try:
        task.complete(by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
    if request.htmx:
        return render(request, "careplans/_task.html", {"task": task})
    return redirect(task)
