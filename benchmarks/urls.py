"""The project's URLs plus the benchmark's minimal view, mounted only while benchmarking (the
page benchmark's child process and its gunicorn set ROOT_URLCONF to this module)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/minimal/", views.minimal, name="bench_minimal"),
    path("", include("casemgmt.urls")),
]
