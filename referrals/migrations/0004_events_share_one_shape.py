"""Lifecycle events share one shape (casemgmt.transitions.TransitionEvent)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from casemgmt.migration_ops import drop_trigger_functions


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_alter_referral_case_alter_referralbatch_case_and_more"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="referralevent",
            name="referralevent_append_only",
        ),
        migrations.AlterField(
            model_name="referralevent",
            name="from_status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name="referralevent",
            name="kind",
            field=models.CharField(max_length=20),
        ),
        migrations.AlterField(
            model_name="referralevent",
            name="to_status",
            field=models.CharField(max_length=20),
        ),
        drop_trigger_functions("referrals.ReferralEvent:referralevent_append_only"),
        pgtrigger.migrations.AddTrigger(
            model_name="referralevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="1a61dcd844caf3ca043cd5fc836a4fbfb5122b75",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_d0304",
                    table="referrals_referralevent",
                    when="BEFORE",
                ),
            ),
        ),
    ]
