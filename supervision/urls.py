from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/figures/<str:key>/", views.figure, name="figure"),
]
