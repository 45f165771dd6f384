"""Foreign keys to the case follow it to the cases app; the database's constraints already point
at its table (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_ship_instruments"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="assessment",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="assessmenthistory",
                    name="case",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="identifiedneed",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="needs",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="identifiedneedhistory",
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
