"""Foreign keys to the case follow it to the cases app; the database's constraints already point
at its table (state only). Stored reminder keys name the new app."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("reminders", "0003_email_digests_preferences"),
    ]

    operations = [
        # A reminder's key names its subject's model (Reminder.key): keep the stored keys, or
        # the next scan would store every reminder still due a second time.
        migrations.RunSQL(
            [
                (
                    "UPDATE reminders_reminder SET dedupe_key = replace(dedupe_key, %s, %s) "
                    "WHERE dedupe_key LIKE %s",
                    [f":clients.{model}:", f":cases.{model}:", f"%:clients.{model}:%"],
                )
                for model in ["case", "casenote", "emergencyaccess"]
            ],
            [
                (
                    "UPDATE reminders_reminder SET dedupe_key = replace(dedupe_key, %s, %s) "
                    "WHERE dedupe_key LIKE %s",
                    [f":cases.{model}:", f":clients.{model}:", f"%:cases.{model}:%"],
                )
                for model in ["case", "casenote", "emergencyaccess"]
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="case",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
            ],
        ),
    ]
