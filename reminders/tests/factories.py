import factory

from reminders.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    """An in-app notification outside the outbox, for tests of the bell and the centre."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory("accounts.tests.factories.UserFactory")
    kind = "safety_alert"
    title = "Safety alert"
