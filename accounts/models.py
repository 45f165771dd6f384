from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """Roles are Django groups; the names here are the group names the data migration creates."""

    CASE_MANAGER = "case manager", "Case manager"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    title = models.CharField(max_length=80, blank=True, help_text="e.g. RN Case Manager, LCSW")
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.role_names

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.role_names

    @cached_property
    def team_ids(self) -> frozenset[int]:
        """Teams the user works in: as a member or as a supervisor."""
        return frozenset(
            Team.objects.filter(models.Q(members=self) | models.Q(supervisors=self)).values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def supervised_team_ids(self) -> frozenset[int]:
        return frozenset(self.supervised_teams.values_list("pk", flat=True))


class Program(models.Model):
    class Sector(models.TextChoices):
        HEALTHCARE = "healthcare", "Healthcare / nursing"
        SOCIAL = "social", "Social services"
        GERIATRIC = "geriatric", "Geriatric"
        LEGAL = "legal", "Legal / insurance"
        MENTAL_HEALTH = "mental_health", "Mental health"

    name = models.CharField(max_length=120, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    initial_assessment_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days from opening a case until its first assessment is due."
    )
    reassessment_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days from a completed assessment until the reassessment is due."
    )
    plan_review_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days from a care plan's approval or review until its next review."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    program = models.ForeignKey(Program, models.PROTECT, related_name="teams")
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    supervisors = models.ManyToManyField(User, related_name="supervised_teams", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WorkerHeartbeat(models.Model):
    """Written by a Celery task; the newest row tells operators the worker pipeline is alive."""

    hostname = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.hostname} at {self.created_at:%Y-%m-%d %H:%M}"
