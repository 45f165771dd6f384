"""The unit board's filters and sorts (issue 14): over Admission.objects.for_board(), in SQL."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .models import Lace

BOARD_PAGE_SIZE = 50

# Sortable columns: the only orderings a request can ask for, each by these fields (annotations
# of for_board()), "-key" the other way round; stays without the value (no EDD, no review)
# come last either way.
BOARD_SORT_FIELDS = {
    "client": ["case__client__legal_last_name", "case__client__legal_first_name"],
    "unit": ["facility__name", "unit"],
    "los": ["los_days"],
    "excess": ["excess_days"],
    "edd": ["expected_discharge_on"],
    "barriers": ["open_barrier_count"],
    "readiness": ["readiness_done"],
    "ur_due": ["review_next_on"],
    "auth_end": ["authorization_ends_on"],
}
BOARD_SORTS = {
    key: [F(name).asc(nulls_last=True) for name in names]
    for key, names in BOARD_SORT_FIELDS.items()
} | {
    f"-{key}": [F(name).desc(nulls_last=True) for name in names]
    for key, names in BOARD_SORT_FIELDS.items()
}
DEFAULT_BOARD_SORT = "edd"


def _only_if_ticked(condition: Q):
    """A checkbox filter: `condition` when ticked, everything when not."""

    def method(queryset, name, ticked):
        return queryset.filter(condition) if ticked else queryset

    return method


class BoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Client name"),
        method="named",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    facility = django_filters.ChoiceFilter(
        label=_("Facility"), field_name="facility_id", empty_label=_("Any facility")
    )
    unit = django_filters.ChoiceFilter(label=_("Unit"), empty_label=_("Any unit"))
    barriers = django_filters.BooleanFilter(
        label=_("Open barriers"),
        widget=forms.CheckboxInput,
        method=_only_if_ticked(Q(open_barrier_count__gt=0)),
    )
    ur_due = django_filters.BooleanFilter(
        label=_("UR due today or overdue"),
        widget=forms.CheckboxInput,
        method=_only_if_ticked(Q(review_due=True)),
    )
    lace_high = django_filters.BooleanFilter(
        label=_("LACE high"),
        widget=forms.CheckboxInput,
        method=_only_if_ticked(Q(lace_total__gte=Lace.HIGH_FROM)),
    )

    def __init__(self, data, *, queryset, places: list[tuple[int, str, str]]):
        """`places`: (facility id, name, unit) of the stays the user may see
        (AdmissionQuerySet.places), the filters' choices without a query of their own."""
        super().__init__(data, queryset=queryset)
        fields = self.form.fields
        facilities = dict.fromkeys((str(pk), name) for pk, name, _unit in places)
        # With one hospital, its name heads the board instead of repeating on every row.
        self.several_facilities = len(facilities) > 1
        fields["facility"].choices = [("", _("Any facility")), *facilities]
        units = sorted({unit for _pk, _name, unit in places if unit})
        fields["unit"].choices = [("", _("Any unit")), *((unit, unit) for unit in units)]
        for field in fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    @property
    def sort(self) -> str:
        key = self.data.get("sort")
        return key if key in BOARD_SORTS else DEFAULT_BOARD_SORT

    def named(self, queryset, name, value):
        words = Q()
        for word in value.split():
            words &= (
                Q(case__client__legal_first_name__icontains=word)
                | Q(case__client__legal_last_name__icontains=word)
                | Q(case__client__preferred_name__icontains=word)
            )
        return queryset.filter(words)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*BOARD_SORTS[self.sort], "pk")
