"""The directory filtered by a case's identified needs: "Find a service" on the case opens it with
the domains of the case's open needs as a filter, shown on the page and removable one by one or
all at once, so the user can widen the search."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Domain, IdentifiedNeed
from assessments.tests.factories import complete, matrix, phq9
from referrals.models import Service

from .directory_factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("referrals:directory")
Category = Service.Category


def names_listed(response) -> set[str]:
    return {service.name for service in response.context["page"].object_list}


def find_a_service(response) -> str:
    found = re.search(r'href="([^"]+)"[^>]*>(?:<[^>]+>\s*)*Find a service<', response.text)
    assert found, "the case page has no 'Find a service' link"
    return html.unescape(found.group(1))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def services():
    return {
        "Shelter beds": ServiceFactory(name="Shelter beds", category=Category.HOUSING),
        "Food boxes": ServiceFactory(name="Food boxes", category=Category.FOOD),
        "Tenant clinic": ServiceFactory(name="Tenant clinic", category=Category.LEGAL),
    }


# ---------------------------------------------------------------------------------------------
# The need filter


def test_filtering_by_a_need_lists_the_services_meeting_it(client, caseworker, services):
    client.force_login(caseworker)

    response = client.get(URL, {"need": "housing"})

    assert names_listed(response) == {"Shelter beds"}


def test_filtering_by_several_needs_lists_the_services_meeting_any_of_them(
    client, caseworker, services
):
    client.force_login(caseworker)

    response = client.get(URL, {"need": ["housing", "food"]})

    assert names_listed(response) == {"Shelter beds", "Food boxes"}


def test_a_need_filter_combines_with_the_other_filters(client, caseworker, services):
    ServiceFactory(name="Spanish pantry", category=Category.FOOD, organization__languages="Spanish")
    client.force_login(caseworker)

    response = client.get(URL, {"need": ["housing", "food"], "language": "spanish"})

    assert names_listed(response) == {"Spanish pantry"}


def test_an_unknown_need_is_ignored(client, caseworker, services):
    client.force_login(caseworker)

    response = client.get(URL, {"need": "no-such-domain"})

    assert response.status_code == 200
    assert names_listed(response) == set(services)


def test_every_shipped_life_domain_is_met_by_some_category():
    assert set(Domain.objects.values_list("code", flat=True)) <= set(Service.NEED_CATEGORIES)
    assert {c for cs in Service.NEED_CATEGORIES.values() for c in cs} <= set(Category.values)


# ---------------------------------------------------------------------------------------------
# Shown and removable


def test_the_needs_filtered_by_are_shown_by_name(client, caseworker, services):
    client.force_login(caseworker)

    response = client.get(URL, {"need": ["housing", "food"]})

    shown = response.context["needs"]
    assert [domain.name for domain, _ in shown] == ["Housing", "Food"]
    assert 'role="group" aria-label="Need filters"' in response.text


def test_each_need_shown_links_to_the_same_search_without_it(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.get(URL, {"case": case.pk, "need": ["housing", "food"], "page": 2})

    housing, food = (url for _, url in response.context["needs"])
    assert query_of(housing) == {"case": [str(case.pk)], "need": ["food"]}
    assert query_of(food) == {"case": [str(case.pk)], "need": ["housing"]}
    assert f'href="{html.escape(housing)}"' in response.text


def test_the_needs_can_all_be_removed_at_once_keeping_the_case_and_other_filters(
    client, caseworker, case_for
):
    case = case_for()
    client.force_login(caseworker)

    response = client.get(URL, {"case": case.pk, "need": ["housing", "food"], "payer": "VA"})

    found = re.search(r'href="([^"]+)">Show services for any need<', response.text)
    assert query_of(html.unescape(found.group(1))) == {"case": [str(case.pk)], "payer": ["VA"]}


def test_filtering_again_keeps_the_needs(client, caseworker, services):
    client.force_login(caseworker)

    response = client.get(URL, {"need": ["housing", "food"]})

    assert '<input type="hidden" name="need" value="housing"' in response.text
    assert '<input type="hidden" name="need" value="food"' in response.text


def test_without_a_need_filter_nothing_says_the_search_is_narrowed(client, caseworker, services):
    client.force_login(caseworker)

    response = client.get(URL)

    assert response.context["needs"] == []
    assert "Need filters" not in response.text


def test_the_need_filtered_directory_costs_the_same_queries_however_many_services(
    client, caseworker, case_for
):
    case = case_for()
    client.force_login(caseworker)
    counts = []
    for total in (3, 30):
        ServiceFactory.create_batch(total - Service.objects.count(), category=Category.HOUSING)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"case": case.pk, "need": ["housing", "food"]})
        counts.append(len(queries))

    assert counts[0] == counts[1]


# ---------------------------------------------------------------------------------------------
# From the case


def test_find_a_service_on_the_case_filters_by_the_cases_open_needs(client, caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1, food=2))
    client.force_login(caseworker)

    link = find_a_service(client.get(case.get_absolute_url()))

    assert urlsplit(link).path == URL
    assert query_of(link) == {"case": [str(case.pk)], "need": ["housing", "food"]}


def test_a_need_no_longer_open_is_not_filtered_by(client, caseworker, case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1, food=2))
    IdentifiedNeed.objects.filter(case=case, domain__code="food").update(status="resolved")
    client.force_login(caseworker)

    link = find_a_service(client.get(case.get_absolute_url()))

    assert query_of(link)["need"] == ["housing"]


def test_a_need_of_a_restricted_assessment_the_user_cannot_see_is_not_filtered_by(
    client, caseworker, teammate, case_for
):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1))
    complete(case, "phq-9", phq9(2, 2, 2, 2, 2, 0, 0, 0, 0), restricted=True)
    client.force_login(teammate)

    link = find_a_service(client.get(case.get_absolute_url()))

    assert query_of(link)["need"] == ["housing"]


def test_a_case_without_needs_opens_the_whole_directory(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    link = find_a_service(client.get(case.get_absolute_url()))

    assert query_of(link) == {"case": [str(case.pk)]}


def test_find_a_service_on_the_new_referral_page_filters_by_the_cases_open_needs(
    client, caseworker, case_for
):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1))
    client.force_login(caseworker)

    response = client.get(reverse("referrals:new", args=[case.pk]))

    found = re.search(
        r'href="([^"]+)"[^>]*>(?:<[^>]+>\s*)*Find a service in the directory<', response.text
    )
    assert query_of(html.unescape(found.group(1))) == {"case": [str(case.pk)], "need": ["housing"]}


def test_the_case_page_costs_the_same_queries_however_many_needs(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)
    counts = []
    for ratings in ({"housing": 1}, {"housing": 1, "food": 1, "legal": 2, "income": 1}):
        complete(case, "life-domains", matrix(3, **ratings))
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
        counts.append(len(queries))

    assert counts[0] == counts[1]
