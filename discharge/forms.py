from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from casemgmt.versioning import RefusesStale, VersionedForm, version_field
from clients.models import Coverage
from referrals.forms import BatchRequestForm
from referrals.models import Organization, Referral, Service

from .models import (
    CHOICE_KINDS,
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


class AcceptedReferralField(forms.ModelChoiceField):
    def label_from_instance(self, referral: Referral) -> str:
        return gettext("%(organization)s: %(service)s (%(status)s, choice %(rank)s)") % {
            "organization": referral.organization,
            "service": referral.service.name,
            "status": referral.get_status_display().lower(),
            "rank": referral.client_rank,
        }


class DischargeForm(forms.Form):
    """The discharge: to a provider that accepted a referral of the stay's choice list, whose
    kind gives the disposition when none is chosen, or anywhere else."""

    receiving_referral = AcceptedReferralField(
        label=_("Discharge to (a provider that accepted the patient)"),
        queryset=Referral.objects.none(),
        required=False,
        empty_label=_("— not to an accepted referral —"),
    )
    disposition = forms.ChoiceField(
        label=_("Discharge disposition"),
        choices=[("", _("— from the accepted provider's kind —")), *Disposition.choices],
        required=False,
    )
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
        accepted = self.fields["receiving_referral"]
        accepted.queryset = admission.accepted_referrals().order_by("client_rank")
        # Whether a provider accepted the patient: the checklist counts it as done.
        self.provider_accepted = bool(accepted.queryset)
        if not self.provider_accepted:
            del self.fields["receiving_referral"]

    def clean(self):
        cleaned = super().clean()
        referral = cleaned.get("receiving_referral")
        if referral is None:
            if not cleaned.get("disposition"):
                self.add_error("disposition", _("Choose a discharge disposition."))
            return cleaned
        organization = cleaned.get("receiving_organization")
        if organization and organization != referral.organization:
            self.add_error(
                "receiving_organization",
                gettext("The accepted referral goes to %(name)s: leave this blank.")
                % {"name": referral.organization},
            )
        cleaned["receiving_organization"] = referral.organization
        cleaned["disposition"] = cleaned.get("disposition") or CHOICE_KINDS.get(
            referral.organization.kind, ""
        )
        return cleaned

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


class ChoiceForm(BatchRequestForm):
    """The patient's choices from the list: each provider ticked with its rank (1 is the first
    choice, ranks 1, 2, 3… without gaps), the day the list was offered, and what the one request
    says to each provider (referrals' batch form)."""

    offered_on = forms.DateField(
        label=_("List offered to the patient on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, admission, providers: list[Service], **kwargs):
        super().__init__(*args, **kwargs)
        self.admission, self.providers = admission, providers
        self.fields["reason"].label = _("Reason for the request")
        self.fields["urgency"].label = _("Urgency")
        self.fields["shared_sections"].label = _("Share with each provider")
        for service in providers:
            name = service.organization.name
            self.fields[f"send_{service.pk}"] = forms.BooleanField(
                label=_("Send to %(name)s") % {"name": name}, required=False
            )
            self.fields[f"rank_{service.pk}"] = forms.IntegerField(
                label=_("Patient's rank for %(name)s") % {"name": name},
                min_value=1,
                required=False,
                widget=forms.NumberInput(attrs={"min": 1, "class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[tuple[Service, forms.BoundField, forms.BoundField]]:
        """Each provider of the list with its tick box and rank field, for the table."""
        return [(s, self[f"send_{s.pk}"], self[f"rank_{s.pk}"]) for s in self.providers]

    def clean_offered_on(self):
        offered = self.cleaned_data["offered_on"]
        if offered > timezone.localdate():
            raise forms.ValidationError(_("The list cannot be offered in the future."))
        if offered < timezone.localdate(self.admission.admitted_at):
            raise forms.ValidationError(_("The list cannot be offered before the admission."))
        return offered

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for service in self.providers:
            ticked, rank = cleaned.get(f"send_{service.pk}"), cleaned.get(f"rank_{service.pk}")
            name = service.organization.name
            if ticked and rank is None:
                self.add_error(
                    f"rank_{service.pk}",
                    gettext("Give the patient's rank for %(name)s.") % {"name": name},
                )
            elif rank is not None and not ticked:
                self.add_error(
                    f"send_{service.pk}",
                    gettext("Tick %(name)s to send to it, or clear its rank.") % {"name": name},
                )
            elif ticked:
                chosen.append((rank, service))
        ranks = sorted(rank for rank, _service in chosen)
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Tick the providers the patient chose."))
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each chosen provider a different rank."))
        if ranks != list(range(1, len(ranks) + 1)):
            raise forms.ValidationError(
                _("Number the patient's choices 1, 2, 3… without gaps: 1 is the first choice.")
            )
        self.ranked = [service for _rank, service in sorted(chosen, key=lambda row: row[0])]
        return cleaned

    def ranked_services(self) -> list[Service]:
        """The chosen providers' services in the patient's order of choice."""
        return self.ranked
