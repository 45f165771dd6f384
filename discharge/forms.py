from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from casemgmt.versioning import RefusesStale, VersionedForm, version_field
from clients.models import Coverage
from referrals.models import Organization

from .models import (
    Admission,
    Barrier,
    DischargePlan,
    Disposition,
    FollowUpCall,
    Transition,
    UtilizationReview,
)


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["kind", "owner", "opened_on", "note"]
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"owner": _("Owner (optional)")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        team_id = plan.admission.case.team_id
        self.fields["owner"].queryset = Team.objects.filter(pk=team_id).people()

    def clean_opened_on(self):
        opened = self.cleaned_data["opened_on"]
        admitted_on = timezone.localdate(self.instance.plan.admission.admitted_at)
        if opened < admitted_on:
            raise forms.ValidationError(_("A barrier cannot open before the admission."))
        return opened


class AdmissionForm(forms.ModelForm):
    """A new stay on a case: the payer is one of the client's coverages in effect."""

    class Meta:
        model = Admission
        fields = [
            "facility",
            "unit",
            "encounter",
            "admission_type",
            "admitted_at",
            "level_of_care",
            "payer",
            "expected_discharge_on",
            "expected_los_days",
            "charlson_score",
            "ed_visits_6_months",
        ]
        widgets = {
            "admitted_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "expected_discharge_on": forms.DateInput(attrs={"type": "date"}),
            "charlson_score": forms.NumberInput(attrs={"min": 0}),
            "ed_visits_6_months": forms.NumberInput(attrs={"min": 0}),
            "expected_los_days": forms.NumberInput(attrs={"min": 0.1, "step": 0.1}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["facility"].queryset = Organization.objects.filter(is_active=True)
        self.fields["payer"].queryset = Coverage.objects.filter(client=case.client).current()


class DischargePlanForm(VersionedForm):
    class Meta:
        model = DischargePlan
        fields = ["anticipated_disposition", *DischargePlan.CHECKLIST]


class DischargeForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Discharge disposition"), choices=Disposition.choices)
    discharged_at = forms.DateTimeField(
        label=_("Discharged at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    receiving_organization = forms.ModelChoiceField(
        label=_("Receiving provider (optional)"),
        queryset=Organization.objects.filter(is_active=True),
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason to discharge over an incomplete checklist"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, admission, **kwargs):
        super().__init__(*args, **kwargs)
        self.admission = admission
        self.fields["discharged_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_discharged_at(self):
        discharged_at = self.cleaned_data["discharged_at"]
        if discharged_at < self.admission.admitted_at:
            raise forms.ValidationError(_("The discharge cannot come before the admission."))
        return discharged_at


class EddForm(RefusesStale, forms.Form):
    expected_discharge_on = forms.DateField(
        label=_("Expected discharge date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Why it changes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = version_field()


class UtilizationReviewForm(forms.ModelForm):
    class Meta:
        model = UtilizationReview
        fields = [
            "reviewed_on",
            "status_reviewed",
            "criteria_set",
            "criteria_met",
            "recommended_level",
            "authorization_number",
            "days_authorized",
            "authorized_from",
            "authorized_through",
            "next_review_on",
            "denied",
            "denial_reason",
            "peer_to_peer_on",
            "appeal_filed_on",
            "appeal_deadline",
            "appeal_outcome",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in [
                "reviewed_on",
                "authorized_from",
                "authorized_through",
                "next_review_on",
                "peer_to_peer_on",
                "appeal_filed_on",
                "appeal_deadline",
            ]
        } | {"denial_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, admission, reviewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.admission, self.instance.reviewer = admission, reviewer


class FollowUpCallForm(forms.ModelForm):
    class Meta:
        model = FollowUpCall
        fields = [
            "outcome",
            "medication_questions",
            "appointment_kept",
            "new_symptoms",
            "escalated",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class TransitionForm(forms.ModelForm):
    """A move of level of care on a case without an admission (home health → home)."""

    class Meta:
        model = Transition
        fields = ["from_level", "to_level", "moved_at", "receiving_organization", "note"]
        widgets = {
            "moved_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["receiving_organization"].queryset = Organization.objects.filter(is_active=True)
