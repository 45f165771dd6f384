"""What gives clients to teams, beyond the team that registered them (DESIGN.md §3).

A client is seen through the team that registered them while they have no case, and otherwise
through their cases. Cases sit above clients (imports run cases → clients, never back), so the
cases app hands its model over at start-up (`CasesConfig.ready`) and the client rules ask it
through the queryset methods a holder of clients has: `visible_to(user)`, `open()` and
`open_to_emergency_access_by(user)`.
"""

from django.core.exceptions import ImproperlyConfigured

_holder = None


def register_holder(model) -> None:
    """Called once, by the app whose rows give clients to teams (cases.Case)."""
    global _holder
    if _holder is not None and _holder is not model:
        raise ImproperlyConfigured(f"Clients are held by {_holder} already, not {model}.")
    _holder = model


def holders():
    """The holder's manager (cases.Case.objects); see register_holder."""
    if _holder is None:
        raise ImproperlyConfigured("No app has registered what holds clients (the cases app).")
    return _holder.objects
