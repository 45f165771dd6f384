import pytest

import accounts.demo
import reminders.demo
from reminders.models import Preference

pytestmark = pytest.mark.django_db


def test_some_demo_users_get_a_daily_digest_and_the_rest_one_email_each():
    accounts.demo.seed()
    reminders.demo.seed()

    digest = Preference.objects.filter(digest=True).values_list("user__username", flat=True)

    assert sorted(digest) == ["cm2", "supervisor1", "supervisor2"]
    assert not Preference.objects.filter(digest=False).exists()
