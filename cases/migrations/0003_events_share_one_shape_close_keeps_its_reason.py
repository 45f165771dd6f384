"""Lifecycle events share one shape (casemgmt.transitions.TransitionEvent)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from casemgmt.migration_ops import drop_trigger_functions


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_tables_named_after_the_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="caseevent",
            name="caseevent_append_only",
        ),
        migrations.AddField(
            model_name="caseevent",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("goals_met", "Goals met"),
                    ("declined", "Client declined further services"),
                    ("transferred", "Transferred to another program or agency"),
                    ("moved", "Moved out of service area"),
                    ("lost_contact", "Unable to contact"),
                    ("ineligible", "No longer eligible"),
                    ("deceased", "Deceased"),
                    ("other", "Other"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="override_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the case was closed although the client had an active safety flag.",
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
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
            model_name="caseevent",
            name="from_status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_status",
            field=models.CharField(max_length=20),
        ),
        drop_trigger_functions("cases.CaseEvent:caseevent_append_only"),
        # Status events are named by their move now, as care plans' and referrals' are.
        migrations.RunSQL(
            """
            UPDATE cases_caseevent SET kind = CASE
                WHEN to_status = 'closed' THEN 'close'
                WHEN from_status = 'closed' THEN 'reopen'
                WHEN to_status = 'on_hold' THEN 'hold'
                WHEN from_status = 'on_hold' THEN 'resume'
                WHEN from_status = 'intake' THEN 'activate'
                WHEN from_status = 'referred' THEN 'start_intake'
                ELSE kind END
            WHERE kind = 'status'
            """,
            "UPDATE cases_caseevent SET kind = 'status' WHERE kind <> 'opened'",
        ),
        # A closed case's reason, on the event that closed it (a reopened case lost its reason
        # before this migration: the case's column was the only record).
        migrations.RunSQL(
            """
            UPDATE cases_caseevent e SET closure_reason = c.closure_reason
            FROM cases_case c
            WHERE e.case_id = c.id AND c.status = 'closed' AND e.id = (
                SELECT max(id) FROM cases_caseevent WHERE case_id = c.id AND kind = 'close'
            )
            """,
            migrations.RunSQL.noop,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="caseevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="65b17c5dc231aae95e4a5d286bcd92a634f3ebd3",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_320b9",
                    table="cases_caseevent",
                    when="BEFORE",
                ),
            ),
        ),
    ]
