from django.urls import path

from . import views

app_name = "discharge"
urlpatterns = [
    path("admissions/<int:pk>/", views.detail, name="detail"),
    path("admissions/<int:pk>/barriers/add/", views.barrier_add, name="barrier_add"),
    path("barriers/<int:pk>/resolve/", views.barrier_resolve, name="barrier_resolve"),
]
