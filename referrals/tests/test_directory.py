import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from referrals.models import Service

from .directory_factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("referrals:directory")


def names_listed(response) -> set[str]:
    return {service.name for service in response.context["page"].object_list}


def test_anonymous_user_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_directory_lists_services_of_listed_organizations_only(client, caseworker):
    ServiceFactory(name="Weekly food pantry")
    ServiceFactory(name="Closed-down clinic", organization__is_active=False)
    client.force_login(caseworker)

    response = client.get(URL)

    assert response.status_code == 200
    assert names_listed(response) == {"Weekly food pantry"}
    assert "Resource directory" in response.content.decode()


def test_search_matches_the_service_name(client, caseworker):
    ServiceFactory(name="Emergency food boxes")
    ServiceFactory(name="Eviction defense")
    client.force_login(caseworker)

    response = client.get(URL, {"q": "food"})

    assert names_listed(response) == {"Emergency food boxes"}


def test_search_matches_the_organization_name(client, caseworker):
    ServiceFactory(name="Intake", organization__name="Lane Harvest Food Bank")
    ServiceFactory(name="Hot meals", organization__name="St. Vincent's Table")
    client.force_login(caseworker)

    response = client.get(URL, {"q": "harvest"})

    assert names_listed(response) == {"Intake"}


def test_category_filter(client, caseworker):
    ServiceFactory(name="Pantry", category=Service.Category.FOOD)
    ServiceFactory(name="Shelter", category=Service.Category.HOUSING)
    client.force_login(caseworker)

    response = client.get(URL, {"category": Service.Category.HOUSING})

    assert names_listed(response) == {"Shelter"}


def test_language_filter_matches_one_of_the_organizations_languages(client, caseworker):
    ServiceFactory(name="Bilingual clinic", organization__languages="English, Spanish, Somali")
    ServiceFactory(name="English only", organization__languages="English")
    client.force_login(caseworker)

    response = client.get(URL, {"language": "somali"})

    assert names_listed(response) == {"Bilingual clinic"}


def test_payer_filter_matches_one_of_the_organizations_payers(client, caseworker):
    ServiceFactory(name="Takes the VA", organization__payers="Medicare, VA")
    ServiceFactory(name="Medicaid only", organization__payers="Medicaid")
    client.force_login(caseworker)

    response = client.get(URL, {"payer": "va"})

    assert names_listed(response) == {"Takes the VA"}


@pytest.mark.parametrize("area", ["97301", "marion", "97305"])
def test_area_filter_matches_zip_county_or_service_area(client, caseworker, area):
    ServiceFactory(
        name="Salem side",
        organization__zip_code="97301",
        organization__county="Marion County",
        organization__service_area="97301, 97305",
    )
    ServiceFactory(
        name="Eugene side",
        organization__zip_code="97401",
        organization__county="Lane County",
        organization__service_area="Lane County",
    )
    client.force_login(caseworker)

    response = client.get(URL, {"area": area})

    assert names_listed(response) == {"Salem side"}


def test_capacity_filter(client, caseworker):
    ServiceFactory(name="Open", capacity=Service.Capacity.ACCEPTING)
    ServiceFactory(name="Full", capacity=Service.Capacity.WAITLIST)
    client.force_login(caseworker)

    response = client.get(URL, {"capacity": Service.Capacity.WAITLIST})

    assert names_listed(response) == {"Full"}


def test_filters_that_match_nothing_say_so(client, caseworker):
    ServiceFactory(name="Pantry", category=Service.Category.FOOD)
    client.force_login(caseworker)

    response = client.get(URL, {"category": Service.Category.LEGAL})

    assert "No services match these filters" in response.content.decode()


def test_listing_not_verified_for_over_180_days_is_marked_stale(client, caseworker):
    old = timezone.localdate() - datetime.timedelta(days=Service.STALE_AFTER_DAYS + 1)
    ServiceFactory(name="Old listing", verified_on=old)
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Stale</span>" in response.content.decode()


def test_recently_verified_listing_is_not_marked_stale(client, caseworker):
    ServiceFactory(name="Fresh listing", verified_on=timezone.localdate())
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Stale</span>" not in response.content.decode()


def test_no_refer_buttons_without_a_case(client, caseworker):
    ServiceFactory()
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Refer<span" not in response.content.decode()


def test_a_visible_case_gets_a_refer_button_on_each_service(client, caseworker, case_for):
    case = case_for()
    services = ServiceFactory.create_batch(2)
    client.force_login(caseworker)

    response = client.get(URL, {"case": case.pk})

    body = response.content.decode()
    assert case.client.display_name in body
    for service in services:
        refer_url = reverse("referrals:new", args=[case.pk]) + f"?service={service.pk}"
        assert f'href="{refer_url}"' in body


def test_another_teams_case_is_not_found(client, caseworker):
    ServiceFactory()
    elsewhere = CaseFactory()
    client.force_login(caseworker)

    assert client.get(URL, {"case": elsewhere.pk}).status_code == 404


def test_a_case_that_is_not_a_number_is_not_found(client, caseworker):
    client.force_login(caseworker)

    assert client.get(URL, {"case": "abc"}).status_code == 404


def test_pagination_keeps_the_filters(client, caseworker):
    ServiceFactory.create_batch(26, category=Service.Category.FOOD)
    client.force_login(caseworker)

    response = client.get(URL, {"category": Service.Category.FOOD})

    assert "category=food&amp;page=2" in response.content.decode()


def test_query_count_does_not_grow_with_services(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)
    counts = []
    for total in (3, 30):
        # Each service at its own organization: the rows shown grow from 3 to a full page.
        ServiceFactory.create_batch(total - Service.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"case": case.pk})
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
