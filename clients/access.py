"""Access helpers of the client pages: the object if the user may see it (Client.objects.
visible_to and what hangs off a client), 404 otherwise (never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Client, ClientFlag, Consent, Contact, Coverage


def get_client_for_user(user, pk, *, for_page: bool = False) -> Client:
    """The client if the user may see them; `for_page` prefetches what the client page shows."""
    clients = Client.objects.visible_to(user)
    if for_page:
        clients = clients.for_detail()
    return get_object_or_404(clients, pk=pk)


def get_contact_for_user(user, pk) -> Contact:
    return get_object_or_404(Contact.objects.visible_to(user).select_related("client"), pk=pk)


def get_coverage_for_user(user, pk) -> Coverage:
    return get_object_or_404(Coverage.objects.visible_to(user).select_related("client"), pk=pk)


def get_consent_for_user(user, pk) -> Consent:
    return get_object_or_404(Consent.objects.visible_to(user).select_related("client"), pk=pk)


def get_flag_for_user(user, pk) -> ClientFlag:
    return get_object_or_404(ClientFlag.objects.visible_to(user).select_related("client"), pk=pk)
