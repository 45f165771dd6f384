from django import forms
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
