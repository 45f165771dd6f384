import datetime

import pytest
from django.utils import timezone

from cases.models import Case

from .smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """Mail goes out over real SMTP to a server the test can read and stop."""
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


@pytest.fixture
def contact_overdue(case_for):
    """Factory: a high-acuity case (override any field) whose contact with the client fell due
    yesterday, which the no-contact kind reminds: due work for the engine's tests from the cases
    app, below reminders (the kinds of the apps above are tested in those apps)."""

    def make(**kwargs) -> Case:
        every = Case.contact_due_days()[Case.Acuity.HIGH]
        kwargs.setdefault("opened_on", timezone.localdate() - datetime.timedelta(days=every + 1))
        return case_for(acuity=Case.Acuity.HIGH, **kwargs)

    return make
