"""Outcome reports (issue 15): for one team the user supervises, narrowed to a case manager and a
date range, a table of figures computed in SQL (one grouped query per report), a Chart.js chart
of them and the definition shown beside it. The views render, export and audit what `run`
returns, so the page and its CSV and XLSX always hold the same rows.

Each report says what its dates apply to: goals set in the range, referrals sent in it,
discharges in it, reminders escalated in it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Team, User
from careplans.models import Goal
from cases.models import Case
from discharge.models import RETURN_WINDOW_DAYS, Admission
from referrals.models import Referral, ReferralEvent

DEFAULT_DAYS = 90


class Median(Aggregate):
    """PostgreSQL's continuous median of the group."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _hours(expression) -> Func:
    return Func(expression, template="EXTRACT(EPOCH FROM %(expressions)s) / 3600.0")


@dataclass(frozen=True)
class Scope:
    """What a report counts: the team's cases the user may see, maybe one case manager's, and
    the date range its dates fall in (both ends included)."""

    team: Team
    user: User
    date_from: datetime.date
    date_to: datetime.date
    manager: User | None = None

    def cases(self):
        cases = Case.objects.visible_to(self.user).filter(team=self.team)
        if self.manager is not None:
            cases = cases.filter(primary_case_manager=self.manager)
        return cases.values("pk")

    def moments(self, field: str) -> Q:
        """`field` (a timestamp) falls on a day of the range, in the local time zone."""
        return Q(**{f"{field}__date__gte": self.date_from, f"{field}__date__lte": self.date_to})

    def filters(self) -> dict:
        """The filters as they are recorded with an export."""
        return {
            "team": self.team.pk,
            "manager": self.manager.pk if self.manager else None,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
        }


def default_range() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today - datetime.timedelta(days=DEFAULT_DAYS - 1), today


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    definition: str
    compute: Callable[[Scope], Table]
    # Which columns the chart draws as bars, by header index; the first column labels them.
    charted: tuple[int, ...]

    def run(self, scope: Scope) -> Table:
        return self.compute(scope)

    def chart(self, table: Table) -> dict:
        palette = ["#2f6fb5", "#2e8b57", "#e8a33d", "#c2452d", "#6c9bd2"]
        return {
            "type": "bar",
            "data": {
                "labels": [str(row[0]) for row in table.rows],
                "datasets": [
                    {
                        "label": table.headers[i],
                        "data": [row[i] or 0 for row in table.rows],
                        "backgroundColor": palette[n % len(palette)],
                    }
                    for n, i in enumerate(self.charted)
                ],
            },
            "options": {"maintainAspectRatio": False, "scales": {"y": {"beginAtZero": True}}},
        }


def _rate(part: int, whole: int) -> float | None:
    """A percentage to one decimal, or None (shown as a dash) when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def _round(hours: float | None) -> float | None:
    return None if hours is None else round(hours, 1)


def goal_attainment(scope: Scope) -> Table:
    ended = [Goal.Status.NOT_ACHIEVED, Goal.Status.DISCONTINUED]
    rows = (
        Goal.objects.filter(plan__case__in=scope.cases())
        .filter(scope.moments("created_at"))
        .order_by("domain__name")
        .values_list("domain__name")
        .annotate(
            goals=Count("pk"),
            achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED)),
            partial=Count("pk", filter=Q(status=Goal.Status.PARTIALLY_ACHIEVED)),
            ended=Count("pk", filter=Q(status__in=ended)),
        )
    )
    return Table(
        [
            _("Domain"),
            _("Goals"),
            _("Achieved"),
            _("Partially achieved"),
            _("Not achieved or discontinued"),
            _("Attainment rate (%)"),
        ],
        [(*row, _rate(row[2], row[1])) for row in rows],
    )


def referral_loops(scope: Scope) -> Table:
    accepted_at = (
        ReferralEvent.objects.filter(referral=OuterRef("pk"), to_status=Referral.Status.ACCEPTED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    waiting = [s for s in Referral.OPEN if s != Referral.Status.DRAFT]
    Outcome = Referral.Outcome
    rows = (
        Referral.objects.filter(case__in=scope.cases(), sent_at__isnull=False)
        .filter(scope.moments("sent_at"))
        .annotate(accepted_at=Subquery(accepted_at))
        .order_by("organization__name")
        .values_list("organization__name")
        .annotate(
            sent=Count("pk"),
            closed=Count("pk", filter=~Q(outcome="")),
            median=Median(_hours(F("accepted_at") - F("sent_at"))),
            received=Count("pk", filter=Q(outcome=Outcome.RECEIVED)),
            partial=Count("pk", filter=Q(outcome=Outcome.PARTIAL)),
            not_received=Count("pk", filter=Q(outcome=Outcome.NOT_RECEIVED)),
            open=Count("pk", filter=Q(status__in=waiting)),
        )
    )
    return Table(
        [
            _("Organization"),
            _("Sent"),
            _("Closed with an outcome"),
            _("Closure rate (%)"),
            _("Median hours to acceptance"),
            _("Service received"),
            _("Need partly met"),
            _("Service not received"),
            _("Open loops"),
        ],
        [
            (org, sent, closed, _rate(closed, sent), _round(median), *outcomes)
            for org, sent, closed, median, *outcomes in rows
        ],
    )


def readmissions(scope: Scope) -> Table:
    def returned(kind):
        return Exists(Admission.objects.filter(index_stay=OuterRef("pk"), returned_as=kind))

    rows = (
        Admission.objects.filter(case__in=scope.cases(), discharged_at__isnull=False)
        .filter(scope.moments("discharged_at"))
        .annotate(
            readmitted=returned(Admission.Return.READMISSION),
            ed_return=returned(Admission.Return.ED_RETURN),
        )
        .order_by("facility__name")
        .values_list("facility__name")
        .annotate(
            discharges=Count("pk"),
            readmissions=Count("pk", filter=Q(readmitted=True)),
            ed_returns=Count("pk", filter=Q(ed_return=True)),
        )
    )
    return Table(
        [
            _("Hospital"),
            _("Discharges"),
            _("Readmissions within %(days)s days") % {"days": RETURN_WINDOW_DAYS},
            _("Readmission rate (%)"),
            _("ED returns"),
        ],
        [(name, n, back, _rate(back, n), ed) for name, n, back, ed in rows],
    )


REPORTS = [
    Report(
        "goals",
        gettext_lazy("Goal attainment by domain"),
        gettext_lazy(
            "Goals set on the team's care plans in the date range, by life domain, with their "
            "status now. The attainment rate is the goals achieved out of all the goals set."
        ),
        goal_attainment,
        charted=(2, 3, 4),
    ),
    Report(
        "referrals",
        gettext_lazy("Referral loop closure by organization"),
        gettext_lazy(
            "Referrals sent in the date range, by receiving organization. A loop is closed "
            "when an outcome is recorded; the closure rate is those out of all sent. Hours to "
            "acceptance run from sending to the first acceptance (the median of those "
            "accepted). Open loops are the ones still awaiting an answer, accepted, "
            "waitlisted or scheduled."
        ),
        referral_loops,
        charted=(1, 2, 8),
    ),
    Report(
        "readmissions",
        gettext_lazy("30-day readmissions and ED returns"),
        gettext_lazy(
            "Hospital discharges in the date range, by hospital, and how many of them were "
            "followed by a readmission, or by a return to the emergency department, within 30 "
            "days. The rate is the readmissions out of the discharges."
        ),
        readmissions,
        charted=(1, 2, 4),
    ),
]
REPORT_KEYS = {report.key: report for report in REPORTS}
