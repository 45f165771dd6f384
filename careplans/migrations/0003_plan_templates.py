"""Two plan templates to start from; admins edit them and add their own."""

from django.db import migrations

TEMPLATES = [
    (
        "Housing stabilization",
        "For a person who is homeless, at risk of eviction or in unsafe housing.",
        [
            (
                "housing",
                "I want a safe place of my own that I can afford.",
                "Signed lease or housing placement, with rent at or below 40% of income.",
                90,
                "Complete the housing application and collect ID, income proof and references\n"
                "Apply for a housing voucher or rapid re-housing program\n"
                "Attend housing viewings with the client",
                14,
            ),
            (
                "income",
                "I want enough money each month to pay rent and bills.",
                "Monthly income covers rent and utilities for three months in a row.",
                90,
                "Screen for SNAP, SSI/SSDI and utility assistance\nBuild a monthly budget together",
                21,
            ),
        ],
    ),
    (
        "CHF discharge",
        "Going home from hospital after heart failure: avoid a readmission in the first 30 days.",
        [
            (
                "physical_health",
                "I want to stay out of the hospital and feel able to breathe.",
                "No heart-failure readmission within 30 days; daily weights logged.",
                30,
                "Follow-up call within 72 hours of discharge\n"
                "Book the cardiology visit within 7 days\n"
                "Teach daily weights and when to call (gain of 2-3 lb in a day, 5 lb in a week)\n"
                "Reconcile medications with the pharmacist",
                7,
            ),
            (
                "mobility_transportation",
                "I need a ride to my appointments.",
                "Transport booked for every follow-up appointment in the first 30 days.",
                30,
                "Arrange Medicaid transportation or a volunteer driver",
                3,
            ),
        ],
    ),
]


def ship(apps, schema_editor):
    PlanTemplate = apps.get_model("careplans", "PlanTemplate")
    TemplateGoal = apps.get_model("careplans", "TemplateGoal")
    Domain = apps.get_model("assessments", "Domain")
    for name, description, goals in TEMPLATES:
        template, created = PlanTemplate.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if not created:
            continue
        for order, (domain, statement, target, days, tasks, task_days) in enumerate(goals, 1):
            TemplateGoal.objects.create(
                template=template,
                order=order,
                domain=Domain.objects.get(code=domain),
                statement=statement,
                target=target,
                target_days=days,
                tasks=tasks,
                task_days=task_days,
            )


class Migration(migrations.Migration):
    dependencies = [("careplans", "0002_care_plans"), ("assessments", "0002_ship_instruments")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
