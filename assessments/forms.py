from django import forms

from casemgmt.forms import DATE, not_in_future
from casemgmt.versioning import RefusesStale, version_field

from .models import Addendum, Assessment, Instrument
from .services import Response


class StartForm(forms.ModelForm):
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.published().order_by("name"), empty_label=None
    )

    class Meta:
        model = Assessment
        fields = ["instrument", "assessed_on", "restricted"]
        widgets = {"assessed_on": DATE}

    def clean_assessed_on(self):
        return not_in_future(self.cleaned_data["assessed_on"])


class AnswersForm(RefusesStale, forms.Form):
    """The questions of one instrument, as radio groups; matrices add a note and a priority tick.

    A draft may be saved with questions unanswered; completing needs every required one.
    """

    version = version_field()
    assessed_on = forms.DateField(label="Date of assessment", widget=DATE)
    summary = forms.CharField(
        label="Assessor's summary", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args, assessment: Assessment, instrument: Instrument, completing=False, **kwargs
    ):
        answers = {a.item_id: a for a in assessment.answers.all()}
        initial = {
            "version": assessment.version,
            "assessed_on": assessment.assessed_on,
            "summary": assessment.summary,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.instrument, self.completing = instrument, completing
        self.items = [item for s in instrument.sections.all() for item in s.items.all()]
        for item in self.items:
            answer = answers.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=[(o.pk, o.label) for o in item.options.all()],
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=answer.option_id if answer else None,
                error_messages={
                    "invalid_choice": "That answer is not one of this question's options."
                },
            )
            if instrument.is_matrix:
                self.fields[f"note_{item.pk}"] = forms.CharField(
                    label="Note",
                    required=False,
                    initial=answer.note if answer else "",
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                )
                self.fields[f"priority_{item.pk}"] = forms.BooleanField(
                    label="Priority for the plan",
                    required=False,
                    initial=answer.priority if answer else False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )

    def clean_assessed_on(self):
        return not_in_future(self.cleaned_data["assessed_on"])

    def clean(self):
        cleaned = super().clean()
        if self.completing:
            for item in self.items:
                name = f"item_{item.pk}"
                if item.required and cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Answer this question to complete the assessment.")
        return cleaned

    def sections(self):
        """For the template: each section with its items' bound fields."""
        for section in self.instrument.sections.all():
            rows = [
                {
                    "item": item,
                    "field": self[f"item_{item.pk}"],
                    "choices": list(
                        zip(self[f"item_{item.pk}"].subwidgets, item.options.all(), strict=True)
                    ),
                    "note": self[f"note_{item.pk}"] if self.instrument.is_matrix else None,
                    "priority": self[f"priority_{item.pk}"] if self.instrument.is_matrix else None,
                }
                for item in section.items.all()
            ]
            yield section, rows

    def responses(self) -> dict[int, Response]:
        options = {o.pk: o for item in self.items for o in item.options.all()}
        return {
            item.pk: Response(
                option=options.get(self.cleaned_data.get(f"item_{item.pk}")),
                note=self.cleaned_data.get(f"note_{item.pk}", ""),
                priority=self.cleaned_data.get(f"priority_{item.pk}", False),
            )
            for item in self.items
        }

    def draft(self) -> dict:
        """The keyword arguments the save and complete services take."""
        return {
            "expected_version": self.cleaned_data["version"],
            "responses": self.responses(),
            "assessed_on": self.cleaned_data["assessed_on"],
            "summary": self.cleaned_data["summary"],
        }


class AddendumForm(forms.ModelForm):
    class Meta:
        model = Addendum
        fields = ["text"]
        labels = {"text": "Addendum"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
