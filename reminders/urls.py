from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("bell/", views.bell, name="bell"),
    path("settings/", views.preferences, name="preferences"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
