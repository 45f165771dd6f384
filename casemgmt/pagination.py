"""Keyset pagination (issue 13) for lists read newest first that grow without bound (a case's
notes, a user's notifications).

A page is "the rows from this key on", not "rows 500 to 525": the database reads the page
through the ordering's index instead of counting every row and skipping those before it, so the
fortieth page costs what the first does and no COUNT runs. The key is the ordering's values of
the page's first row, opaque in the URL; a row's own key opens the list at that row (a note's
address on its case page). Links go to the newest rows and to older ones; there is no "page n
of m", which is what an exact count over a large table would have bought.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet

# The query-string parameter that carries the key.
PARAMETER = "from"


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    # Where the next (older) page starts, or None on the last page.
    next_key: str | None
    # True when the page starts at the newest row.
    is_first: bool

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_key) or not self.is_first


def page_of(queryset: QuerySet, key: str | None, *, size: int) -> KeysetPage:
    """The `size` rows of `queryset` from `key` on (from the newest when the key is missing or
    malformed). The queryset must be ordered by descending fields or annotations (`-name`),
    ending with the primary key, which makes the order total."""
    names = _ordering(queryset)
    values = _parse(queryset, names, key)
    rows = queryset if values is None else queryset.filter(_from(names, values))
    found = list(rows[: size + 1])
    following = key_of(found[size], names) if len(found) > size else None
    return KeysetPage(found[:size], following, values is None)


def key_of(row, names: tuple[str, ...]) -> str:
    """The key that starts a page at `row`, for a list ordered by `names` (descending)."""
    text = json.dumps([_text(getattr(row, name)) for name in names], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _text(value) -> str:
    # The same instant gives the same key whichever time zone it was read in.
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC)
    return str(value)


def _ordering(queryset: QuerySet) -> tuple[str, ...]:
    ordering = queryset.query.order_by
    if not ordering or not all(isinstance(o, str) and o.startswith("-") for o in ordering):
        raise ValueError("Keyset pages need a queryset ordered by descending names only.")
    names = tuple(o[1:] for o in ordering)
    if names[-1] not in ("pk", queryset.model._meta.pk.name):
        raise ValueError("Keyset pages need an ordering that ends with the primary key.")
    return names


def _parse(queryset: QuerySet, names: tuple[str, ...], key: str | None) -> list | None:
    """The key's values, each converted by its field; None for no key or one that does not
    decode (an edited or truncated link opens the newest rows rather than failing)."""
    if not key:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))
        if not isinstance(raw, list) or len(raw) != len(names):
            return None
        pairs = zip(names, raw, strict=True)
        return [_field(queryset, name).to_python(value) for name, value in pairs]
    except (binascii.Error, ValueError, ValidationError, TypeError):
        return None


def _field(queryset: QuerySet, name: str):
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    try:
        return queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return queryset.model._meta.pk


def _from(names: tuple[str, ...], values: list) -> Q:
    """Rows at or after the key in descending order: for some i, the first i-1 names equal the
    key's and the i-th is below it (the last, the primary key, may also equal it)."""
    terms = []
    for i, name in enumerate(names):
        last = i == len(names) - 1
        below = {f"{name}__{'lte' if last else 'lt'}": values[i]}
        terms.append(Q(**dict(zip(names[:i], values[:i], strict=True)), **below))
    return reduce(or_, terms)
