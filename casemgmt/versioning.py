"""Optimistic concurrency for editable documents (DESIGN.md §4).

A form carries the version it was read at; the save is a conditional UPDATE on that version, so of
two people editing the same record the second is refused with a message naming the first.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone


class StaleVersion(Exception):
    def __init__(self, current: "Versioned"):
        self.current = current
        who = current.updated_by or "Someone"
        when = timezone.localtime(current.updated_at).strftime("%-d %b %Y at %H:%M")
        super().__init__(
            f"{who} changed this record on {when}, after you opened it. Your changes were not "
            "saved: they are still in the form below. Check them against the current record, "
            "then save again to apply them."
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save_version(self, *, expected_version: int, by, fields: list[str]) -> None:
        """Write `fields` only if the row is still at `expected_version`; else StaleVersion.

        Racy by nature, so the check and the write are one UPDATE statement.
        """
        now = timezone.now()
        attnames = [self._meta.get_field(name).attname for name in fields]
        values = {attname: getattr(self, attname) for attname in attnames}
        changed = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=expected_version)
            .update(**values, version=F("version") + 1, updated_at=now, updated_by=by)
        )
        if changed != 1:
            raise StaleVersion(
                type(self)._base_manager.select_related("updated_by").get(pk=self.pk)
            )
        self.version, self.updated_at, self.updated_by = expected_version + 1, now, by


class RefusesStale:
    """For a form with a hidden `version` field: explain a StaleVersion and keep the input."""

    def refuse_stale(self, error: StaleVersion) -> None:
        """Keep the input, explain, and arm the form to overwrite on a deliberate resubmit."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = error.current.version
        self.add_error(None, str(error))


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionedForm(RefusesStale, forms.ModelForm):
    """A ModelForm whose save is refused when the record changed since the form was shown."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def save_versioned(self, *, by):
        concrete = [
            name
            for name in self._meta.fields
            if name in self.cleaned_data and not self.instance._meta.get_field(name).many_to_many
        ]
        self.instance.save_version(
            expected_version=self.cleaned_data["version"], by=by, fields=concrete
        )
        self._save_m2m()
        return self.instance

    def save_if_current(self, *, by) -> bool:
        """Saves and says True; or, if the record moved on, explains in the form and says False.

        Views use it as `if form.is_valid() and form.save_if_current(by=request.user): ...`.
        """
        try:
            self.save_versioned(by=by)
        except StaleVersion as e:
            self.refuse_stale(e)
            return False
        return True
