"""The outcome reports' filters (issue 15)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ReportFilterForm(forms.Form):
    """An outcome report's filters (GET): one case manager of the team, and the date range its
    dates fall in (the last 90 days unless given)."""

    manager = forms.ModelChoiceField(
        label=_("Case manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone on the team"),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, team, default_range):
        super().__init__(data)
        self.default_range = default_range
        self.fields["manager"].queryset = (
            User.objects.filter(Q(teams=team) | Q(primary_cases__team=team))
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "manager" else "form-control"

    def clean(self):
        cleaned = super().clean()
        first, last = self.default_range
        cleaned["date_from"] = cleaned.get("date_from") or first
        cleaned["date_to"] = cleaned.get("date_to") or last
        if cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The range must start before it ends."))
        return cleaned
