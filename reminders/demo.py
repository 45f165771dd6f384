"""Demo reminder settings: the supervisors and cm2 get their reminders in a daily digest, the
other demo logins one email each (the default), so the demo shows both. Idempotent: a user's
settings are only created when they have none."""

import accounts.demo

from .models import Preference

DIGEST_USERS = ["supervisor1", "supervisor2", "cm2"]


def seed() -> None:
    staff = accounts.demo.staff()
    for username in DIGEST_USERS:
        Preference.objects.get_or_create(user=staff[username], defaults={"digest": True})
