from django.contrib import admin

from casemgmt.admin_base import AdminRolePermissions, ReadOnlyAdmin

from .models import Digest, Notification, Preference, Reminder


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "urgent", "created_at", "read_at")
    list_filter = ("kind", "urgent", ("read_at", admin.EmptyFieldListFilter))
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username")
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The outbox, for operators: what is still pending, what was emailed, what failed."""

    list_display = (
        "title", "kind", "recipient", "due_at", "state", "email", "email_attempts", "sent_at"
    )  # fmt: skip
    list_filter = ("state", "email", "kind", "urgent")
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username", "=case__pk")
    date_hierarchy = "created_at"
    raw_id_fields = ("case", "digest")


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ("day", "recipient", "email", "email_attempts", "emailed_at")
    list_filter = ("email",)
    list_select_related = ("recipient",)
    search_fields = ("recipient__username",)
    date_hierarchy = "day"


@admin.register(Preference)
class PreferenceAdmin(AdminRolePermissions, admin.ModelAdmin):
    list_display = ("user", "digest", "digest_hour")
    list_filter = ("digest",)
    list_select_related = ("user",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
