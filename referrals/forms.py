from django import forms

from assessments.models import IdentifiedNeed
from careplans.models import CarePlan, Goal
from cases.models import Case

from .models import Referral, Service, consents_covering

SECTIONS = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class ReferralForm(forms.ModelForm):
    """A referral from a case to one service: why, how soon, and what is shared."""

    shared_sections = forms.MultipleChoiceField(
        label="Share with the organization (the minimum necessary)",
        choices=Referral.Section.choices,
        initial=[Referral.Section.NEED, Referral.Section.IDENTITY],
        widget=SECTIONS,
    )

    class Meta:
        model = Referral
        fields = ["service", "reason", "need", "goal", "urgency", "shared_sections"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        labels = {"need": "Identified need (optional)", "goal": "Care-plan goal (optional)"}

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.listed().for_directory()
        self.fields["need"].queryset = (
            IdentifiedNeed.objects.visible_to(user).open().filter(case=case).for_list()
        )
        self.fields["goal"].queryset = Goal.objects.filter(
            plan__case=case, plan__status=CarePlan.Status.ACTIVE
        ).select_related("domain")


class BatchRequestForm(forms.Form):
    """What one request to several organizations says to each: why, how soon, what is shared.
    Its cleaned data are refer_to_several's keyword arguments besides the services."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(choices=Referral.Urgency.choices, initial=Referral.Urgency.SOON)
    shared_sections = forms.MultipleChoiceField(
        label="Share with each organization",
        choices=Referral.Section.choices,
        initial=[Referral.Section.NEED, Referral.Section.IDENTITY, Referral.Section.COVERAGE],
        widget=SECTIONS,
    )

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("reason", "urgency", "shared_sections")}


class SeveralForm(BatchRequestForm):
    """One request to several organizations (post-acute placement), in the client's order of
    choice: first choice, second choice, and so on."""

    CHOICES = 5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        services = (
            Service.objects.listed()
            .filter(category__in=[Service.Category.POST_ACUTE, Service.Category.HOME_CARE])
            .for_directory()
        )
        for rank in range(1, self.CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ModelChoiceField(
                queryset=services,
                required=rank <= 2,
                label=f"Client's choice {rank}",
                empty_label="—" if rank > 2 else "Choose a service",
            )

    def clean(self):
        cleaned = super().clean()
        organizations = [s.organization_id for s in self.ranked_services()]
        if len(organizations) != len(set(organizations)):
            raise forms.ValidationError("Choose each organization once.")
        return cleaned

    def ranked_services(self) -> list[Service]:
        ranks = range(1, self.CHOICES + 1)
        return [s for rank in ranks if (s := self.cleaned_data.get(f"choice_{rank}"))]


class SendForm(forms.Form):
    consent = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        label="Consent to share under",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents_covering(referral.case, referral.organization)


class RerouteForm(forms.Form):
    service = forms.ModelChoiceField(queryset=None, label="Re-route to")

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.listed()
            .filter(category=referral.service.category)
            .exclude(pk=referral.service_id)
            .for_directory()
        )


class AnswerForm(forms.Form):
    """The answer to one move of a referral, given by the organization through its link or
    recorded by the case manager: the cleaned data are the keyword arguments of the referral's
    transition of that name. Accept, waitlist, no-show: a note is all they take."""

    note = forms.CharField(
        label="Note for the case manager",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(AnswerForm):
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose…"), *Referral.DeclineReason.choices]
    )
    field_order = ["reason", "note"]


class ScheduleForm(AnswerForm):
    appointment_at = forms.DateTimeField(
        label="Appointment date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    field_order = ["appointment_at", "note"]


class CompleteForm(AnswerForm):
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Choose…"), *Referral.Outcome.choices]
    )
    field_order = ["outcome", "note"]


class CancelForm(forms.Form):
    note = forms.CharField(
        label="Why it is cancelled", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


FORMS = {
    "cancel": CancelForm,
    "accept": AnswerForm,
    "decline": DeclineForm,
    "waitlist": AnswerForm,
    "schedule": ScheduleForm,
    "complete": CompleteForm,
    "no_show": AnswerForm,
}


def answer_form(move: str, data=None) -> forms.Form:
    # Unprefixed names (the POST carries `move` beside them), ids unique on a page of several forms.
    return FORMS[move](data, auto_id=f"id_{move}_%s")
