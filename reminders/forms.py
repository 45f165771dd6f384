import datetime

from django import forms
from django.utils import formats

from .models import Preference
from .registry import always_emailed, optional_email_kinds

HOURS = [(hour, formats.time_format(datetime.time(hour), "g:i A")) for hour in range(5, 22)]


class PreferenceForm(forms.ModelForm):
    emailed = forms.MultipleChoiceField(
        label="Email me about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    digest_hour = forms.TypedChoiceField(label="Send the digest at", choices=HOURS, coerce=int)

    class Meta:
        model = Preference
        fields = ["emailed", "digest", "digest_hour"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = optional_email_kinds()
        self.fields["emailed"].choices = kinds
        self.fields["emailed"].help_text = (
            "Unticked kinds still show under the bell. Always emailed at once: "
            f"{', '.join(always_emailed())}."
        )
        self.initial["emailed"] = [name for name, _ in kinds if name not in self.instance.no_email]

    def save(self, commit=True):
        chosen = set(self.cleaned_data["emailed"])
        self.instance.no_email = [name for name, _ in optional_email_kinds() if name not in chosen]
        return super().save(commit)
