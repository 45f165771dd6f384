"""What the parts of the demo data share: the fixed seed.

Each app gives its own part of the demo data in its `demo.py`: a `seed()` that creates what is
missing of it and returns a phrase for the summary line (or None). `manage.py seed_demo` (the
demo app) runs the parts lowest app first; a part finds what the parts below it made through
their modules (accounts.demo.teams(), clients.demo.clients_by_team()), never the other way.

A part that draws random numbers draws them from its own generator, so the data is the same on
every run, and a change to one part's draws leaves the data of the others as it was.
"""

import random

SEED = 2026


def rng(part: str) -> random.Random:
    """The part's own repeatable random numbers (a str seed is hashed the same in every process)."""
    return random.Random(f"{SEED}:{part}")  # noqa: S311 - repeatable, not secret
