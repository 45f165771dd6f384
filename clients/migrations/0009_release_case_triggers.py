"""Cases move to their own app (cases/): first drop the database triggers of the moving models.

pgtrigger names each trigger after its app and model, so under cases/ they get new names;
cases 0001 installs them again on the same tables, and 0002 moves the tables to cases_*. Nothing
is written in between, inside the one migrate run.
"""

import pgtrigger.migrations
from django.db import migrations

from casemgmt.migration_ops import drop_trigger_functions

MOVING = {
    "case": ["case_no_delete", "case_last_contact_from_notes", "insert_insert", "update_update"],
    "careteammember": ["insert_insert", "update_update"],
    "caseevent": ["caseevent_append_only"],
    "casenote": [
        "casenote_signed_immutable",
        "casenote_no_delete",
        "insert_insert",
        "update_update",
        "casenote_last_contact",
    ],
    "emergencyaccess": ["emergencyaccess_no_delete", "insert_insert", "update_update"],
}

MODEL_NAMES = {
    "case": "Case",
    "careteammember": "CareTeamMember",
    "caseevent": "CaseEvent",
    "casenote": "CaseNote",
    "emergencyaccess": "EmergencyAccess",
}


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_case_last_contact_at"),
    ]

    operations = [
        *(
            pgtrigger.migrations.RemoveTrigger(model_name=model, name=name)
            for model, names in MOVING.items()
            for name in names
        ),
        drop_trigger_functions(
            *(
                f"clients.{MODEL_NAMES[model]}:{name}"
                for model, names in MOVING.items()
                for name in names
            )
        ),
    ]
