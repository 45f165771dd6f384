"""Short lists carried in their parent's own query (issue 13): a case's care team, its status
history, its latest emergency accesses and its client's active flags come with the case as JSON
arrays instead of a query each, so a page built of many such lists stays within its query
budget.

    members = CareTeamMember.objects.filter(case=OuterRef("pk")).order_by("pk")
    cases.annotate(care_team_rows=inline.rows(members, "role", "user__first_name", ...))
    ...
    inline.instances(CareTeamMember, case.care_team_rows)  # unsaved, for display

Only for lists that are short by nature (a handful of people or flags) and only read: the
instances rebuilt are not saved, and carry only the columns named.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import QuerySet
from django.db.models.functions import JSONObject


def rows(queryset: QuerySet, *columns: str) -> ArraySubquery:
    """`queryset` (correlated to the parent by OuterRef) as an array of JSON objects holding
    `columns`: field names, or `relation__field` for a field of a related row."""
    return ArraySubquery(queryset.values(row=JSONObject(**{column: column for column in columns})))


def instances(model, found: list[dict]) -> list:
    """The rows of `rows()` as unsaved `model` instances, each value converted by its field
    (JSON has no dates), with the related rows they name built the same way."""
    return [_instance(model, row) for row in found]


def _instance(model, row: dict):
    values, related = {}, {}
    for column, value in row.items():
        name, _, rest = column.partition("__")
        if rest:
            related.setdefault(name, {})[rest] = value
        else:
            values[name] = model._meta.get_field(name).to_python(value)
    for name, fields in related.items():
        # A null foreign key: every column of the related row came back null.
        if any(value is not None for value in fields.values()):
            values[name] = _instance(model._meta.get_field(name).related_model, fields)
    return model(**values)
