"""Forms for cases and their notes, and the caseload's filters."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Program, Team, User
from casemgmt.forms import DATE, DATETIME, not_in_future
from casemgmt.versioning import VersionedForm

from . import caps
from .models import Case, CaseNote

MINUTES_IN_A_DAY = 24 * 60

# ---------------------------------------------------------------------------------------------
# My caseload

# Sortable columns: the only orderings a request can ask for. Never contacted sorts as the
# longest ago.
CASELOAD_SORTS = {
    "client": ["client__legal_last_name", "client__legal_first_name"],
    "-client": ["-client__legal_last_name", "-client__legal_first_name"],
    "acuity": ["acuity"],
    "-acuity": ["-acuity"],
    "opened": ["opened_on"],
    "-opened": ["-opened_on"],
    "contact": [F("last_contact_at").asc(nulls_first=True)],
    "-contact": [F("last_contact_at").desc(nulls_last=True)],
    "assessment": [F("assessment_due_on").asc(nulls_last=True)],
    "-assessment": [F("assessment_due_on").desc(nulls_last=True)],
}
DEFAULT_CASELOAD_SORT = "contact"


class CaseloadFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[c for c in Case.Status.choices if c[0] != Case.Status.CLOSED],
        empty_label="Any status",
    )
    acuity = django_filters.ChoiceFilter(choices=Case.Acuity.choices, empty_label="Any acuity")
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.all(), empty_label="Any program"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    @property
    def sort(self) -> str:
        key = self.data.get("sort")
        return key if key in CASELOAD_SORTS else DEFAULT_CASELOAD_SORT

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*CASELOAD_SORTS[self.sort], "pk")


# ---------------------------------------------------------------------------------------------
# Cases


def cap_override_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason to assign over the hard caseload cap"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Only when the case manager's weighted load would pass the program's hard cap: a "
            "supervisor of the team may assign anyway, and the reason is kept."
        ),
    )


class CaseloadCapMixin:
    """The primary case manager's acuity-weighted load against the program's caps (cases.caps),
    checked when a case is opened or its manager, acuity or program changes: past the hard cap the
    form is refused unless a supervisor of the team gives a reason. `self.load` is the load the
    view settles after saving (None when nothing was checked)."""

    load = None
    ASSIGNMENT_FIELDS = {"primary_case_manager", "acuity", "program"}

    def check_caps(self, *, team: Team, user: User) -> None:
        data = self.cleaned_data
        manager, acuity = data.get("primary_case_manager"), data.get("acuity")
        unchanged = self.instance.pk and not self.ASSIGNMENT_FIELDS & set(self.changed_data)
        if manager is None or acuity is None or unchanged:
            return
        self.load = caps.load_with(
            case=self.instance, manager=manager, acuity=acuity, program=data.get("program")
        )
        if not self.load.over_hard:
            return
        if not data.get("cap_override_reason", "").strip():
            self.add_error("primary_case_manager", self.load.refusal())
        elif team.pk not in user.supervised_team_ids:
            self.add_error(
                "cap_override_reason",
                _("Only a supervisor of the team can assign a case over the hard cap."),
            )


class CareTeamFieldsMixin:
    """Primary case manager and care team must work on the case's team (Team.people)."""

    def check_team_members(self, team: Team) -> None:
        members = set(team.people().values_list("pk", flat=True))
        primary = self.cleaned_data.get("primary_case_manager")
        care_team = self.cleaned_data.get("care_team") or []
        # The primary case manager carries the case already; listing them twice adds nothing.
        self.cleaned_data["care_team"] = [user for user in care_team if user != primary]
        if primary and primary.pk not in members:
            self.add_error("primary_case_manager", f"{primary} does not work on {team}.")
        outside = [str(user) for user in care_team if user.pk not in members]
        if outside:
            self.add_error("care_team", f"Not working on {team}: {', '.join(outside)}.")


class OpenCaseForm(CareTeamFieldsMixin, CaseloadCapMixin, forms.ModelForm):
    field_order = ["program", "team", "status", "primary_case_manager", "care_team"]
    cap_override_reason = cap_override_field()
    status = forms.ChoiceField(
        label="Starting status",
        choices=[
            (Case.Status.REFERRED, Case.Status.REFERRED.label),
            (Case.Status.INTAKE, Case.Status.INTAKE.label),
        ],
        initial=Case.Status.INTAKE,
    )

    class Meta:
        model = Case
        fields = [
            "program",
            "team",
            "primary_case_manager",
            "care_team",
            "acuity",
            "restricted",
            "referral_source",
            "presenting_need",
            "opened_on",
        ]
        widgets = {
            "care_team": forms.CheckboxSelectMultiple,
            "opened_on": DATE,
            "presenting_need": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "primary_case_manager": "Someone who works on the chosen team.",
            "care_team": "Others on the team who work on this case.",
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        teams = Team.objects.filter(pk__in=user.team_ids)
        people = teams.people()
        self.fields["team"].queryset = teams
        self.fields["program"].queryset = Program.objects.filter(is_active=True)
        self.fields["primary_case_manager"].queryset = people
        self.fields["care_team"].queryset = people
        self.initial["primary_case_manager"] = user.pk
        if len(user.team_ids) == 1:
            team = teams.get()
            self.initial.update(team=team.pk, program=team.program_id)

    def clean_opened_on(self):
        return not_in_future(self.cleaned_data["opened_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("team"):
            self.check_team_members(cleaned["team"])
            self.check_caps(team=cleaned["team"], user=self.user)
        self.instance.status = cleaned.get("status", Case.Status.INTAKE)
        return cleaned


class CaseEditForm(CareTeamFieldsMixin, CaseloadCapMixin, VersionedForm):
    cap_override_reason = cap_override_field()

    class Meta:
        model = Case
        fields = [
            "program",
            "acuity",
            "restricted",
            "primary_case_manager",
            "care_team",
            "referral_source",
            "presenting_need",
        ]
        widgets = {
            "care_team": forms.CheckboxSelectMultiple,
            "presenting_need": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        people = self.instance.team.people()
        self.fields["primary_case_manager"].queryset = people
        self.fields["care_team"].queryset = people

    def clean(self):
        cleaned = super().clean()
        self.check_team_members(self.instance.team)
        self.check_caps(team=self.instance.team, user=self.user)
        return cleaned


class TransitionForm(forms.Form):
    """The fields a status move asks for: a closure reason to close, a reason to hold or reopen,
    and, to close while the client has an active safety flag, why (`needs_safety_reason`)."""

    reason = forms.ChoiceField(
        label="Closure reason", choices=[("", "---------"), *Case.ClosureReason.choices]
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    safety_reason = forms.CharField(
        label=_("Why close the case while the client has an active safety flag?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the closure in the case's history."),
        error_messages={
            "required": _("The client has an active safety flag: say why the case closes anyway.")
        },
    )

    def __init__(self, *args, move: str, needs_safety_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if move != "close":
            del self.fields["reason"]
        if move != "close" or not needs_safety_reason:
            del self.fields["safety_reason"]
        if move in ("hold", "reopen"):
            self.fields["note"].required = True
            self.fields["note"].label = "Reason"


# ---------------------------------------------------------------------------------------------
# Notes


class NoteForm(forms.ModelForm):
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", required=False, min_value=0, max_value=MINUTES_IN_A_DAY
    )

    class Meta:
        model = CaseNote
        fields = ["contact_type", "occurred_at", "duration_minutes", "narrative", "restricted"]
        widgets = {"occurred_at": DATETIME, "narrative": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("contact_type", css_class="col-md-4"),
                Column("occurred_at", css_class="col-md-5"),
                Column("duration_minutes", css_class="col-md-3"),
            ),
            "narrative",
            "restricted",
        )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now():
            raise forms.ValidationError("A note records a contact that happened: not a future one.")
        return occurred_at

    @property
    def sign_requested(self) -> bool:
        """Which button was pressed: "Save and sign" or "Save draft"."""
        return self.data.get("action") == "sign"


class AddendumForm(forms.Form):
    narrative = forms.CharField(
        label="Addendum",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The signed note stays as it is; the addendum is shown under it.",
    )


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this case now?",
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: client in crisis at the front desk, primary case manager away. "
        "Your reason is sent to the team's supervisors and kept with the case.",
        error_messages={
            "required": "Give the reason: emergency access is granted only with one.",
            "min_length": "Say a little more (at least 10 characters): your supervisors will "
            "read it.",
        },
    )
