"""The patient's choice of post-acute provider (42 CFR 482.43(c)): the list of providers that
serve the client's area, accept the payer and have room, printed for the patient; one request
sent to those the patient chose in the order of choice; the answers on the admission page; and
the discharge to the provider that accepted."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discharge import services
from discharge.models import ChoiceOffer, DischargePlan
from referrals.models import Referral
from referrals.tests.referral_factories import covering_consent

from .choice_helpers import lane_stay, offer
from .factories import PostAcuteServiceFactory
from .helpers import tick_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(case_for, caseworker):
    return lane_stay(case_for, caseworker)


def choice_page(client, stay, query=""):
    return client.get(reverse("discharge:choice", args=[stay.pk]) + query).content.decode()


def post_choice(client, stay, ranks: dict, **changes):
    data = {
        "offered_on": timezone.localdate().isoformat(),
        "reason": "Skilled rehabilitation after a hip fracture",
        "urgency": "soon",
        "shared_sections": ["need", "identity"],
    }
    for service, rank in ranks.items():
        data |= {f"send_{service.pk}": "on", f"rank_{service.pk}": str(rank)}
    return client.post(reverse("discharge:choice", args=[stay.pk]) + "?kind=snf", data | changes)


def snf(name, **organization):
    fields = {f"organization__{field}": value for field, value in organization.items()}
    return PostAcuteServiceFactory(organization__name=name, **fields)


def test_the_list_holds_providers_serving_the_clients_county_or_zip_or_everyone(
    client, caseworker, stay
):
    snf("County Care", service_area="Lane County, Marion County")
    snf("Zip Care", service_area="97401, 97402")
    snf("Anywhere Care", service_area="")
    snf("Marion Only Care", service_area="Marion County")
    client.force_login(caseworker)

    page = choice_page(client, stay)

    assert "County Care" in page and "Zip Care" in page and "Anywhere Care" in page
    assert "Marion Only Care" not in page


def test_the_list_leaves_out_providers_that_do_not_accept_the_payer(client, caseworker, stay):
    snf("Medicare Care", payers="Medicaid, Medicare")
    snf("Medicaid Only Care", payers="Medicaid, Self-pay")
    client.force_login(caseworker)

    page = choice_page(client, stay)

    assert "Medicare Care" in page
    assert "Medicaid Only Care" not in page


def test_the_list_leaves_out_providers_without_room_and_says_which_have_a_waitlist(
    client, caseworker, stay
):
    PostAcuteServiceFactory(organization__name="Full Care", capacity="closed")
    PostAcuteServiceFactory(organization__name="Waiting Care", capacity="waitlist")
    client.force_login(caseworker)

    page = choice_page(client, stay)

    assert "Full Care" not in page
    assert "Waiting Care" in page and "Waitlist" in page


def test_the_kind_chosen_lists_only_providers_of_that_kind(client, caseworker, stay):
    snf("Nursing Care")
    PostAcuteServiceFactory(
        organization__name="Evening Hospice", organization__kind="hospice", category="hospice"
    )
    client.force_login(caseworker)

    page = choice_page(client, stay, "?kind=hospice")

    assert "Evening Hospice" in page
    assert "Nursing Care" not in page


def test_the_kind_defaults_to_the_plans_anticipated_disposition(client, caseworker, stay):
    DischargePlan.objects.filter(admission=stay).update(anticipated_disposition="irf")
    PostAcuteServiceFactory(organization__name="Rehab Institute", organization__kind="rehab")
    snf("Nursing Care")
    client.force_login(caseworker)

    page = choice_page(client, stay)

    assert "Rehab Institute" in page
    assert "Nursing Care" not in page


def test_the_star_rating_reads_in_words_and_a_rating_checked_over_a_year_ago_is_flagged(
    client, caseworker, stay
):
    snf("Old Rating Care", star_rating=3, rating_checked_on=timezone.localdate().replace(year=2020))
    client.force_login(caseworker)

    page = choice_page(client, stay)

    assert "★★★☆☆" in page and "3 of 5 stars" in page
    assert "Not checked for a year" in page


def test_the_print_view_has_a_blank_choice_column_and_the_date_without_the_apps_navigation(
    client, caseworker, stay
):
    snf("Printed Care")
    client.force_login(caseworker)

    page = client.get(reverse("discharge:choice_print", args=[stay.pk])).content.decode()

    assert "Printed Care" in page and "Your choice" in page and "rank-box" in page
    assert timezone.localdate().strftime("%B") in page
    assert "@media print" in page and "navbar" not in page


def test_ranks_with_a_gap_are_refused_and_nothing_is_sent(client, caseworker, stay):
    first, third = snf("First Care"), snf("Third Care")
    client.force_login(caseworker)

    response = post_choice(client, stay, {first: 1, third: 3})

    assert response.status_code == 200
    assert "without gaps" in response.content.decode()
    assert not Referral.objects.exists() and not ChoiceOffer.objects.exists()


def test_two_providers_with_the_same_rank_are_refused(client, caseworker, stay):
    one, other = snf("One Care"), snf("Other Care")
    client.force_login(caseworker)

    response = post_choice(client, stay, {one: 1, other: 1})

    assert "a different rank" in response.content.decode()


def test_a_ticked_provider_without_a_rank_is_refused_by_name(client, caseworker, stay):
    service = snf("Unranked Care")
    client.force_login(caseworker)

    response = post_choice(client, stay, {}, **{f"send_{service.pk}": "on"})

    assert "Give the patient&#x27;s rank for Unranked Care." in response.content.decode()


def test_sending_makes_one_batch_in_the_patients_order_and_records_the_offer(
    client, caseworker, stay
):
    created_first, created_second = snf("Second Care"), snf("First Care")
    snf("Unchosen Care")
    for service in created_first, created_second:
        covering_consent(stay.case, service.organization, by=caseworker)
    client.force_login(caseworker)

    response = post_choice(client, stay, {created_second: 1, created_first: 2})

    choice = ChoiceOffer.objects.get()
    ranked = list(choice.batch.referrals.order_by("client_rank"))
    assert response.status_code == 302
    assert [r.organization.name for r in ranked] == ["First Care", "Second Care"]
    assert all(r.status == Referral.Status.SENT for r in ranked)
    assert (choice.kind, choice.providers_listed, choice.offered_by) == ("snf", 3, caseworker)
    assert choice.offered_on == timezone.localdate()


def test_a_provider_no_consent_names_is_held_back_as_a_draft_and_reported(client, caseworker, stay):
    service = snf("Unconsented Care")
    client.force_login(caseworker)

    response = post_choice(client, stay, {service: 1})

    referral = ChoiceOffer.objects.get().batch.referrals.get()
    assert referral.status == Referral.Status.DRAFT
    assert response.url == referral.get_absolute_url()
    message = [str(m) for m in response.wsgi_request._messages]
    assert "Nothing was sent" in message[0] and "Unconsented Care" in message[0]


def test_the_admission_page_shows_each_answer_in_the_order_of_choice(client, caseworker, stay):
    choice, _sent, _held = offer(stay, by=caseworker)
    accepted, declined, _awaiting = choice.batch.referrals.order_by("client_rank")
    accepted.accept(by=caseworker)
    declined.decline(by=caseworker, reason="no_capacity")
    client.force_login(caseworker)

    page = client.get(reverse("discharge:detail", args=[stay.pk])).content.decode()

    assert 'class="table-success"' in page
    assert page.index("Accepted") < page.index("Declined") < page.index("Awaiting an answer")
    assert accepted.get_absolute_url() in page


def test_an_accepted_referral_counts_as_post_acute_provider_accepted(caseworker, stay):
    choice, _sent, _held = offer(stay, by=caseworker)
    choice.batch.referrals.get(client_rank=2).accept(by=caseworker)

    missing = services.discharge_missing(stay)

    assert "Post-acute provider accepted" not in missing


def test_discharging_to_the_accepted_referral_fills_the_transition_and_the_disposition(
    client, caseworker, stay
):
    choice, _sent, _held = offer(stay, by=caseworker)
    accepted = choice.batch.referrals.get(client_rank=2)
    accepted.accept(by=caseworker)
    tick_checklist(stay)
    client.force_login(caseworker)

    response = client.post(
        reverse("discharge:discharge", args=[stay.pk]),
        {
            "receiving_referral": accepted.pk,
            "disposition": "",
            "discharged_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    stay.refresh_from_db()
    assert response.status_code == 302
    assert stay.receiving_referral == accepted and stay.disposition == "snf"
    assert stay.transitions.get().receiving_organization == accepted.organization


def test_a_declined_referral_cannot_be_discharged_to(caseworker, stay):
    choice, _sent, _held = offer(stay, by=caseworker)
    declined = choice.batch.referrals.get(client_rank=1)
    declined.decline(by=caseworker, reason="no_capacity")
    tick_checklist(stay)

    with pytest.raises(ValidationError):
        services.discharge_patient(
            admission=stay, by=caseworker, disposition="snf", receiving_referral=declined
        )


def test_another_stays_accepted_referral_cannot_be_discharged_to(case_for, caseworker, stay):
    other = lane_stay(case_for, caseworker)
    choice, _sent, _held = offer(other, by=caseworker)
    theirs = choice.batch.referrals.get(client_rank=1)
    theirs.accept(by=caseworker)
    tick_checklist(stay)

    with pytest.raises(ValidationError):
        services.discharge_patient(
            admission=stay, by=caseworker, disposition="snf", receiving_referral=theirs
        )


def test_the_discharge_form_offers_only_this_stays_accepted_referrals(client, caseworker, stay):
    choice, _sent, _held = offer(stay, by=caseworker)
    accepted, declined, _awaiting = choice.batch.referrals.order_by("client_rank")
    accepted.accept(by=caseworker)
    declined.decline(by=caseworker, reason="no_capacity")
    client.force_login(caseworker)

    page = client.get(reverse("discharge:discharge", args=[stay.pk])).content.decode()

    assert f'value="{accepted.pk}"' in page and f'value="{declined.pk}"' not in page


def test_the_choice_pages_are_404_for_another_team(client, outsider, stay):
    client.force_login(outsider)

    for name in ("discharge:choice", "discharge:choice_print"):
        assert client.get(reverse(name, args=[stay.pk])).status_code == 404


def test_the_choice_page_costs_the_same_queries_however_many_providers(
    client, caseworker, stay, django_assert_num_queries
):
    client.force_login(caseworker)
    counts = []
    for extra in (2, 8):
        PostAcuteServiceFactory.create_batch(extra)
        with django_assert_num_queries(6) as captured:
            client.get(reverse("discharge:choice", args=[stay.pk]))
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_the_admission_page_costs_the_same_queries_however_many_lists_and_answers(
    client, caseworker, stay
):
    client.force_login(caseworker)
    counts = []
    for _round in range(2):
        choice, _sent, _held = offer(stay, by=caseworker)
        choice.batch.referrals.get(client_rank=1).accept(by=caseworker)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("discharge:detail", args=[stay.pk]))
        counts.append(len(captured))

    assert counts[0] == counts[1]
