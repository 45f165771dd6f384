"""Workflows that create several rows at once or cross apps."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Team, User

from .models import Client


def next_client_number() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('clients_client_number_seq')")
        (number,) = cursor.fetchone()
    return f"C{number:06d}"


class ProbableDuplicate(Exception):
    """A person like this is on file already, and no reason was given to register another."""


@transaction.atomic
def register_client(*, client: Client, by: User, team: Team, duplicate_reason: str = "") -> Client:
    """Save a new client from intake. While a probable duplicate the user can find is on file,
    registering needs a reason, which is kept (ProbableDuplicate otherwise): for every caller,
    not only the intake form, which shows the duplicates first."""
    duplicate_reason = duplicate_reason.strip()
    duplicates = Client.objects.findable_by(by).probable_duplicates(
        first_name=client.legal_first_name,
        last_name=client.legal_last_name,
        date_of_birth=client.date_of_birth,
    )
    if not duplicate_reason and duplicates.exists():
        raise ProbableDuplicate(
            _("Open the existing record, or say why this is a different person.")
        )
    client.client_number = next_client_number()
    client.registered_by = by
    client.registered_team = team
    client.updated_by = by
    client.duplicate_override_reason = duplicate_reason
    client.save()
    return client
