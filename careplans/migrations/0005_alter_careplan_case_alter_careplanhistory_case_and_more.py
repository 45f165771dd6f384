"""Foreign keys to the case follow it to the cases app; the database's constraints already point
at its table (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("careplans", "0004_goal_open_target"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="careplan",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="care_plans",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="careplanhistory",
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
                    model_name="task",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tasks",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="taskhistory",
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
