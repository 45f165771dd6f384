from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("cases/<int:case_pk>/assessments/new/", views.start, name="start"),
    path("cases/<int:case_pk>/assessments/trends/", views.trends, name="trends"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/answer/", views.fill, name="fill"),
    path("assessments/<int:pk>/addenda/new/", views.addendum_add, name="addendum_add"),
]
