"""The user manager loads the session's user with their roles and teams (UserQuerySet.with_scope)."""

from django.db import migrations

import accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_program_plan_review_days"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", accounts.models.ScopedUserManager()),
            ],
        ),
    ]
