"""Operations the apps' migrations share."""

import hashlib

from django.db import migrations


def drop_trigger_functions(*uris: str) -> migrations.RunSQL:
    """Drop the functions of triggers removed earlier in the migration, given as pgtrigger's
    "app.Model:trigger" URIs: pgtrigger names a trigger's function after its URI
    (Trigger.get_pgid) and leaves the function behind when it drops the trigger."""
    names = []
    for uri in uris:
        trigger = uri.rsplit(":", 1)[1]
        names.append(f"pgtrigger_{trigger}_{hashlib.sha1(uri.encode()).hexdigest()[:5]}")  # noqa: S324
    return migrations.RunSQL(
        [f"DROP FUNCTION IF EXISTS {name}()" for name in names], migrations.RunSQL.noop
    )
