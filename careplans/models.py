import pgtrigger
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from casemgmt import history
from clients.models import Case, InvalidTransition


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def open(self):
        return self.filter(status=Task.Status.OPEN)

    def for_list(self):
        return self.select_related("assignee", "completed_by").order_by(
            "-priority", models.F("due_on").asc(nulls_last=True), "pk"
        )


@history.track
class Task(models.Model):
    """An intervention: who does what by when, on a case (care plans will hang goals above it)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        NORMAL = 2, "Normal"
        HIGH = 3, "High"

    class Responsible(models.TextChoices):
        CASE_MANAGER = "case_manager", "Case manager"
        CLIENT = "client", "Client"
        SUPPORT = "support", "Family member or support"
        PROVIDER = "provider", "Outside provider"

    case = models.ForeignKey(Case, models.PROTECT, related_name="tasks")
    description = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    responsible = models.CharField(
        max_length=20, choices=Responsible.choices, default=Responsible.CASE_MANAGER
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False)
                | (~Q(status="done") & Q(completed_at__isnull=True)),
                name="task_completed_at_iff_done",
            )
        ]
        indexes = [
            # The case page's open tasks.
            models.Index(fields=["case", "status"], name="task_case_status"),
            # Open tasks by due date: "My tasks" and the reminder scan for tasks due.
            models.Index(fields=["due_on"], condition=Q(status="open"), name="task_open_due"),
        ]
        triggers = [pgtrigger.Protect(name="task_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return f"{reverse('cases:detail', args=[self.case_id])}#task-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == Task.Status.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @transaction.atomic
    def complete(self, *, by) -> None:
        """Mark an open task done by `by`; history keeps who and when."""
        changed = Task.objects.filter(pk=self.pk, status=Task.Status.OPEN).update(
            status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by
        )
        if changed != 1:
            raise InvalidTransition(f"This task is already {self.get_status_display().lower()}.")
        self.refresh_from_db(fields=["status", "completed_at", "completed_by"])
