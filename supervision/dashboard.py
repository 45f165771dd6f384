"""The team dashboard's figures (issue 15), read from the other apps through their querysets: per
case manager, open cases, the acuity-weighted load against the program's caps, new cases, what
is overdue, and who is in hospital; the overdue items themselves, grouped by case manager; and
twelve weeks of caseload and contacts.

Every figure is a grouped SQL query over the team's cases the user may see, so the dashboard
runs the same number of queries whatever the size of the team.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Team, User
from careplans.models import CarePlan, Task
from cases.caps import Load
from cases.models import Case, CaseNote
from discharge.models import RETURN_WINDOW_DAYS, Admission
from referrals.models import Referral

NEW_CASE_DAYS = 30
WEEKS = 12
OVERDUE_SHOWN = 200  # items per kind on the dashboard's overdue list


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    overdue: bool = False


METRICS = [
    Metric("open", gettext_lazy("Open cases"), gettext_lazy("Cases not closed.")),
    Metric(
        "new",
        gettext_lazy("New in 30 days"),
        gettext_lazy("Cases opened in the last 30 days."),
    ),
    Metric(
        "tasks",
        gettext_lazy("Overdue tasks"),
        gettext_lazy("Open tasks assigned to them, due before today."),
        overdue=True,
    ),
    Metric(
        "plan_reviews",
        gettext_lazy("Plan reviews overdue"),
        gettext_lazy("Active care plans whose review date has passed."),
        overdue=True,
    ),
    Metric(
        "reassessments",
        gettext_lazy("Assessments overdue"),
        gettext_lazy("Open cases whose next assessment is past due."),
        overdue=True,
    ),
    Metric(
        "referrals",
        gettext_lazy("Referrals past deadline"),
        gettext_lazy("Referrals sent and unanswered past their response deadline."),
        overdue=True,
    ),
    Metric(
        "no_contact",
        gettext_lazy("No contact in interval"),
        gettext_lazy("Clients not contacted within their acuity's interval."),
        overdue=True,
    ),
    Metric(
        "inpatients",
        gettext_lazy("In hospital"),
        gettext_lazy("Clients of open cases in hospital now."),
    ),
    Metric(
        "readmissions",
        gettext_lazy("Readmissions, 30 days"),
        gettext_lazy("30-day readmissions that began in the last 30 days."),
    ),
]
METRIC_KEYS = {metric.key: metric for metric in METRICS}


@dataclass
class Row:
    """One case manager's line of the dashboard."""

    manager: User
    soft_cap: int | None
    hard_cap: int | None
    figures: dict[str, int] = field(default_factory=dict)
    by_acuity: dict[int, int] = field(default_factory=dict)
    load: int = 0

    @property
    def cells(self) -> list[tuple[Metric, int]]:
        return [(metric, self.figures.get(metric.key, 0)) for metric in METRICS]

    @property
    def against_caps(self) -> Load:
        return Load(self.manager, self.load, self.soft_cap, self.hard_cap)


@dataclass(frozen=True)
class Item:
    """An overdue item: what is late, on which case, since when."""

    case: Case
    what: str
    due_on: datetime.date
    manager_id: int

    @property
    def days_late(self) -> int:
        return (timezone.localdate() - self.due_on).days


def team_cases(team: Team, user: User):
    """The team's open cases the user may see: what every figure counts."""
    return Case.objects.visible_to(user).filter(team=team).open()


def _grouped(queryset, by: str, **counts) -> dict[int, dict[str, int]]:
    rows = queryset.order_by().values(by).annotate(**counts)
    return {row[by]: {key: row[key] for key in counts} for row in rows}


def people_of(team: Team, user: User):
    """Whom a team's supervisor supervises: its members, and anyone else carrying its open
    cases, by name."""
    return (
        User.objects.filter(Q(teams=team) | Q(primary_cases__in=team_cases(team, user)))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def rows_of(team: Team, user: User) -> list[Row]:
    """A row per member of the team and per anyone else carrying its open cases, by name. The
    load is over all of the person's open cases, as the caps count it on assignment."""
    today = timezone.localdate()
    cases = team_cases(team, user)
    caps = team.program.soft_cap, team.program.hard_cap
    rows = {person.pk: Row(person, *caps) for person in people_of(team, user)}
    figures = [
        _grouped(
            cases.with_contact_due(today),
            "primary_case_manager",
            open=Count("pk"),
            new=Count("pk", filter=Q(opened_on__gt=today - datetime.timedelta(NEW_CASE_DAYS))),
            reassessments=Count("pk", filter=Q(assessment_due_on__lt=today)),
            no_contact=Count("pk", filter=Q(contact_overdue=True)),
        ),
        _grouped(overdue_tasks(cases), "assignee", tasks=Count("pk")),
        _grouped(overdue_plans(cases), "case__primary_case_manager", plan_reviews=Count("pk")),
        _grouped(
            Referral.objects.overdue().filter(case__in=cases),
            "case__primary_case_manager",
            referrals=Count("pk"),
        ),
        _grouped(
            Admission.objects.filter(case__in=cases).filter(
                Q(status=Admission.Status.ADMITTED) | Q(returned_as=Admission.Return.READMISSION)
            ),
            "case__primary_case_manager",
            inpatients=Count("pk", filter=Q(status=Admission.Status.ADMITTED)),
            readmissions=Count("pk", filter=_recent_readmission()),
        ),
    ]
    for grouped in figures:
        for pk, counts in grouped.items():
            if pk in rows:
                rows[pk].figures.update(counts)
    weights = Case.acuity_weights()
    loads = (
        Case.objects.open()
        .filter(primary_case_manager__in=list(rows))
        .order_by()
        .values_list("primary_case_manager", "acuity")
        .annotate(n=Count("pk"))
    )
    for pk, acuity, n in loads:
        rows[pk].by_acuity[acuity] = n
        rows[pk].load += n * weights[Case.Acuity(acuity)]
    return list(rows.values())


def team_totals(teams, user: User) -> dict[int, dict[str, int]]:
    """The agency view: each team's headline figures over the open cases the user may see,
    {team id: figures}, in a fixed number of grouped queries however many teams."""
    today = timezone.localdate()
    cases = Case.objects.visible_to(user).filter(team__in=teams).open()
    totals = defaultdict(dict)
    for grouped in [
        _grouped(
            cases.with_contact_due(today),
            "team",
            open=Count("pk"),
            reassessments=Count("pk", filter=Q(assessment_due_on__lt=today)),
            no_contact=Count("pk", filter=Q(contact_overdue=True)),
        ),
        _grouped(overdue_tasks(cases), "case__team", tasks=Count("pk")),
        _grouped(
            Referral.objects.overdue().filter(case__in=cases), "case__team", referrals=Count("pk")
        ),
        _grouped(
            Admission.objects.filter(case__in=cases),
            "case__team",
            inpatients=Count("pk", filter=Q(status=Admission.Status.ADMITTED)),
            readmissions=Count("pk", filter=_recent_readmission()),
        ),
    ]:
        for pk, counts in grouped.items():
            totals[pk].update(counts)
    return totals


AGENCY_METRICS = ["open", "tasks", "reassessments", "referrals", "no_contact", "inpatients"]


def agency_rows(teams, user: User) -> list[tuple[Team, list[tuple[Metric, int]]]]:
    totals = team_totals(teams, user)
    return [
        (team, [(METRIC_KEYS[key], totals[team.pk].get(key, 0)) for key in AGENCY_METRICS])
        for team in teams
    ]


def _recent_readmission() -> Q:
    since = timezone.now() - datetime.timedelta(days=RETURN_WINDOW_DAYS)
    return Q(returned_as=Admission.Return.READMISSION, admitted_at__gte=since)


def overdue_tasks(cases):
    return Task.objects.open().in_force().overdue().filter(case__in=cases)


def overdue_plans(cases):
    return CarePlan.objects.filter(
        case__in=cases, status=CarePlan.Status.ACTIVE, review_due_on__lt=timezone.localdate()
    )


# ---------------------------------------------------------------------------------------------
# The lists behind the figures


def items(team: Team, user: User, key: str, manager_ids=None) -> list[Item]:
    """The items behind metric `key`, most overdue (or oldest) first, at most OVERDUE_SHOWN;
    for some case managers only when `manager_ids` is given."""
    cases = team_cases(team, user)
    today = timezone.localdate()
    related = ["case__client", "case__primary_case_manager"]
    if key == "tasks":
        # A task is its assignee's, whoever carries its case.
        tasks = overdue_tasks(cases)
        if manager_ids is not None:
            tasks = tasks.filter(assignee__in=manager_ids)
        rows = tasks.select_related(*related).order_by("due_on", "pk")[:OVERDUE_SHOWN]
        return [Item(t.case, t.description, t.due_on, t.assignee_id) for t in rows]
    if manager_ids is not None:
        cases = cases.filter(primary_case_manager__in=manager_ids)
    if key == "plan_reviews":
        plans = overdue_plans(cases).select_related(*related).order_by("review_due_on", "pk")
        what = _("Care plan review")
        return [
            Item(p.case, what, p.review_due_on, p.case.primary_case_manager_id)
            for p in plans[:OVERDUE_SHOWN]
        ]
    if key == "referrals":
        referrals = (
            Referral.objects.overdue()
            .filter(case__in=cases)
            .select_related("organization", *related)
            .order_by("respond_by", "pk")
        )
        return [
            Item(
                r.case,
                _("Referral to %(org)s unanswered") % {"org": r.organization},
                timezone.localdate(r.respond_by),
                r.case.primary_case_manager_id,
            )
            for r in referrals[:OVERDUE_SHOWN]
        ]
    if key in ("inpatients", "readmissions"):
        stays = Admission.objects.filter(case__in=cases).select_related("facility", *related)
        if key == "inpatients":
            stays = stays.filter(status=Admission.Status.ADMITTED)
        else:
            stays = stays.filter(_recent_readmission())
        return [
            Item(
                a.case,
                _("At %(facility)s") % {"facility": a.facility},
                timezone.localdate(a.admitted_at),
                a.case.primary_case_manager_id,
            )
            for a in stays.order_by("admitted_at", "pk")[:OVERDUE_SHOWN]
        ]
    return _case_items(cases.select_related("client", "primary_case_manager"), key, today)


def _case_items(cases, key: str, today: datetime.date) -> list[Item]:
    if key == "reassessments":
        cases = cases.filter(assessment_due_on__lt=today).annotate(due=F("assessment_due_on"))
        what = _("Assessment due")
    elif key == "no_contact":
        cases = cases.with_contact_due(today).filter(contact_overdue=True)
        cases = cases.annotate(due=F("contact_due_on"))
        what = _("Client contact due")
    else:
        if key == "new":
            cases = cases.filter(opened_on__gt=today - datetime.timedelta(NEW_CASE_DAYS))
        cases = cases.annotate(due=F("opened_on"))
        what = _("Opened")
    return [
        Item(case, what, case.due, case.primary_case_manager_id)
        for case in cases.order_by("due", "pk")[:OVERDUE_SHOWN]
    ]


OVERDUE_PER_MANAGER = 10  # shown on the dashboard; the figures link to every item


def overdue_by_manager(team: Team, user: User) -> dict[int, list[Item]]:
    """Every overdue item of the team, grouped by case manager, the most overdue first."""
    grouped = defaultdict(list)
    for metric in METRICS:
        if metric.overdue:
            for item in items(team, user, metric.key):
                grouped[item.manager_id].append(item)
    for late in grouped.values():
        late.sort(key=lambda item: item.due_on)
    return grouped


# ---------------------------------------------------------------------------------------------
# Charts

# Each table is read once, for the team's cases and the twelve weeks only (MATERIALIZED: the
# per-week counts then run over the few rows kept, not over the tables again each week).
_WEEKLY = """
WITH week AS (
    SELECT d::date AS ends_on
    FROM generate_series(%(first)s::date, %(last)s::date, interval '7 days') AS d
),
team_case AS MATERIALIZED (
    SELECT id, opened_on, closed_on FROM {cases} WHERE team_id = %(team)s
),
contact AS MATERIALIZED (
    SELECT (n.occurred_at AT TIME ZONE %(tz)s)::date AS day
    FROM {notes} n JOIN team_case c ON c.id = n.case_id
    WHERE n.addendum_to_id IS NULL AND n.contact_type = ANY(%(with_client)s)
      AND n.occurred_at >= %(since)s
),
-- Tasks that may be overdue at a week's end: due before the last one and open then (done
-- since the first week began, or not done yet; a cancelled task has no date it stopped, and
-- is left out).
late_task AS MATERIALIZED (
    SELECT t.due_on, t.status, (t.completed_at AT TIME ZONE %(tz)s)::date AS done_on
    FROM {tasks} t JOIN team_case c ON c.id = t.case_id
    WHERE t.due_on < %(last)s
      AND (t.status = 'open' OR (t.status = 'done' AND t.completed_at >= %(since)s))
)
SELECT week.ends_on,
    (SELECT count(*) FROM team_case c
     WHERE c.opened_on <= week.ends_on AND (c.closed_on IS NULL OR c.closed_on > week.ends_on)),
    (SELECT count(*) FROM contact WHERE day > week.ends_on - 7 AND day <= week.ends_on),
    (SELECT count(*) FROM late_task t
     WHERE t.due_on < week.ends_on AND (t.status = 'open' OR t.done_on > week.ends_on))
FROM week ORDER BY week.ends_on
"""


def weekly(team: Team) -> list[tuple[datetime.date, int, int, int]]:
    """The team's caseload at the end of each of the last twelve weeks, its contacts with
    clients in each week and its tasks overdue at each week's end: (week ending, open cases,
    contacts, overdue tasks). One query."""
    last = timezone.localdate()
    first = last - datetime.timedelta(weeks=WEEKS - 1)
    sql = _WEEKLY.format(
        cases=Case._meta.db_table, notes=CaseNote._meta.db_table, tasks=Task._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "first": first,
                "last": last,
                # Midnight, local, at the start of the first week.
                "since": timezone.make_aware(
                    datetime.datetime.combine(first - datetime.timedelta(days=6), datetime.time())
                ),
                "team": team.pk,
                "with_client": list(CaseNote.ContactType.with_client()),
                "tz": settings.TIME_ZONE,
            },
        )
        return cursor.fetchall()


def load_chart(rows: list[Row], team: Team) -> dict:
    """Chart.js config: stacked bars of each case manager's weighted load by acuity, with the
    program's caps as lines."""
    weights = Case.acuity_weights()
    labels = [str(row.manager) for row in rows]
    colours = {1: "#6c9bd2", 2: "#2f6fb5", 3: "#e8a33d", 4: "#c2452d"}
    datasets = [
        {
            "type": "bar",
            "label": str(acuity.label),
            "data": [row.by_acuity.get(acuity, 0) * weights[acuity] for row in rows],
            "backgroundColor": colours[acuity.value],
            "stack": "load",
        }
        for acuity in Case.Acuity
    ]
    for name, cap, colour in [
        (_("Soft cap"), team.program.soft_cap, "#b58900"),
        (_("Hard cap"), team.program.hard_cap, "#8b0000"),
    ]:
        if cap is not None:
            datasets.append(
                {
                    "type": "line",
                    "label": f"{name} ({cap})",
                    "data": [cap] * len(rows),
                    "borderColor": colour,
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                    "fill": False,
                    # Its own stack, so the cap is drawn at its value, not on top of the load.
                    "stack": name,
                }
            )
    return {
        "type": "bar",
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "maintainAspectRatio": False,
            "scales": {"x": {"stacked": True}, "y": {"stacked": True, "beginAtZero": True}},
        },
    }


def weekly_chart(weeks: list[tuple[datetime.date, int, int, int]]) -> dict:
    return {
        "type": "line",
        "data": {
            "labels": [f"{week[0]:%b %d}" for week in weeks],
            "datasets": [
                {
                    "label": _("Open cases"),
                    "data": [week[1] for week in weeks],
                    "borderColor": "#2f6fb5",
                },
                {
                    "label": _("Contacts with clients"),
                    "data": [week[2] for week in weeks],
                    "borderColor": "#2e8b57",
                },
                {
                    "label": _("Overdue tasks"),
                    "data": [week[3] for week in weeks],
                    "borderColor": "#c2452d",
                    "borderDash": [4, 3],
                },
            ],
        },
        "options": {"maintainAspectRatio": False, "scales": {"y": {"beginAtZero": True}}},
    }
