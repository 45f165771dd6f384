from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.middleware import passive
from casemgmt import pagination
from casemgmt.decorators import read_only

from .access import get_notification_for_user
from .forms import PreferenceForm
from .models import Notification, Preference

PAGE_SIZE = 25
# The bell counts no further: above it, it says "99+".
BELL_CAP = 99


@read_only
@login_required
def notifications(request):
    inbox = Notification.objects.visible_to(request.user).showing().for_inbox()
    page = pagination.page_of(inbox, request.GET.get(pagination.PARAMETER), size=PAGE_SIZE)
    context = {"page": page, "snoozes": Notification.SNOOZES.items()}
    return render(request, "reminders/notifications.html", context)


@read_only
@passive
@login_required
def bell(request):
    """The header's bell, fetched by htmx after each page load and every minute."""
    unread = Notification.objects.visible_to(request.user).unread_count(BELL_CAP)
    label = f"{BELL_CAP}+" if unread > BELL_CAP else str(unread)
    return render(request, "reminders/_bell.html", {"unread": unread, "unread_label": label})


@login_required
@require_POST
def open_notification(request, pk):
    """Mark it read and go where it points."""
    notification = get_notification_for_user(request.user, pk)
    notification.mark_read()
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("reminders:notifications")


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    messages.success(request, f"Marked {count} notification{'s'[: count != 1]} read.")
    return redirect("reminders:notifications")


@login_required
@require_POST
def snooze(request, pk):
    """Hide it until later (an hour, or tomorrow morning); it comes back unread."""
    notification = get_notification_for_user(request.user, pk)
    until = notification.snooze(request.POST.get("until", "hour"))
    when = formats.date_format(timezone.localtime(until), "M j, g:i A")
    messages.success(request, f"Snoozed “{notification.title}” until {when}.")
    return redirect("reminders:notifications")


@login_required
@require_POST
def dismiss(request, pk):
    notification = get_notification_for_user(request.user, pk)
    notification.dismiss()
    messages.success(request, f"Dismissed “{notification.title}”.")
    return redirect("reminders:notifications")


@login_required
def preferences(request):
    """Which reminders arrive by email, and whether as one daily digest."""
    form = PreferenceForm(request.POST or None, instance=Preference.of(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, "Notification settings saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})
