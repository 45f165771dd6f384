"""Cases take over the case models from clients, tables and rows as they are (state only), with
their triggers installed under their new names (clients 0009 dropped the old ones), and the
models' content types follow them. 0002 renames the tables."""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

MOVED = ["case", "careteammember", "caseevent", "casenote", "emergencyaccess"] + [
    f"{model}history" for model in ["case", "careteammember", "casenote", "emergencyaccess"]
]


def move_content_types(apps, schema_editor, source="clients", target="cases"):
    """Rows pointing at a content type (a reminder's subject, admin log entries) keep pointing at
    the same model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=source, model__in=MOVED
    ).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="cases", target="clients")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_program_plan_review_days"),
        ("clients", "0009_release_case_triggers"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pghistory", "0007_auto_20250421_0444"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CareTeamMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                blank=True,
                                help_text="e.g. therapist, peer specialist",
                                max_length=80,
                            ),
                        ),
                        (
                            "added_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_careteammember",
                    },
                ),
                migrations.CreateModel(
                    name="Case",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        (
                            "updated_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("referred", "Referred"),
                                    ("intake", "Intake"),
                                    ("active", "Active"),
                                    ("on_hold", "On hold"),
                                    ("closed", "Closed"),
                                ],
                                default="intake",
                                editable=False,
                                max_length=10,
                            ),
                        ),
                        (
                            "acuity",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Low"),
                                    (2, "Moderate"),
                                    (3, "High"),
                                    (4, "Intensive"),
                                ],
                                default=2,
                            ),
                        ),
                        (
                            "restricted",
                            models.BooleanField(
                                default=False,
                                help_text="Substance use, HIV, abuse or psychotherapy material: visible only to the primary case manager, the care team and the team's supervisors.",
                            ),
                        ),
                        ("referral_source", models.CharField(blank=True, max_length=160)),
                        ("presenting_need", models.TextField(blank=True)),
                        ("opened_on", models.DateField(default=django.utils.timezone.localdate)),
                        ("closed_on", models.DateField(blank=True, editable=False, null=True)),
                        (
                            "closure_reason",
                            models.CharField(
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
                                editable=False,
                                max_length=20,
                            ),
                        ),
                        (
                            "assessment_due_on",
                            models.DateField(
                                blank=True,
                                editable=False,
                                help_text="The program's window after opening, then its interval after each assessment.",
                                null=True,
                                verbose_name="assessment due",
                            ),
                        ),
                        (
                            "last_contact_at",
                            models.DateTimeField(
                                blank=True,
                                editable=False,
                                help_text="When the latest note of client contact says it happened (addenda aside).",
                                null=True,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "care_team",
                            models.ManyToManyField(
                                blank=True,
                                related_name="care_team_cases",
                                through="cases.CareTeamMember",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cases",
                                to="clients.client",
                            ),
                        ),
                        (
                            "primary_case_manager",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="primary_cases",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "program",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cases",
                                to="accounts.program",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cases",
                                to="accounts.team",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_case",
                        "ordering": ["-opened_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CareTeamMemberHistory",
                    fields=[
                        ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                        ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                        ("pgh_label", models.TextField(help_text="The event label.")),
                        ("id", models.BigIntegerField()),
                        (
                            "role",
                            models.CharField(
                                blank=True,
                                help_text="e.g. therapist, peer specialist",
                                max_length=80,
                            ),
                        ),
                        (
                            "added_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "pgh_context",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="pghistory.context",
                            ),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="history",
                                to="cases.careteammember",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_careteammemberhistory",
                        "abstract": False,
                    },
                ),
                migrations.AddField(
                    model_name="careteammember",
                    name="case",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="care_team_members",
                        to="cases.case",
                    ),
                ),
                migrations.CreateModel(
                    name="CaseEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("opened", "Opened"), ("status", "Status changed")],
                                max_length=10,
                            ),
                        ),
                        (
                            "from_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("referred", "Referred"),
                                    ("intake", "Intake"),
                                    ("active", "Active"),
                                    ("on_hold", "On hold"),
                                    ("closed", "Closed"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("referred", "Referred"),
                                    ("intake", "Intake"),
                                    ("active", "Active"),
                                    ("on_hold", "On hold"),
                                    ("closed", "Closed"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="events",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_caseevent",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CaseHistory",
                    fields=[
                        ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                        ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                        ("pgh_label", models.TextField(help_text="The event label.")),
                        ("id", models.BigIntegerField()),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        (
                            "updated_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("referred", "Referred"),
                                    ("intake", "Intake"),
                                    ("active", "Active"),
                                    ("on_hold", "On hold"),
                                    ("closed", "Closed"),
                                ],
                                default="intake",
                                editable=False,
                                max_length=10,
                            ),
                        ),
                        (
                            "acuity",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "Low"),
                                    (2, "Moderate"),
                                    (3, "High"),
                                    (4, "Intensive"),
                                ],
                                default=2,
                            ),
                        ),
                        (
                            "restricted",
                            models.BooleanField(
                                default=False,
                                help_text="Substance use, HIV, abuse or psychotherapy material: visible only to the primary case manager, the care team and the team's supervisors.",
                            ),
                        ),
                        ("referral_source", models.CharField(blank=True, max_length=160)),
                        ("presenting_need", models.TextField(blank=True)),
                        ("opened_on", models.DateField(default=django.utils.timezone.localdate)),
                        ("closed_on", models.DateField(blank=True, editable=False, null=True)),
                        (
                            "closure_reason",
                            models.CharField(
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
                                editable=False,
                                max_length=20,
                            ),
                        ),
                        (
                            "assessment_due_on",
                            models.DateField(
                                blank=True,
                                editable=False,
                                help_text="The program's window after opening, then its interval after each assessment.",
                                null=True,
                                verbose_name="assessment due",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="clients.client",
                            ),
                        ),
                        (
                            "pgh_context",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="pghistory.context",
                            ),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="history",
                                to="cases.case",
                            ),
                        ),
                        (
                            "primary_case_manager",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "program",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="accounts.program",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="accounts.team",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_casehistory",
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="CaseNote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "contact_type",
                            models.CharField(
                                choices=[
                                    ("phone", "Phone call"),
                                    ("office", "Office visit"),
                                    ("home", "Home visit"),
                                    ("collateral", "Collateral contact"),
                                    ("message", "Email / message"),
                                    ("supervision", "Supervision"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "occurred_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="date and time"
                            ),
                        ),
                        (
                            "duration_minutes",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="duration (minutes)"
                            ),
                        ),
                        ("narrative", models.TextField()),
                        (
                            "restricted",
                            models.BooleanField(
                                default=False,
                                help_text="Psychotherapy, substance-use, HIV or abuse content: visible only to the primary case manager, the care team and the team's supervisors.",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("signed", "Signed")],
                                default="draft",
                                editable=False,
                                max_length=6,
                            ),
                        ),
                        ("signed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "addendum_to",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="addenda",
                                to="cases.casenote",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="notes",
                                to="cases.case",
                            ),
                        ),
                        (
                            "signed_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_casenote",
                        "ordering": ["-occurred_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CaseNoteHistory",
                    fields=[
                        ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                        ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                        ("pgh_label", models.TextField(help_text="The event label.")),
                        ("id", models.BigIntegerField()),
                        (
                            "contact_type",
                            models.CharField(
                                choices=[
                                    ("phone", "Phone call"),
                                    ("office", "Office visit"),
                                    ("home", "Home visit"),
                                    ("collateral", "Collateral contact"),
                                    ("message", "Email / message"),
                                    ("supervision", "Supervision"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "occurred_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="date and time"
                            ),
                        ),
                        (
                            "duration_minutes",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="duration (minutes)"
                            ),
                        ),
                        ("narrative", models.TextField()),
                        (
                            "restricted",
                            models.BooleanField(
                                default=False,
                                help_text="Psychotherapy, substance-use, HIV or abuse content: visible only to the primary case manager, the care team and the team's supervisors.",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("signed", "Signed")],
                                default="draft",
                                editable=False,
                                max_length=6,
                            ),
                        ),
                        ("signed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "addendum_to",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="cases.casenote",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="cases.case",
                            ),
                        ),
                        (
                            "pgh_context",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="pghistory.context",
                            ),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="history",
                                to="cases.casenote",
                            ),
                        ),
                        (
                            "signed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_casenotehistory",
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="EmergencyAccess",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("reason", models.TextField()),
                        ("granted_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="emergency_accesses",
                                to="cases.case",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "emergency accesses",
                        "db_table": "clients_emergencyaccess",
                        "ordering": ["-granted_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="EmergencyAccessHistory",
                    fields=[
                        ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                        ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                        ("pgh_label", models.TextField(help_text="The event label.")),
                        ("id", models.BigIntegerField()),
                        ("reason", models.TextField()),
                        ("granted_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        (
                            "case",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to="cases.case",
                            ),
                        ),
                        (
                            "pgh_context",
                            models.ForeignKey(
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="pghistory.context",
                            ),
                        ),
                        (
                            "pgh_obj",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="history",
                                to="cases.emergencyaccess",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                related_query_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_emergencyaccesshistory",
                        "abstract": False,
                    },
                ),
                migrations.AddIndex(
                    model_name="case",
                    index=models.Index(
                        condition=models.Q(("status", "closed"), _negated=True),
                        fields=["primary_case_manager", "status"],
                        name="case_open_by_manager",
                    ),
                ),
                migrations.AddIndex(
                    model_name="case",
                    index=models.Index(fields=["team", "status"], name="case_team_status"),
                ),
                migrations.AddIndex(
                    model_name="case",
                    index=models.Index(
                        condition=models.Q(("status", "closed"), _negated=True),
                        fields=["assessment_due_on"],
                        name="case_open_assessment_due",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="case",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("closed_on__isnull", False), ("status", "closed")),
                            models.Q(
                                models.Q(("status", "closed"), _negated=True),
                                ("closed_on__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="case_closed_on_iff_closed",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="case",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("closed_on__isnull", True),
                            ("closed_on__gte", models.F("opened_on")),
                            _connector="OR",
                        ),
                        name="case_closes_after_opening",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="careteammember",
                    constraint=models.UniqueConstraint(
                        fields=("case", "user"), name="careteam_unique_member"
                    ),
                ),
                migrations.AddIndex(
                    model_name="casenote",
                    index=models.Index(
                        fields=["case", "-occurred_at"], name="casenote_case_timeline"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="casenote",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("duration_minutes__isnull", True),
                            ("duration_minutes__lte", 1440),
                            _connector="OR",
                        ),
                        name="casenote_duration_at_most_a_day",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="casenote",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("signed_at__isnull", True), ("status", "draft")),
                            models.Q(("signed_at__isnull", False), ("status", "signed")),
                            _connector="OR",
                        ),
                        name="casenote_signed_at_iff_signed",
                    ),
                ),
                migrations.AddIndex(
                    model_name="emergencyaccess",
                    index=models.Index(
                        fields=["user", "expires_at"], name="emergency_user_expires"
                    ),
                ),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="case_no_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;",
                    hash="c04a3be4c0ee3ff68a1faaf10b031cd80d77f063",
                    operation="DELETE",
                    pgid="pgtrigger_case_no_delete_6c190",
                    table="clients_case",
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
                    hash="902e40681fdda20ebc0839748a8663e4cd5c1f65",
                    operation='UPDATE OF "last_contact_at"',
                    pgid="pgtrigger_case_last_contact_from_notes_0bad3",
                    table="clients_case",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clients_casehistory" ("acuity", "assessment_due_on", "client_id", "closed_on", "closure_reason", "created_at", "id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presenting_need", "primary_case_manager_id", "program_id", "referral_source", "restricted", "status", "team_id", "updated_at", "updated_by_id", "version") VALUES (NEW."acuity", NEW."assessment_due_on", NEW."client_id", NEW."closed_on", NEW."closure_reason", NEW."created_at", NEW."id", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."presenting_need", NEW."primary_case_manager_id", NEW."program_id", NEW."referral_source", NEW."restricted", NEW."status", NEW."team_id", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="f0b90ac5838c6bc7bdbe083724371fbf4ed5fbb6",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0b483",
                    table="clients_case",
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
                    func='INSERT INTO "clients_casehistory" ("acuity", "assessment_due_on", "client_id", "closed_on", "closure_reason", "created_at", "id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "presenting_need", "primary_case_manager_id", "program_id", "referral_source", "restricted", "status", "team_id", "updated_at", "updated_by_id", "version") VALUES (NEW."acuity", NEW."assessment_due_on", NEW."client_id", NEW."closed_on", NEW."closure_reason", NEW."created_at", NEW."id", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."presenting_need", NEW."primary_case_manager_id", NEW."program_id", NEW."referral_source", NEW."restricted", NEW."status", NEW."team_id", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="2528342c76b6d2f910b5ebed593624babbfa07b7",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f5146",
                    table="clients_case",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="careteammember",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clients_careteammemberhistory" ("added_at", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id") VALUES (NEW."added_at", NEW."case_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."role", NEW."user_id"); RETURN NULL;',
                    hash="849abfe2e7b31dc4bac9d6ca1150c8a046691998",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bbe11",
                    table="clients_careteammember",
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
                    func='INSERT INTO "clients_careteammemberhistory" ("added_at", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id") VALUES (NEW."added_at", NEW."case_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."role", NEW."user_id"); RETURN NULL;',
                    hash="a5f101d9c5923ad35d5056dc8e1ca7699926e443",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_45d3e",
                    table="clients_careteammember",
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
                    hash="0eac299e2858c956927f812b2d7bdf38e6ecb1dc",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_caseevent_append_only_c15c2",
                    table="clients_caseevent",
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
                    hash="3b9bd9773bf1b53f0e97905f4a4a578183ed7510",
                    operation="UPDATE",
                    pgid="pgtrigger_casenote_signed_immutable_4ea55",
                    table="clients_casenote",
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
                    hash="e0a9390a551d88bfa03bb51feab969dc640e3b54",
                    operation="DELETE",
                    pgid="pgtrigger_casenote_no_delete_f879c",
                    table="clients_casenote",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="casenote",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clients_casenotehistory" ("addendum_to_id", "author_id", "case_id", "contact_type", "created_at", "duration_minutes", "id", "narrative", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "restricted", "signed_at", "signed_by_id", "status") VALUES (NEW."addendum_to_id", NEW."author_id", NEW."case_id", NEW."contact_type", NEW."created_at", NEW."duration_minutes", NEW."id", NEW."narrative", NEW."occurred_at", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."restricted", NEW."signed_at", NEW."signed_by_id", NEW."status"); RETURN NULL;',
                    hash="4bbcac100b324dde4c61f68ddc7167ff8e452d86",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0c4c5",
                    table="clients_casenote",
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
                    func='INSERT INTO "clients_casenotehistory" ("addendum_to_id", "author_id", "case_id", "contact_type", "created_at", "duration_minutes", "id", "narrative", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "restricted", "signed_at", "signed_by_id", "status") VALUES (NEW."addendum_to_id", NEW."author_id", NEW."case_id", NEW."contact_type", NEW."created_at", NEW."duration_minutes", NEW."id", NEW."narrative", NEW."occurred_at", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."restricted", NEW."signed_at", NEW."signed_by_id", NEW."status"); RETURN NULL;',
                    hash="d4745f83635888ed0f6f5ecec267dd2cb2b26b89",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f902d",
                    table="clients_casenote",
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
                    func="\n            -- Django's save() names every column, changed or not.\n            IF TG_OP = 'UPDATE' AND (OLD.case_id, OLD.occurred_at, OLD.contact_type,\n                OLD.addendum_to_id) IS NOT DISTINCT FROM (NEW.case_id, NEW.occurred_at,\n                NEW.contact_type, NEW.addendum_to_id) THEN\n                RETURN NULL;\n            END IF;\n            -- A note moved to another case changes both (ordered, so two moves cannot deadlock).\n            FOR touched IN\n                SELECT DISTINCT id FROM unnest(ARRAY[OLD.case_id, NEW.case_id]) AS id\n                WHERE id IS NOT NULL ORDER BY id\n            LOOP\n                -- Wait until a concurrent transaction writing this case's notes commits: the\n                -- UPDATE's fresh snapshot then sees its note, so neither max misses the other's.\n                -- NO KEY UPDATE, as the UPDATE itself takes: the inserts' foreign-key checks\n                -- (KEY SHARE) on the case do not block it, so two note writers cannot deadlock.\n                PERFORM FROM clients_case WHERE id = touched FOR NO KEY UPDATE;\n                UPDATE clients_case SET last_contact_at = latest.occurred_at\n                FROM (\n                    SELECT max(occurred_at) AS occurred_at FROM clients_casenote\n                    WHERE case_id = touched AND addendum_to_id IS NULL\n                        AND contact_type IN ('phone', 'office', 'home', 'message')\n                ) AS latest\n                WHERE id = touched AND last_contact_at IS DISTINCT FROM latest.occurred_at;\n            END LOOP;\n            RETURN NULL;\n        ",
                    hash="3380a550ad9965f6f1caf677f13d9c891143c8ff",
                    operation='INSERT OR UPDATE OF "case_id", "occurred_at", "contact_type", "addendum_to_id" OR DELETE',
                    pgid="pgtrigger_casenote_last_contact_d2c9b",
                    table="clients_casenote",
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
                    hash="e5c1b62c4723d8fe69ae9774757bc53570f53202",
                    operation="DELETE",
                    pgid="pgtrigger_emergencyaccess_no_delete_71160",
                    table="clients_emergencyaccess",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="emergencyaccess",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clients_emergencyaccesshistory" ("case_id", "expires_at", "granted_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "user_id") VALUES (NEW."case_id", NEW."expires_at", NEW."granted_at", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reason", NEW."user_id"); RETURN NULL;',
                    hash="4ff7a60d7ddf857337717ec9d03e1ee886f44986",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bf085",
                    table="clients_emergencyaccess",
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
                    func='INSERT INTO "clients_emergencyaccesshistory" ("case_id", "expires_at", "granted_at", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "user_id") VALUES (NEW."case_id", NEW."expires_at", NEW."granted_at", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reason", NEW."user_id"); RETURN NULL;',
                    hash="cb88a6c435cf8bd73932de0da54f9701efbe47b8",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_73d3e",
                    table="clients_emergencyaccess",
                    when="AFTER",
                ),
            ),
        ),
    ]
