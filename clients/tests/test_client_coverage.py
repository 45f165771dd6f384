import pytest
from django.urls import reverse

from clients.models import Coverage
from clients.tests.factories import ClientFactory, CoverageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(team):
    return ClientFactory(registered_team=team)


def _coverage(**fields):
    data = {"payer": "medicaid", "rank": 1, "member_id": "M123", "effective_on": "2026-01-01"}
    return data | fields


def test_adding_coverage_files_it_under_the_client(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(reverse("clients:coverage_add", args=[person.pk]), _coverage())

    assert response.url == f"{person.get_absolute_url()}#coverage"
    assert person.coverages.get().member_id == "M123"


def test_coverage_cannot_end_before_it_starts(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:coverage_add", args=[person.pk]), _coverage(ends_on="2025-12-31")
    )

    assert response.context["form"].errors["ends_on"] == [
        "The end date cannot be before the effective date."
    ]
    assert not Coverage.objects.exists()


def test_editing_coverage_can_end_it(client, caseworker, person):
    coverage = CoverageFactory(client=person)
    client.force_login(caseworker)

    client.post(
        reverse("clients:coverage_edit", args=[coverage.pk]),
        _coverage(effective_on="2025-01-01", ends_on="2026-06-30"),
    )

    coverage.refresh_from_db()
    assert str(coverage.ends_on) == "2026-06-30"


def test_coverage_of_another_teams_client_is_not_found(client, outsider, person):
    coverage = CoverageFactory(client=person)
    client.force_login(outsider)

    response = client.get(reverse("clients:coverage_edit", args=[coverage.pk]))

    assert response.status_code == 404
