from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:caseload"), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("clients/", include("clients.urls")),
    path("", include("assessments.urls")),
    path("careplans/", include("careplans.urls")),
    path("referrals/", include("referrals.urls")),
    path("discharge/", include("discharge.urls")),
    path("supervision/", include("supervision.urls")),
    # The receiving organization's answers: no account, a signed single-use link.
    path("partner/", include("referrals.partner_urls")),
    path("notifications/", include("reminders.urls")),
    # Case pages live at cases/…, plus opening a case nested under its client.
    path("", include("cases.urls")),
]
