"""Lifecycle events share one shape (casemgmt.transitions.TransitionEvent)."""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_alter_assessment_case_alter_assessmenthistory_case_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("from_status", models.CharField(blank=True, max_length=20)),
                ("to_status", models.CharField(max_length=20)),
                ("note", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="assessments.assessment",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "abstract": False,
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmentevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="e05c01508b64a6a9dea39530a40e56b4fa781bf9",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_19df1",
                    table="assessments_assessmentevent",
                    when="BEFORE",
                ),
            ),
        ),
        # The assessments completed so far, as the event completion writes now.
        migrations.RunSQL(
            """
            INSERT INTO assessments_assessmentevent
                (assessment_id, kind, from_status, to_status, actor_id, note, created_at)
            SELECT id, 'complete', 'draft', 'completed', completed_by_id, '', completed_at
            FROM assessments_assessment WHERE status = 'completed'
            """,
            migrations.RunSQL.noop,
        ),
    ]
