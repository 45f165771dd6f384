import pytest
from django.utils import timezone

import accounts.demo
import cases.demo
import clients.demo
import referrals.demo
from referrals.demo import seed_resources
from referrals.models import Organization, Referral, Service

pytestmark = pytest.mark.django_db


def test_seed_resources_fills_the_directory():
    created = seed_resources()

    assert created == Service.objects.count() >= 95
    assert 50 <= Organization.objects.count() <= 60


def test_every_kind_and_category_is_represented():
    seed_resources()

    kinds = set(Organization.objects.values_list("kind", flat=True))
    categories = set(Service.objects.values_list("category", flat=True))
    assert kinds == set(Organization.Kind.values)
    assert categories == set(Service.Category.values)


def test_some_listings_are_stale_and_capacities_are_mixed():
    seed_resources()

    services = list(Service.objects.all())
    stale = sum(service.is_stale for service in services)
    assert 0.05 * len(services) <= stale <= 0.15 * len(services)
    assert {s.capacity for s in services} == set(Service.Capacity.values)
    assert Organization.objects.filter(kind=Organization.Kind.FOOD_BANK).count() >= 6


def test_demo_organizations_pass_model_validation():
    seed_resources()

    for organization in Organization.objects.all():
        organization.full_clean()
    for service in Service.objects.all():
        service.full_clean()


def test_running_it_twice_creates_nothing_new():
    seed_resources()
    services, organizations = Service.objects.count(), Organization.objects.count()

    assert seed_resources() == 0
    assert Service.objects.count() == services
    assert Organization.objects.count() == organizations


def test_seeding_makes_referrals_in_several_states_one_of_them_overdue():
    for part in (accounts.demo, clients.demo, cases.demo):
        part.seed()

    referrals.demo.seed()

    assert {"draft", "sent", "scheduled", "completed"} <= set(
        Referral.objects.values_list("status", flat=True)
    )
    assert Referral.objects.filter(respond_by__lt=timezone.now(), status="sent").exists()
