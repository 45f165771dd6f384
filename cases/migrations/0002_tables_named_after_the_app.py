"""The case tables take the app's name (clients_case → cases_case, and so on, with their history
tables). Each trigger names its tables, so they come off first and go on again after."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        # After every migration that knew the tables as clients': the old models are gone then.
        ("clients", "0010_cases_moved_to_their_own_app"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="careteammember",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="careteammember",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="case_no_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="case_last_contact_from_notes",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="caseevent",
            name="caseevent_append_only",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casenote",
            name="casenote_signed_immutable",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casenote",
            name="casenote_no_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casenote",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casenote",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casenote",
            name="casenote_last_contact",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="emergencyaccess",
            name="emergencyaccess_no_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="emergencyaccess",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="emergencyaccess",
            name="update_update",
        ),
        migrations.AlterModelTable(
            name="careteammember",
            table=None,
        ),
        migrations.AlterModelTable(
            name="careteammemberhistory",
            table=None,
        ),
        migrations.AlterModelTable(
            name="case",
            table=None,
        ),
        migrations.AlterModelTable(
            name="caseevent",
            table=None,
        ),
        migrations.AlterModelTable(
            name="casehistory",
            table=None,
        ),
        migrations.AlterModelTable(
            name="casenote",
            table=None,
        ),
        migrations.AlterModelTable(
            name="casenotehistory",
            table=None,
        ),
        migrations.AlterModelTable(
            name="emergencyaccess",
            table=None,
        ),
        migrations.AlterModelTable(
            name="emergencyaccesshistory",
            table=None,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="careteammember",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_careteammemberhistory" ("added_at", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id") VALUES (NEW."added_at", NEW."case_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."role", NEW."user_id"); RETURN NULL;',
                    hash="c994fa11e645b2aa9a31dd0cdbaf381f8e582a92",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bbe11",
                    table="cases_careteammember",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="careteammember",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "cases_careteammemberhistory" ("added_at", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id") VALUES (NEW."added_at", NEW."case_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."role", NEW."user_id"); RETURN NULL;',
                    hash="0d874fa9dc0bd1a98656a9d05195c0dd6dda9441",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_45d3e",
                    table="cases_careteammember",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="case_no_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;",
                    hash="b3460005ad2e1431e92d005dda34fdf6b53c347d",
                    operation="DELETE",
                    pgid="pgtrigger_case_no_delete_6c190",
                    table="cases_case",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="case_last_contact_from_notes",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="\n                    IF pg_trigger_depth() = 1 THEN\n                        NEW.last_contact_at := OLD.last_contact_at;\n                    END IF;\n                    RETURN NEW;\n                ",
                    hash="71c0ec4eae83dbe6358defc204e054da313d467f",
                    operation='UPDATE OF "last_contact_at"',
                    pgid="pgtrigger_case_last_contact_from_notes_0bad3",
                    table="cases_case",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_casehistory" ("acuity", "assessment_due_on", "client_id", "closed_on", "closure_reason", "created_at", "id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presenting_need", "primary_case_manager_id", "program_id", "referral_source", "restricted", "status", "team_id", "updated_at", "updated_by_id", "version") VALUES (NEW."acuity", NEW."assessment_due_on", NEW."client_id", NEW."closed_on", NEW."closure_reason", NEW."created_at", NEW."id", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."presenting_need", NEW."primary_case_manager_id", NEW."program_id", NEW."referral_source", NEW."restricted", NEW."status", NEW."team_id", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="7540e3ff4ba6a7230a1648aa62860bf95dfe913c",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0b483",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."acuity" IS DISTINCT FROM (NEW."acuity") OR OLD."assessment_due_on" IS DISTINCT FROM (NEW."assessment_due_on") OR OLD."client_id" IS DISTINCT FROM (NEW."client_id") OR OLD."closed_on" IS DISTINCT FROM (NEW."closed_on") OR OLD."closure_reason" IS DISTINCT FROM (NEW."closure_reason") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."opened_on" IS DISTINCT FROM (NEW."opened_on") OR OLD."presenting_need" IS DISTINCT FROM (NEW."presenting_need") OR OLD."primary_case_manager_id" IS DISTINCT FROM (NEW."primary_case_manager_id") OR OLD."program_id" IS DISTINCT FROM (NEW."program_id") OR OLD."referral_source" IS DISTINCT FROM (NEW."referral_source") OR OLD."restricted" IS DISTINCT FROM (NEW."restricted") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."team_id" IS DISTINCT FROM (NEW."team_id") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."updated_by_id" IS DISTINCT FROM (NEW."updated_by_id") OR OLD."version" IS DISTINCT FROM (NEW."version"))',
                    func='INSERT INTO "cases_casehistory" ("acuity", "assessment_due_on", "client_id", "closed_on", "closure_reason", "created_at", "id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presenting_need", "primary_case_manager_id", "program_id", "referral_source", "restricted", "status", "team_id", "updated_at", "updated_by_id", "version") VALUES (NEW."acuity", NEW."assessment_due_on", NEW."client_id", NEW."closed_on", NEW."closure_reason", NEW."created_at", NEW."id", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."presenting_need", NEW."primary_case_manager_id", NEW."program_id", NEW."referral_source", NEW."restricted", NEW."status", NEW."team_id", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="ff379f01903fea7e49f07335387504045c3ac886",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f5146",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="caseevent",
            trigger=pgtrigger.compiler.Trigger(
                name="caseevent_append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="f772632ccaa134bc24e28b6924f92804bec07441",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_caseevent_append_only_c15c2",
                    table="cases_caseevent",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="casenote_signed_immutable",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.\"status\" = 'signed')",
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;",
                    hash="a4ba617cf9e92a491cd5cdb787e014b511c667fc",
                    operation="UPDATE",
                    pgid="pgtrigger_casenote_signed_immutable_4ea55",
                    table="cases_casenote",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="casenote_no_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;",
                    hash="b8c38fe1a3d200f2fd012d818208466a2f635259",
                    operation="DELETE",
                    pgid="pgtrigger_casenote_no_delete_f879c",
                    table="cases_casenote",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_casenotehistory" ("addendum_to_id", "author_id", "case_id", "contact_type", "created_at", "duration_minutes", "id", "narrative", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "restricted", "signed_at", "signed_by_id", "status") VALUES (NEW."addendum_to_id", NEW."author_id", NEW."case_id", NEW."contact_type", NEW."created_at", NEW."duration_minutes", NEW."id", NEW."narrative", NEW."occurred_at", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."restricted", NEW."signed_at", NEW."signed_by_id", NEW."status"); RETURN NULL;',
                    hash="e62d47041d3cf234fd80f885dab988006e64f25c",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0c4c5",
                    table="cases_casenote",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "cases_casenotehistory" ("addendum_to_id", "author_id", "case_id", "contact_type", "created_at", "duration_minutes", "id", "narrative", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "restricted", "signed_at", "signed_by_id", "status") VALUES (NEW."addendum_to_id", NEW."author_id", NEW."case_id", NEW."contact_type", NEW."created_at", NEW."duration_minutes", NEW."id", NEW."narrative", NEW."occurred_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."restricted", NEW."signed_at", NEW."signed_by_id", NEW."status"); RETURN NULL;',
                    hash="fe6a7f56f6990301a6eadf8932e4c07fafa69fe5",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f902d",
                    table="cases_casenote",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="casenote_last_contact",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE touched bigint;",
                    func="\n            -- Django's save() names every column, changed or not.\n            IF TG_OP = 'UPDATE' AND (OLD.case_id, OLD.occurred_at, OLD.contact_type,\n                OLD.addendum_to_id) IS NOT DISTINCT FROM (NEW.case_id, NEW.occurred_at,\n                NEW.contact_type, NEW.addendum_to_id) THEN\n                RETURN NULL;\n            END IF;\n            -- A note moved to another case changes both (ordered, so two moves cannot deadlock).\n            FOR touched IN\n                SELECT DISTINCT id FROM unnest(ARRAY[OLD.case_id, NEW.case_id]) AS id\n                WHERE id IS NOT NULL ORDER BY id\n            LOOP\n                -- Wait until a concurrent transaction writing this case's notes commits: the\n                -- UPDATE's fresh snapshot then sees its note, so neither max misses the other's.\n                -- NO KEY UPDATE, as the UPDATE itself takes: the inserts' foreign-key checks\n                -- (KEY SHARE) on the case do not block it, so two note writers cannot deadlock.\n                PERFORM FROM cases_case WHERE id = touched FOR NO KEY UPDATE;\n                UPDATE cases_case SET last_contact_at = latest.occurred_at\n                FROM (\n                    SELECT max(occurred_at) AS occurred_at FROM cases_casenote\n                    WHERE case_id = touched AND addendum_to_id IS NULL\n                        AND contact_type IN ('phone', 'office', 'home', 'message')\n                ) AS latest\n                WHERE id = touched AND last_contact_at IS DISTINCT FROM latest.occurred_at;\n            END LOOP;\n            RETURN NULL;\n        ",
                    hash="366bc60af60f9bb2ea7505c8cc8f04f4464c6dca",
                    operation='INSERT OR UPDATE OF "case_id", "occurred_at", "contact_type", "addendum_to_id" OR DELETE',
                    pgid="pgtrigger_casenote_last_contact_d2c9b",
                    table="cases_casenote",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="emergencyaccess",
            trigger=pgtrigger.compiler.Trigger(
                name="emergencyaccess_no_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;",
                    hash="0db8f71da5a8f72043528d721cb1f27d7afa2adb",
                    operation="DELETE",
                    pgid="pgtrigger_emergencyaccess_no_delete_71160",
                    table="cases_emergencyaccess",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="emergencyaccess",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_emergencyaccesshistory" ("case_id", "expires_at", "granted_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "user_id") VALUES (NEW."case_id", NEW."expires_at", NEW."granted_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."user_id"); RETURN NULL;',
                    hash="865e2ac916b5a8722eb5de1fe8c02a51a7ab3edb",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bf085",
                    table="cases_emergencyaccess",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="emergencyaccess",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "cases_emergencyaccesshistory" ("case_id", "expires_at", "granted_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "user_id") VALUES (NEW."case_id", NEW."expires_at", NEW."granted_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."user_id"); RETURN NULL;',
                    hash="5571ff349d6c9734b576c9fc972148f31211018f",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_73d3e",
                    table="cases_emergencyaccess",
                    when="AFTER",
                ),
            ),
        ),
    ]
