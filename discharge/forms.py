from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team

from .models import Barrier


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
