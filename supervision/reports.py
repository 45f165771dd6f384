"""Outcome reports (issue 15): for one team the user supervises, narrowed to a case manager and a
date range, a table of figures computed in SQL (one or two grouped queries per report, whatever
the size of the team), a Chart.js chart of them and the definition shown beside it. The views
render, export and audit what `run` returns, so the page and its CSV and XLSX always hold the
same rows.

Each report's definition says what its dates apply to: goals set in the range, referrals sent in
it, stays discharged in it, months it touches, reminders escalated in it, latest assessments in it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Team, User
from assessments.models import Assessment, Domain, DomainResult, Instrument
from careplans.models import Goal
from cases.models import Case, CaseNote
from discharge.models import RETURN_WINDOW_DAYS, Admission, Barrier
from discharge.services import avoidable_days_by_barrier
from referrals.models import Referral, ReferralEvent
from reminders.models import Reminder
from reminders.registry import label_of
from reminders.scan import ESCALATION

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


def _discharges(scope: Scope):
    return Admission.objects.filter(case__in=scope.cases(), discharged_at__isnull=False).filter(
        scope.moments("discharged_at")
    )


def readmissions(scope: Scope) -> Table:
    def returned(kind):
        return Exists(Admission.objects.filter(index_stay=OuterRef("pk"), returned_as=kind))

    rows = (
        _discharges(scope)
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


def length_of_stay(scope: Scope) -> Table:
    days = Func(
        TruncDate("discharged_at"),
        TruncDate("admitted_at"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )
    rows = (
        _discharges(scope)
        .annotate(los=days)
        .order_by("facility__name")
        .values_list("facility__name")
        .annotate(
            stays=Count("pk"),
            mean=Avg("los"),
            expected=Avg("expected_los_days"),
            over=Count("pk", filter=Q(los__gt=F("expected_los_days"))),
        )
    )
    return Table(
        [
            _("Hospital"),
            _("Discharges"),
            _("Mean length of stay (days)"),
            _("Mean expected length of stay (days)"),
            _("Stays longer than expected"),
        ],
        [(name, n, _round(mean), _round(expected), over) for name, n, mean, expected, over in rows],
    )


def avoidable_days(scope: Scope) -> Table:
    ids = list(_discharges(scope).values_list("pk", flat=True))
    by_kind = avoidable_days_by_barrier(ids)
    labels = dict(Barrier.Kind.choices) | {"": _("No barrier open")}
    rows = sorted(by_kind.items(), key=lambda item: (-item[1], str(labels.get(item[0], item[0]))))
    return Table(
        [_("Barrier type"), _("Avoidable days")],
        [(str(labels.get(kind, kind)), float(days)) for kind, days in rows],
    )


def _months(scope: Scope) -> list[tuple[datetime.date, datetime.date]]:
    """(first day, last day within the range) of each month the range touches."""
    months, start = [], scope.date_from.replace(day=1)
    while start <= scope.date_to:
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        months.append((start, min(following - datetime.timedelta(days=1), scope.date_to)))
        start = following
    return months


def caseload_and_contacts(scope: Scope) -> Table:
    months = _months(scope)
    open_at = {
        f"m{n}": Count(
            "pk", filter=Q(opened_on__lte=end) & (Q(closed_on=None) | Q(closed_on__gt=end))
        )
        for n, (_first, end) in enumerate(months)
    }
    caseload = Case.objects.filter(pk__in=scope.cases()).aggregate(**open_at)
    contacts = dict(
        CaseNote.objects.filter(
            case__in=scope.cases(),
            addendum_to=None,
            contact_type__in=CaseNote.ContactType.with_client(),
        )
        .filter(scope.moments("occurred_at"))
        .annotate(month=TruncMonth("occurred_at", output_field=DateField()))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    rows = []
    for n, (first, _end) in enumerate(months):
        cases, seen = caseload[f"m{n}"], contacts.get(first, 0)
        rows.append((f"{first:%Y-%m}", cases, seen, round(seen / cases, 2) if cases else None))
    return Table(
        [
            _("Month"),
            _("Open cases at month end"),
            _("Contacts with clients"),
            _("Contacts per case"),
        ],
        rows,
    )


def escalations(scope: Scope) -> Table:
    rows = (
        Reminder.objects.filter(kind=ESCALATION, case__in=scope.cases())
        .filter(scope.moments("created_at"))
        .annotate(
            escalated=Func(
                F("dedupe_key"),
                Value(":"),
                Value(2),
                function="split_part",
                output_field=CharField(),
            )
        )
        .order_by("escalated")
        .values_list("escalated")
        .annotate(
            items=Count(
                Func(F("subject_type"), F("subject_id"), F("due_at"), function="ROW"),
                distinct=True,
            ),
            sent=Count("pk"),
            cases=Count("case", distinct=True),
        )
    )
    return Table(
        [_("Reminder kind"), _("Items escalated"), _("Escalations sent"), _("Cases")],
        [(str(label_of(kind)), *counts) for kind, *counts in rows],
    )


_DOMAIN_CHANGE = """
WITH result AS (
    SELECT a.case_id, r.domain_id, r.score, a.assessed_on,
        row_number() OVER w_first AS nth, row_number() OVER w_last AS nth_from_last
    FROM {result} r JOIN {assessment} a ON a.id = r.assessment_id
    WHERE a.id IN ({visible})
    WINDOW
        w_first AS (PARTITION BY a.case_id, r.domain_id
                    ORDER BY a.assessed_on, a.completed_at, a.id),
        w_last AS (PARTITION BY a.case_id, r.domain_id
                   ORDER BY a.assessed_on DESC, a.completed_at DESC, a.id DESC)
),
pair AS (
    SELECT f.domain_id, f.score AS first, l.score AS latest
    FROM result f
    JOIN result l ON l.case_id = f.case_id AND l.domain_id = f.domain_id AND l.nth_from_last = 1
    WHERE f.nth = 1 AND f.nth_from_last > 1
        AND l.assessed_on BETWEEN %s AND %s
)
SELECT d.name, count(*), round(avg(first), 2), round(avg(latest), 2),
    round(avg(latest - first), 2),
    count(*) FILTER (WHERE latest > first), count(*) FILTER (WHERE latest = first),
    count(*) FILTER (WHERE latest < first)
FROM pair JOIN {domain} d ON d.id = pair.domain_id
GROUP BY d.id, d.name, d."order" ORDER BY d."order", d.name
"""


def domain_change(scope: Scope) -> Table:
    visible = (
        Assessment.objects.visible_to(scope.user)
        .completed()
        .filter(case__in=scope.cases(), instrument__scoring=Instrument.Scoring.MATRIX)
        .values("pk")
    )
    visible_sql, params = visible.query.sql_with_params()
    sql = _DOMAIN_CHANGE.format(
        result=DomainResult._meta.db_table,
        assessment=Assessment._meta.db_table,
        domain=Domain._meta.db_table,
        visible=visible_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, scope.date_from, scope.date_to])
        rows = cursor.fetchall()
    return Table(
        [
            _("Domain"),
            _("Cases reassessed"),
            _("Mean first score"),
            _("Mean latest score"),
            _("Mean change"),
            _("Improved"),
            _("Unchanged"),
            _("Worse"),
        ],
        [(r[0], r[1], float(r[2]), float(r[3]), float(r[4]), *r[5:]) for r in rows],
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
        charted=(1, 2, 3, 4),
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
    Report(
        "length_of_stay",
        gettext_lazy("Length of stay against expected"),
        gettext_lazy(
            "Hospital stays discharged in the date range, by hospital: the mean length of stay "
            "in days (admission day to discharge day), the mean expected length of stay (the "
            "GMLOS recorded on the stay) and how many stays ran longer than expected."
        ),
        length_of_stay,
        charted=(2, 3),
    ),
    Report(
        "avoidable_days",
        gettext_lazy("Avoidable days by barrier type"),
        gettext_lazy(
            "For hospital stays discharged in the date range: each day from the day the "
            "patient was medically ready to the day before discharge is avoidable, shared "
            "equally among the discharge barriers open that day (or counted as no barrier "
            "open), summed by barrier type."
        ),
        avoidable_days,
        charted=(1,),
    ),
    Report(
        "caseload",
        gettext_lazy("Caseload and contacts per month"),
        gettext_lazy(
            "For each month the date range touches: the cases open at the end of the month "
            "(or at the end of the range), and the contacts with clients recorded in the "
            "month within the range (notes of a contact with the client, not addenda)."
        ),
        caseload_and_contacts,
        charted=(1, 2),
    ),
    Report(
        "escalations",
        gettext_lazy("Reminders escalated"),
        gettext_lazy(
            "Reminders escalated to the team's supervisors in the date range, by the kind of "
            "reminder left unresolved past its grace period: the items escalated, the "
            "escalations sent (one per supervisor) and the cases concerned."
        ),
        escalations,
        charted=(1,),
    ),
    Report(
        "domain_change",
        gettext_lazy("Change in life-domain scores"),
        gettext_lazy(
            "For each case whose latest completed life-domain matrix falls in the date range "
            "and that had an earlier one: each domain's score on the first matrix against the "
            "latest (1 in crisis to 5 empowered), averaged by domain; improved, unchanged and "
            "worse count the cases."
        ),
        domain_change,
        charted=(2, 3),
    ),
]
REPORT_KEYS = {report.key: report for report in REPORTS}
