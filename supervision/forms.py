from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ReassignForm(forms.Form):
    """A departing (or overloaded) case manager's open cases, each ticked to move and given a
    receiver: `to_<case id>` fields, pre-filled by spreading the cases over the receivers with
    the lightest loads first."""

    reason = forms.CharField(
        label=_("Why the cases move"), widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("Reason to assign over the hard caseload cap"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when a receiver would pass the program's hard cap; it is kept."),
    )

    def __init__(self, *args, cases, receivers: list[tuple[User, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = list(cases)
        choices = [("", _("Keep"))] + [
            (str(person.pk), _("%(name)s (load %(load)s)") % {"name": person, "load": load})
            for person, load in receivers
        ]
        self.people = {str(person.pk): person for person, _load in receivers}
        lightest = [str(person.pk) for person, _load in sorted(receivers, key=lambda r: r[1])]
        for n, case in enumerate(self.cases):
            self.fields[f"to_{case.pk}"] = forms.ChoiceField(
                label=case.client.display_name,
                choices=choices,
                required=False,
                initial=lightest[n % len(lightest)] if lightest else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        return [(case, self[f"to_{case.pk}"]) for case in self.cases]

    def assignments(self) -> list:
        return [
            (case, self.people[self.cleaned_data[f"to_{case.pk}"]])
            for case in self.cases
            if self.cleaned_data.get(f"to_{case.pk}")
        ]


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Why you decline"), widget=forms.Textarea(attrs={"rows": 2})
    )


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
        first, last = default_range
        self.fields["date_from"].widget.attrs["placeholder"] = first.isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = last.isoformat()

    def clean(self):
        cleaned = super().clean()
        first, last = self.default_range
        cleaned["date_from"] = cleaned.get("date_from") or first
        cleaned["date_to"] = cleaned.get("date_to") or last
        if cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The range must start before it ends."))
        return cleaned
