import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone

from accounts.models import Team
from casemgmt.forms import DATE
from casemgmt.versioning import VersionedForm

from .models import Client, ClientFlag, Consent, Contact, Coverage

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth or client number",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
    )


CLIENT_FIELDS = [
    "legal_first_name",
    "legal_middle_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex_at_birth",
    "gender_identity",
    "pronouns",
    "preferred_language",
    "interpreter_needed",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "county",
]


def client_layout(*extra) -> Layout:
    return Layout(
        *extra,
        Fieldset(
            "Name",
            Row(
                Column("legal_first_name", css_class="col-md-4"),
                Column("legal_middle_name", css_class="col-md-4"),
                Column("legal_last_name", css_class="col-md-4"),
            ),
            Row(
                Column("preferred_name", css_class="col-md-4"),
                Column("pronouns", css_class="col-md-4"),
            ),
        ),
        Fieldset(
            "Identity and language",
            Row(
                Column("date_of_birth", css_class="col-md-4"),
                Column("sex_at_birth", css_class="col-md-4"),
                Column("gender_identity", css_class="col-md-4"),
            ),
            Row(
                Column("preferred_language", css_class="col-md-4"),
                Column(Field("interpreter_needed"), css_class="col-md-4 pt-md-4"),
            ),
        ),
        Fieldset(
            "Contact information",
            Row(Column("phone", css_class="col-md-4"), Column("email", css_class="col-md-8")),
            "address_line1",
            "address_line2",
            Row(
                Column("city", css_class="col-md-4"),
                Column("state", css_class="col-md-2"),
                Column("postal_code", css_class="col-md-2"),
                Column("county", css_class="col-md-4"),
            ),
        ),
    )


class ClientFieldsMixin:
    """What intake and edit share: the widgets, the layout and the date-of-birth checks."""

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        if dob > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if dob < EARLIEST_BIRTH_DATE:
            raise forms.ValidationError("Check the year: the date of birth is before 1900.")
        return dob


class IntakeForm(ClientFieldsMixin, forms.ModelForm):
    """Registers a new client; asks for a reason when probable duplicates are on file."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        empty_label=None,
        help_text="The team the client is registered under.",
    )
    duplicate_reason = forms.CharField(
        label="Reason for registering anyway",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say how you know this is a different person, e.g. a different mother's name.",
    )

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {"date_of_birth": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates = []
        teams = Team.objects.filter(pk__in=user.team_ids)
        self.fields["team"].queryset = teams
        if not self.is_bound:
            self.fields["team"].initial = teams.first()
        if len(user.team_ids) == 1:
            self.fields["team"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = client_layout("team")

    def clean(self):
        cleaned = super().clean()
        if not self.user.team_ids:
            raise forms.ValidationError(
                "You are not on a team, so you cannot register clients. Ask an administrator."
            )
        dob = cleaned.get("date_of_birth")
        if dob and cleaned.get("legal_first_name") and cleaned.get("legal_last_name"):
            self.duplicates = list(
                Client.objects.findable_by(self.user).probable_duplicates(
                    first_name=cleaned["legal_first_name"],
                    last_name=cleaned["legal_last_name"],
                    date_of_birth=dob,
                )[:10]
            )
        if self.duplicates and not cleaned.get("duplicate_reason", "").strip():
            self.add_error(
                "duplicate_reason",
                "Open the existing record, or say why this is a different person.",
            )
        return cleaned


class ClientEditForm(ClientFieldsMixin, VersionedForm):
    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {"date_of_birth": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = client_layout("version")


class ReasonForm(forms.Form):
    """Archiving a client, revoking a consent: the action needs a reason on the record."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason.")
        return reason


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "relationship",
            "organization",
            "phone",
            "email",
            "may_receive_information",
            "is_emergency_contact",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CoverageForm(forms.ModelForm):
    class Meta:
        model = Coverage
        fields = [
            "payer",
            "payer_name",
            "plan_name",
            "member_id",
            "group_number",
            "rank",
            "effective_on",
            "ends_on",
        ]
        widgets = {"effective_on": DATE, "ends_on": DATE}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("effective_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date cannot be before the effective date.")
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "kind",
            "scope",
            "organization",
            "organization_name",
            "purpose",
            "signed_on",
            "expires_on",
            "notes",
        ]
        widgets = {
            "signed_on": DATE,
            "expires_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        # The same rules as the database constraints, with messages a person can act on.
        cleaned = super().clean()
        signed, expires = cleaned.get("signed_on"), cleaned.get("expires_on")
        if signed and expires and expires <= signed:
            self.add_error("expires_on", "The expiry date must be after the date it was signed.")
        organization = cleaned.get("organization")
        if organization and cleaned.get("scope") != Consent.Scope.ORGANIZATION:
            self.add_error("scope", "A consent naming an organization permits disclosure to it.")
        if organization and not cleaned.get("organization_name", "").strip():
            cleaned["organization_name"] = organization.name
            self.instance.organization_name = organization.name
        if (
            cleaned.get("scope") == Consent.Scope.ORGANIZATION
            and not cleaned.get("organization_name", "").strip()
        ):
            self.add_error(
                "organization_name", "Name the organization this consent permits disclosure to."
            )
        return cleaned


class FlagForm(forms.ModelForm):
    class Meta:
        model = ClientFlag
        fields = ["kind", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        active = ClientFlag.objects.filter(client=self.instance.client, kind=kind, cleared_at=None)
        if active.exists():
            label = ClientFlag.Kind(kind).label
            raise forms.ValidationError(
                f"This client already has an active “{label}” flag. Clear it before adding another."
            )
        return kind
