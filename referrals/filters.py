"""The resource directory's filters, and the directory as a case opens it."""

from collections.abc import Iterable
from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse

from assessments.models import Domain, IdentifiedNeed
from cases.models import Case

from .models import Service


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Service or organization"}),
    )
    category = django_filters.ChoiceFilter(
        choices=Service.Category.choices, empty_label="Any category"
    )
    # Organizations list languages and payers as comma-separated text: a substring matches one.
    language = django_filters.CharFilter(
        label="Language",
        field_name="organization__languages",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Spanish"}),
    )
    payer = django_filters.CharFilter(
        label="Payer",
        field_name="organization__payers",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Medicaid"}),
    )
    area = django_filters.CharFilter(
        label="ZIP code or county",
        method="in_area",
        widget=forms.TextInput(attrs={"placeholder": "e.g. 97401"}),
    )
    capacity = django_filters.ChoiceFilter(
        choices=Service.Capacity.choices, empty_label="Any capacity"
    )
    # Life domains by code (a case's identified needs): shown on the page as removable filters.
    need = django_filters.ModelMultipleChoiceFilter(
        queryset=Domain.objects.all(),
        to_field_name="code",
        method="meeting",
        widget=forms.MultipleHiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def needs(self) -> list[Domain]:
        """The life domains filtered by (unknown codes are left out, and not filtered by)."""
        self.is_valid()
        return list(self.form.cleaned_data.get("need") or ())

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_area(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(organization__zip_code__icontains=value)
            | Q(organization__county__icontains=value)
            | Q(organization__service_area__icontains=value)
        )

    def meeting(self, queryset, name, domains):
        return queryset.meeting(d.code for d in domains) if domains else queryset


def directory_for(case: Case, needs: Iterable[IdentifiedNeed]) -> str:
    """The directory opened from a case: filtered by the life domains of the case's open needs
    that the user may see (assessments.access.open_needs_seen; removable on the page, to widen
    the search), with a Refer button for the case on each service."""
    domains = sorted({need.domain for need in needs}, key=lambda d: (d.order, d.name))
    query = urlencode({"case": case.pk, "need": [d.code for d in domains]}, doseq=True)
    return f"{reverse('referrals:directory')}?{query}"
