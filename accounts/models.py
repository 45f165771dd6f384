from functools import cached_property

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups; the names here are the group names the data migration creates."""

    CASE_MANAGER = "case manager", "Case manager"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Admin"


class UserQuerySet(models.QuerySet):
    def with_scope(self):
        """Users with what every request asks of them in the same query: their role names, the
        teams they are members of and those they supervise (role_names, team_ids,
        supervised_team_ids). The session's user is loaded so (accounts.backends)."""
        memberships = Team.members.through.objects.filter(user=OuterRef("pk")).values("team")
        supervising = Team.supervisors.through.objects.filter(user=OuterRef("pk")).values("team")
        return self.annotate(
            loaded_role_names=ArraySubquery(
                Group.objects.filter(user=OuterRef("pk")).values("name")
            ),
            loaded_member_of=ArraySubquery(memberships),
            loaded_supervises=ArraySubquery(supervising),
        )


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager, with UserQuerySet's methods."""


class User(AbstractUser):
    title = models.CharField(max_length=80, blank=True, help_text="e.g. RN Case Manager, LCSW")
    phone = models.CharField(max_length=30, blank=True)

    objects = ScopedUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        if hasattr(self, "loaded_role_names"):
            return frozenset(self.loaded_role_names)
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.role_names

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.role_names

    @cached_property
    def team_ids(self) -> frozenset[int]:
        """Teams the user works in: as a member or as a supervisor (Team.objects.of)."""
        if hasattr(self, "loaded_member_of"):
            return frozenset(self.loaded_member_of) | self.supervised_team_ids
        return frozenset(Team.objects.of(self).values_list("pk", flat=True))

    @cached_property
    def supervised_team_ids(self) -> frozenset[int]:
        if hasattr(self, "loaded_supervises"):
            return frozenset(self.loaded_supervises)
        return frozenset(self.supervised_teams.values_list("pk", flat=True))

    @cached_property
    def member_team_ids(self) -> frozenset[int]:
        """Teams the user is a member of (not those they only supervise)."""
        if hasattr(self, "loaded_member_of"):
            return frozenset(self.loaded_member_of)
        return frozenset(self.teams.values_list("pk", flat=True))


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
    # Caps on a case manager's acuity-weighted load (settings.CASELOAD_WEIGHTS; cases.caps):
    # past the soft cap an assignment warns, past the hard cap only a supervisor may assign,
    # with a reason that is kept.
    soft_cap = models.PositiveSmallIntegerField(
        _("soft caseload cap"),
        null=True,
        blank=True,
        help_text=_("Weighted load past which assigning a case warns. Empty: no cap."),
    )
    hard_cap = models.PositiveSmallIntegerField(
        _("hard caseload cap"),
        null=True,
        blank=True,
        help_text=_(
            "Weighted load past which only a supervisor may assign a case, with a reason. "
            "Empty: no cap."
        ),
    )

    closure_sign_off = models.BooleanField(
        _("closures need a supervisor's sign-off"),
        default=False,
        help_text=_("A case manager's closure waits until a supervisor of the team signs it off."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(soft_cap__isnull=True)
                | models.Q(hard_cap__isnull=True)
                | models.Q(hard_cap__gte=models.F("soft_cap")),
                name="program_hard_cap_not_below_soft",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.soft_cap is not None
            and self.hard_cap is not None
            and self.hard_cap < self.soft_cap
        ):
            raise ValidationError({"hard_cap": _("The hard cap cannot be below the soft cap.")})


class TeamQuerySet(models.QuerySet):
    def of(self, user):
        """The teams a user works in: as a member or as a supervisor. The one definition of team
        membership; scoping (DESIGN.md §3) builds on it."""
        return self.filter(models.Q(members=user) | models.Q(supervisors=user)).distinct()

    def supervised_by(self, user):
        return self.filter(supervisors=user)

    def people(self):
        """Who works on these teams' cases: their members and supervisors. Primary case
        managers, care teams and task assignees are chosen from them."""
        return User.objects.filter(
            models.Q(teams__in=self) | models.Q(supervised_teams__in=self)
        ).distinct()


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    program = models.ForeignKey(Program, models.PROTECT, related_name="teams")
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    supervisors = models.ManyToManyField(User, related_name="supervised_teams", blank=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def people(self):
        """Who works on this team's cases (TeamQuerySet.people)."""
        return Team.objects.filter(pk=self.pk).people()


class WorkerHeartbeat(models.Model):
    """Written by a Celery task; the newest row tells operators the worker pipeline is alive."""

    hostname = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.hostname} at {self.created_at:%Y-%m-%d %H:%M}"
