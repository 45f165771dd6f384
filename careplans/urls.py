from django.urls import path

from . import views

app_name = "careplans"
urlpatterns = [
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
]
