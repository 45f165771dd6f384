from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "urgent", "created_at", "read_at")
    list_filter = ("kind", "urgent", ("read_at", admin.EmptyFieldListFilter))
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username")
    date_hierarchy = "created_at"
