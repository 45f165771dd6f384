"""Record history for client data (DESIGN.md §4), one convention for every app.

pghistory would name a tracked model's history `<Model>Event` with `related_name="events"`, which
collides with domain event tables such as `CaseEvent`. Here history is `<Model>History`, reached
as `obj.history`; the request middleware attaches the acting user and URL to each row.
"""

import pghistory


def track(model=None, *, exclude: list[str] | None = None):
    """Class decorator, bare (`@history.track`) or with `exclude`: fields the database derives
    from other tables, which are neither snapshot nor make an update a change worth a row."""
    if model is None:
        return lambda model: track(model, exclude=exclude)
    return pghistory.track(
        model_name=f"{model.__name__}History",
        obj_field=pghistory.ObjForeignKey(related_name="history"),
        exclude=exclude,
    )(model)
