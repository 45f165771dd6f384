"""The app as casemgmt.wsgi serves it, with the benchmark's URLs (benchmarks/urls.py): what the
page benchmark's load test runs gunicorn on."""

from django.conf import settings

from casemgmt.wsgi import application

settings.ROOT_URLCONF = "benchmarks.urls"

__all__ = ["application"]
