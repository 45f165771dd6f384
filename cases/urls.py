from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/<int:client_pk>/cases/new/", views.open_case, name="open"),
    path("cases/<int:pk>/", views.detail, name="detail"),
    path("cases/<int:pk>/edit/", views.edit, name="edit"),
    path("cases/<int:pk>/emergency-access/", views.emergency_access, name="emergency_access"),
    path("cases/<int:pk>/move/<str:move>/", views.transition, name="transition"),
    path("cases/<int:pk>/notes/new/", views.note_add, name="note_add"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/sign/", views.note_sign, name="note_sign"),
    path("notes/<int:pk>/addenda/new/", views.addendum_add, name="addendum_add"),
]
