import base64
import binascii

from django import forms
from django.db.models import Q

from accounts.models import Team, User
from assessments.models import IdentifiedNeed
from casemgmt.forms import DATE, not_in_future
from casemgmt.versioning import VersionedForm

from .models import CarePlan, Goal, PlanTemplate, Task

PNG_DATA_URL = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 200_000


class StartPlanForm(forms.Form):
    class Source:
        BLANK = "blank"
        NEEDS = "needs"
        TEMPLATE = "template"

    source = forms.ChoiceField(
        label="Start from",
        choices=[
            (Source.NEEDS, "The case's identified needs (one goal per need)"),
            (Source.TEMPLATE, "A plan template"),
            (Source.BLANK, "A blank plan"),
        ],
        initial=Source.NEEDS,
        widget=forms.RadioSelect,
    )
    template = forms.ModelChoiceField(queryset=PlanTemplate.objects.none(), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = PlanTemplate.objects.filter(
            Q(program=None) | Q(program=case.program_id), is_active=True
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == self.Source.TEMPLATE and not cleaned.get("template"):
            self.add_error("template", "Choose the template to start from.")
        return cleaned

    def start_kwargs(self) -> dict:
        source = self.cleaned_data["source"]
        return {
            "from_needs": source == self.Source.NEEDS,
            "template": self.cleaned_data["template"] if source == self.Source.TEMPLATE else None,
        }


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["domain", "need", "statement", "target", "baseline", "target_date", "priority"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "baseline": forms.Textarea(attrs={"rows": 2}),
            "target_date": DATE,
        }
        help_texts = {
            "statement": "What the client wants, as they put it.",
            "target": "How you will both know it is met, e.g. 'signed lease by March 1'.",
        }

    def __init__(self, *args, plan: CarePlan, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = (
            IdentifiedNeed.objects.visible_to(user).open().filter(case=plan.case_id).for_list()
        )
        self.fields["need"].required = False


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["description", "responsible", "assignee", "priority", "due_on", "details"]
        widgets = {"due_on": DATE, "details": forms.Textarea(attrs={"rows": 2})}
        labels = {"description": "Task", "assignee": "Assigned to (optional)"}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # The team's people, without loading the team itself.
        self.fields["assignee"].queryset = Team.objects.filter(pk=case.team_id).people()


class CommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    """A progress review: the date, a summary, the next review, and each goal's status."""

    reviewed_on = forms.DateField(label="Date of review", widget=DATE)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label="Next review", widget=DATE)

    def __init__(self, *args, goals: list[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=goal.statement,
                choices=Goal.Status.choices,
                initial=goal.status,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label="Progress note", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean_reviewed_on(self):
        return not_in_future(self.cleaned_data["reviewed_on"])

    def clean(self):
        cleaned = super().clean()
        reviewed, following = cleaned.get("reviewed_on"), cleaned.get("next_review_on")
        if reviewed and following and following <= reviewed:
            self.add_error("next_review_on", "The next review comes after this one.")
        for goal in self.goals:
            if (
                cleaned.get(f"status_{goal.pk}") == Goal.Status.DISCONTINUED
                and not cleaned.get(f"note_{goal.pk}", "").strip()
            ):
                self.add_error(f"note_{goal.pk}", "Say why this goal is discontinued.")
        return cleaned

    def rows(self):
        return [(g, self[f"status_{g.pk}"], self[f"note_{g.pk}"]) for g in self.goals]

    def updates(self) -> dict[Goal, tuple[str, str]]:
        return {
            g: (self.cleaned_data[f"status_{g.pk}"], self.cleaned_data[f"note_{g.pk}"])
            for g in self.goals
        }


class AgreementForm(forms.Form):
    """The client signs (typed name, date and a drawn signature), or declines with a reason."""

    signed = forms.TypedChoiceField(
        label="The client",
        choices=[("yes", "Signs the plan"), ("no", "Declines to sign")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    name = forms.CharField(label="Client's name, as typed by the client", required=False)
    on = forms.DateField(label="Date signed", required=False, widget=DATE)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    declined_reason = forms.CharField(
        label="Reason the client gave for declining",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_on(self):
        return not_in_future(self.cleaned_data["on"])

    def clean_signature(self) -> bytes | None:
        """The canvas drawing as PNG bytes, from its data URL; empty when nothing was drawn."""
        value = self.cleaned_data["signature"]
        if not value:
            return None
        unreadable = forms.ValidationError("The drawn signature could not be read; draw it again.")
        if not value.startswith(PNG_DATA_URL):
            raise unreadable
        try:
            png = base64.b64decode(value.removeprefix(PNG_DATA_URL), validate=True)
        except (binascii.Error, ValueError):
            raise unreadable from None
        if not png.startswith(b"\x89PNG") or len(png) > MAX_SIGNATURE_BYTES:
            raise unreadable
        return png

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signed"):
            if not cleaned.get("name", "").strip():
                self.add_error("name", "The client types their name to sign.")
            if not cleaned.get("on"):
                self.add_error("on", "Give the date the client signed.")
        elif cleaned.get("signed") is False and not cleaned.get("declined_reason", "").strip():
            self.add_error("declined_reason", "Record the reason the client gave.")
        return cleaned

    def agreement_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "signed": data["signed"],
            "name": data["name"].strip(),
            "on": data["on"],
            "signature_png": data["signature"],
            "declined_reason": data["declined_reason"].strip(),
        }
