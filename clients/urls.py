from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.intake, name="intake"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:client_pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:client_pk>/coverage/new/", views.coverage_add, name="coverage_add"),
    path("coverage/<int:pk>/edit/", views.coverage_edit, name="coverage_edit"),
    path("<int:client_pk>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("<int:client_pk>/flags/new/", views.flag_add, name="flag_add"),
    path("flags/<int:pk>/clear/", views.flag_clear, name="flag_clear"),
]
