"""Caseload caps (issue 15): a case manager's acuity-weighted load against the program's soft
and hard caps when a case is assigned to them. Past the soft cap the assignment warns; past the
hard cap it is refused unless a supervisor of the case's team gives a reason, which is kept as a
CapOverride."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import Program, User

from .models import CapOverride, Case


@dataclass(frozen=True)
class Load:
    """The load `manager` would carry with the case, and the program's caps."""

    manager: User
    load: int
    soft_cap: int | None
    hard_cap: int | None

    @property
    def over_soft(self) -> bool:
        return self.soft_cap is not None and self.load > self.soft_cap

    @property
    def over_hard(self) -> bool:
        return self.hard_cap is not None and self.load > self.hard_cap

    def _figures(self) -> dict:
        return {
            "manager": self.manager,
            "load": self.load,
            "soft": self.soft_cap,
            "hard": self.hard_cap,
        }

    def warning(self) -> str:
        return (
            _(
                "%(manager)s now carries a weighted load of %(load)s, over the program's soft "
                "cap of %(soft)s."
            )
            % self._figures()
        )

    def refusal(self) -> str:
        return (
            _(
                "With this case %(manager)s would carry a weighted load of %(load)s, over the "
                "program's hard cap of %(hard)s. Choose someone else, or, as a supervisor of the "
                "team, give a reason to assign over the cap."
            )
            % self._figures()
        )


def load_with(*, case: Case, manager: User, acuity: int, program: Program | None) -> Load:
    """The weighted load `manager` carries on their open cases as primary case manager, this
    case counted once at `acuity` (it may already be theirs, at another acuity)."""
    others = (
        Case.objects.open().filter(primary_case_manager=manager).exclude(pk=case.pk)
    ).weighted_loads()
    load = others.get(manager.pk, 0) + Case.acuity_weights()[Case.Acuity(acuity)]
    return Load(
        manager=manager,
        load=load,
        soft_cap=program.soft_cap if program else None,
        hard_cap=program.hard_cap if program else None,
    )


def record_override(*, case: Case, load: Load, reason: str, by: User) -> CapOverride:
    """A case given to `load.manager` past the hard cap, with the supervisor's reason."""
    return CapOverride.objects.create(
        case=case,
        manager=load.manager,
        load=load.load,
        hard_cap=load.hard_cap,
        reason=reason.strip(),
        by=by,
    )


def settle(*, case: Case, load: Load | None, reason: str, by: User) -> str:
    """After the assignment is saved: an override of the hard cap is kept with its reason; what
    to tell the user ("" when the load is within the caps)."""
    if load is None:
        return ""
    if load.over_hard:
        record_override(case=case, load=load, reason=reason, by=by)
        return (
            _("Assigned over the hard cap (%(load)s of %(hard)s); the reason is kept.")
            % load._figures()
        )
    return load.warning() if load.over_soft else ""
