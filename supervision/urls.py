from django.urls import path

from . import views, views_reports

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/figures/<str:key>/", views.figure, name="figure"),
    path("teams/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("teams/<int:pk>/people/<int:user_pk>/notes/", views.person_notes, name="person_notes"),
    path("notes/", views.my_notes, name="my_notes"),
    path("transfers/", views.transfers, name="transfers"),
    path("approvals/", views.approvals, name="approvals"),
    path("closures/<int:pk>/<str:answer>/", views.closure_decide, name="closure_decide"),
    path("reviews/<str:kind>/<int:pk>/", views.review_mark, name="review_mark"),
    path("transfers/<int:pk>/<str:answer>/", views.transfer_answer, name="transfer_answer"),
]

# Outcome reports (issue 15).
urlpatterns += [
    path("reports/", views_reports.index, name="reports"),
    path("teams/<int:pk>/reports/<str:key>/", views_reports.report, name="report"),
    path("teams/<int:pk>/reports/<str:key>/<str:fmt>/", views_reports.export, name="export"),
]
