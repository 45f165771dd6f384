"""The client page lists the client's hospital stays the user may see, readmissions marked."""

import datetime

import pytest
from django.utils import timezone

from .helpers import admit, discharge

pytestmark = pytest.mark.django_db


def test_the_client_page_marks_a_readmission(client, caseworker, case_for):
    case = case_for()
    first = admit(case, by=caseworker, admitted_at=timezone.now() - datetime.timedelta(days=25))
    discharge(first, by=caseworker, discharged_at=timezone.now() - datetime.timedelta(days=19))
    again = admit(case_for(client=case.client), by=caseworker)
    client.force_login(caseworker)

    response = client.get(case.client.get_absolute_url())

    html = response.content.decode()
    assert again.get_absolute_url() in html and first.get_absolute_url() in html
    assert "30-day readmission" in html


def test_a_stay_on_another_teams_case_is_not_listed(
    client, caseworker, outsider, other_team, case_for
):
    case = case_for()
    theirs = admit(
        case_for(client=case.client, team=other_team, primary_case_manager=outsider), by=outsider
    )
    client.force_login(caseworker)

    response = client.get(case.client.get_absolute_url())

    assert theirs.get_absolute_url() not in response.content.decode()
