"""Lifecycle events share one shape (casemgmt.transitions.TransitionEvent)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from casemgmt.migration_ops import drop_trigger_functions


class Migration(migrations.Migration):
    dependencies = [
        ("careplans", "0005_alter_careplan_case_alter_careplanhistory_case_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="careplanevent",
            name="careplanevent_append_only",
        ),
        migrations.AlterField(
            model_name="careplanevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="careplanevent",
            name="from_status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="careplanevent",
            name="kind",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="careplanevent",
            name="to_status",
            field=models.CharField(max_length=20),
        ),
        drop_trigger_functions("careplans.CarePlanEvent:careplanevent_append_only"),
        # The agreements recorded so far, as the events the agreement moves write now: recorded
        # by whoever last updated the plan then (record_agreement stamped updated_by/at).
        migrations.RunSQL(
            """
            INSERT INTO careplans_careplanevent
                (plan_id, kind, from_status, to_status, actor_id, note, created_at)
            SELECT id, CASE agreement WHEN 'signed' THEN 'sign' ELSE 'decline_to_sign' END,
                'pending', agreement, updated_by_id, declined_reason, updated_at
            FROM careplans_careplan WHERE agreement <> 'pending'
            """,
            migrations.RunSQL.noop,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="careplanevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="75f4a08c5a153088c68e5f3ebf6690a697f9591f",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_c20af",
                    table="careplans_careplanevent",
                    when="BEFORE",
                ),
            ),
        ),
    ]
