import pytest
import time_machine

from reminders.tests.kinds import NOW


@pytest.fixture
def frozen():
    """The clock stopped at the reminder tests' Wednesday morning (reminders.tests.kinds)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
