"""Client search by the sound of a first name has its own index (ClientQuerySet.search)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_manager_loads_scope"),
        ("clients", "0010_cases_moved_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["first_name_sound"], name="client_first_name_sound"),
        ),
    ]
