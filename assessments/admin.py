"""Instruments are data: admins write new ones (sum-scored questionnaires, domain matrices,
screeners) as drafts here, publish them, and revise them as new versions. Published and retired
versions are read-only, so answers given on them keep their meaning."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin, is_admin
from casemgmt.transitions import InvalidTransition

from .models import (
    Addendum,
    Assessment,
    Domain,
    IdentifiedNeed,
    Instrument,
    Item,
    ResponseOption,
    Section,
    SeverityBand,
)


def _instrument_of(obj) -> Instrument | None:
    if isinstance(obj, Instrument):
        return obj
    if isinstance(obj, Section):
        return obj.instrument
    if isinstance(obj, Item):
        return obj.section.instrument
    return None


class EditableWhileDraft(AdminRolePermissions):
    """Change, add and delete only while the instrument is a draft."""

    def _editable(self, request, obj) -> bool:
        instrument = _instrument_of(obj)
        return is_admin(request.user) and (instrument is None or instrument.is_draft)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._editable(request, obj)


class SeverityBandInline(EditableWhileDraft, admin.TabularInline):
    model = SeverityBand
    extra = 0


class SectionInline(EditableWhileDraft, admin.TabularInline):
    model = Section
    extra = 0
    fields = ("order", "title", "domain", "positive_at", "questions")
    readonly_fields = ("questions",)
    show_change_link = True

    @admin.display(description="Questions")
    def questions(self, section):
        if section.pk is None:
            return "Save, then add questions"
        url = reverse("admin:assessments_section_change", args=[section.pk])
        return format_html('<a href="{}">{} question(s)</a>', url, section.items.count())


@admin.register(Domain)
class DomainAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("name", "code", "order", "sensitive")
    list_editable = ("order", "sensitive")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Instrument)
class InstrumentAdmin(EditableWhileDraft, admin.ModelAdmin):
    list_display = ("name", "code", "version", "status", "scoring", "published_at")
    list_filter = ("status", "scoring")
    search_fields = ("name", "code")
    inlines = [SeverityBandInline, SectionInline]
    actions = ["publish", "new_version"]
    readonly_fields = ("status", "published_at")

    @admin.action(description="Publish the selected drafts (retires the version in use)")
    def publish(self, request, queryset):
        for instrument in queryset:
            try:
                instrument.publish()
            except InvalidTransition as e:
                self.message_user(request, str(e), messages.ERROR)
            else:
                self.message_user(request, f"Published {instrument}.", messages.SUCCESS)

    @admin.action(description="Start a new version of the selected instruments")
    def new_version(self, request, queryset):
        for instrument in queryset:
            copy = instrument.new_version()
            self.message_user(request, f"{copy} is a draft copy: edit it, then publish it.")


class ItemInline(EditableWhileDraft, admin.StackedInline):
    model = Item
    extra = 0
    fields = (
        ("order", "code", "domain"),
        "text",
        "help_text",
        ("required", "scored", "alert_at"),
        "answers",
    )
    readonly_fields = ("answers",)

    @admin.display(description="Answer options")
    def answers(self, item):
        if item.pk is None:
            return "Save, then add answer options"
        url = reverse("admin:assessments_item_change", args=[item.pk])
        return format_html('<a href="{}">{} option(s)</a>', url, item.options.count())


@admin.register(Section)
class SectionAdmin(EditableWhileDraft, admin.ModelAdmin):
    list_display = ("title", "instrument", "order")
    list_select_related = ("instrument",)
    inlines = [ItemInline]

    def has_module_permission(self, request):
        return False  # reached from its instrument


class ResponseOptionInline(EditableWhileDraft, admin.TabularInline):
    model = ResponseOption
    extra = 0


@admin.register(Item)
class ItemAdmin(EditableWhileDraft, admin.ModelAdmin):
    list_display = ("text", "section", "order")
    list_select_related = ("section__instrument",)
    inlines = [ResponseOptionInline]

    def has_module_permission(self, request):
        return False  # reached from its section


class AddendumInline(AdminRolePermissions, admin.TabularInline):
    model = Addendum
    extra = 0
    can_delete = False
    readonly_fields = ("author", "text", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "case", "status", "assessor", "total_score", "band_label")
    list_filter = ("status", "instrument", "restricted")
    list_select_related = ("instrument", "case__client", "assessor")
    date_hierarchy = "assessed_on"
    inlines = [AddendumInline]


@admin.register(IdentifiedNeed)
class IdentifiedNeedAdmin(ReadOnlyAdmin):
    list_display = ("domain", "case", "reason", "status", "identified_on")
    list_filter = ("status", "domain")
    list_select_related = ("domain", "case__client")
