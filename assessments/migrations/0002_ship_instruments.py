from django.db import migrations

from assessments.instruments import load_shipped


def ship(apps, schema_editor):
    load_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
