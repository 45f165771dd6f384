"""The resource directory's filters."""

import django_filters
from django import forms
from django.db.models import Q

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_area(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(organization__zip_code__icontains=value)
            | Q(organization__county__icontains=value)
            | Q(organization__service_area__icontains=value)
        )
