"""Foreign keys to the case follow it to the cases app; the database's constraints already point
at its table (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("referrals", "0002_cancelled_drafts_need_no_consent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="referral",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="referralbatch",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referral_batches",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="referralhistory",
                    name="case",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="cases.case",
                    ),
                ),
            ],
        ),
    ]
