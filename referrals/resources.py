"""CSV import and export of the directory (django-import-export), for the admin.

Organizations are identified by name and services by (organization name, service name), so
re-importing a corrected sheet updates the listings instead of duplicating them. Every row is
`full_clean()`ed: a bad category, capacity or date is reported on its row and nothing is saved.
"""

from import_export import fields, resources
from import_export.widgets import DateWidget, ForeignKeyWidget

from .models import Organization, Service


class OrganizationByName(ForeignKeyWidget):
    def __init__(self):
        super().__init__(Organization, "name")

    def clean(self, value, row=None, **kwargs):
        """The organization, or a ValueError (a row error in the report) when none has the name."""
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row, **kwargs)
        except Organization.DoesNotExist:
            raise ValueError(f"No organization named “{value}”: import it first.") from None


class IsoDate(DateWidget):
    def __init__(self):
        super().__init__("%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"“{value}” is not a date: write it as YYYY-MM-DD.") from None


class OrganizationResource(resources.ModelResource):
    class Meta:
        model = Organization
        fields = (
            "name",
            "kind",
            "address",
            "city",
            "county",
            "zip_code",
            "service_area",
            "phone",
            "email",
            "website",
            "languages",
            "payers",
            "hours",
            "notes",
            "is_active",
        )
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ServiceResource(resources.ModelResource):
    organization = fields.Field(
        column_name="organization", attribute="organization", widget=OrganizationByName()
    )
    verified_on = fields.Field(column_name="verified_on", attribute="verified_on", widget=IsoDate())

    class Meta:
        model = Service
        fields = (
            "organization",
            "name",
            "category",
            "description",
            "eligibility",
            "cost",
            "capacity",
            "verified_on",
        )
        import_id_fields = ("organization", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def get_instance(self, instance_loader, row):
        # An unknown organization cannot name an existing service: treat the row as new, so the
        # organization column's error is reported on the row as a validation error.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None
