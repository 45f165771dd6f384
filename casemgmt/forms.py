"""Form pieces every app's forms share: the browser's date and time pickers, and dates that must
not lie in the future."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

# Rendered in the ISO format the browser's pickers read, whatever the locale prints.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def not_in_future(day):
    """For clean_<field>: a date of something that happened (an assessment, a review)."""
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return day
