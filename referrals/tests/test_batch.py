"""One request to several organizations (post-acute placement): a referral each, in the client's
order of choice, sent where a consent names the organization and held back where none does."""

import pytest
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases.tests.factories import CaseFactory
from referrals import services
from referrals.models import Referral, ReferralBatch
from referrals.tests.referral_factories import ServiceFactory, covering_consent
from referrals.tests.referral_helpers import errors, placement_service, successes, warnings

pytestmark = pytest.mark.django_db


def refer(case, chosen, *, by) -> ReferralBatch:
    return services.refer_to_several(
        case=case,
        services=chosen,
        by=by,
        reason="Needs skilled nursing after a hip replacement",
        urgency=Referral.Urgency.SOON,
        shared_sections=["need", "identity", "coverage"],
    )


def form_data(*chosen, **overrides) -> dict:
    data = {
        "reason": "Needs skilled nursing after a hip replacement",
        "urgency": Referral.Urgency.SOON,
        "shared_sections": ["need", "identity", "coverage"],
    }
    data |= {f"choice_{rank}": s.pk for rank, s in enumerate(chosen, start=1)}
    return data | overrides


# ---------------------------------------------------------------------------------------------
# refer_to_several


def test_referring_to_several_creates_one_referral_each_ranked_in_the_given_order(
    caseworker, case_for
):
    case = case_for()
    first, second, third = placement_service(), placement_service(), placement_service()

    batch = refer(case, [second, third, first], by=caseworker)

    ranked = list(batch.referrals.order_by("client_rank").values_list("service", "client_rank"))
    assert ranked == [(second.pk, 1), (third.pk, 2), (first.pk, 3)]
    assert ReferralBatch.objects.get() == batch
    assert (batch.case, batch.created_by) == (case, caseworker)


def test_each_referral_of_a_batch_is_a_draft_with_the_shared_reason_and_sections(
    caseworker, case_for
):
    batch = refer(case_for(), [placement_service(), placement_service()], by=caseworker)

    for referral in batch.referrals.all():
        assert referral.status == Referral.Status.DRAFT
        assert referral.reason == "Needs skilled nursing after a hip replacement"
        assert referral.urgency == Referral.Urgency.SOON
        assert referral.shared_sections == ["need", "identity", "coverage"]


def test_choosing_the_same_organization_twice_is_refused(caseworker, case_for):
    rehab = placement_service()
    same_place = placement_service(organization=rehab.organization)

    with pytest.raises(InvalidTransition) as refused:
        refer(case_for(), [rehab, placement_service(), same_place], by=caseworker)

    assert str(refused.value) == "Choose each organization once."
    assert not ReferralBatch.objects.exists()
    assert not Referral.objects.exists()


# ---------------------------------------------------------------------------------------------
# send_batch


def test_sending_a_batch_sends_those_with_consent_and_holds_back_the_others(caseworker, case_for):
    case = case_for()
    covered, uncovered, also_covered = (placement_service() for _ in range(3))
    covering_consent(case, covered.organization, by=caseworker)
    covering_consent(case, also_covered.organization, by=caseworker)
    batch = refer(case, [covered, uncovered, also_covered], by=caseworker)

    sent, held = services.send_batch(batch=batch, by=caseworker)

    assert [r.service for r in sent] == [covered, also_covered]
    assert [r.service for r in held] == [uncovered]
    statuses = dict(batch.referrals.values_list("service", "status"))
    assert statuses == {
        covered.pk: Referral.Status.SENT,
        uncovered.pk: Referral.Status.DRAFT,
        also_covered.pk: Referral.Status.SENT,
    }


def test_sending_a_batch_again_sends_only_what_a_new_consent_now_covers(caseworker, case_for):
    case = case_for()
    covered, uncovered = placement_service(), placement_service()
    covering_consent(case, covered.organization, by=caseworker)
    batch = refer(case, [covered, uncovered], by=caseworker)
    services.send_batch(batch=batch, by=caseworker)
    covering_consent(case, uncovered.organization, by=caseworker)

    sent, held = services.send_batch(batch=batch, by=caseworker)

    assert [r.service for r in sent] == [uncovered]
    assert held == []
    assert Referral.objects.get(service=covered).events.count() == 1


# ---------------------------------------------------------------------------------------------
# The view


def test_the_form_offers_only_post_acute_and_home_care_services(client, caseworker, case_for):
    snf = placement_service()
    home = placement_service(category="home_care")
    pantry = ServiceFactory()
    client.force_login(caseworker)

    response = client.get(reverse("referrals:batch_new", args=[case_for().pk]))

    offered = set(response.context["form"].fields["choice_1"].queryset)
    assert offered == {snf, home}
    assert pantry not in offered


def test_posting_the_form_sends_to_every_covered_choice(client, caseworker, case_for):
    case = case_for()
    first, second = placement_service(), placement_service(category="home_care")
    for choice in (first, second):
        covering_consent(case, choice.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:batch_new", args=[case.pk]), form_data(first, second))

    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#referrals"
    batch = ReferralBatch.objects.get(case=case)
    ranked = list(batch.referrals.order_by("client_rank").values_list("service", "status"))
    assert ranked == [(first.pk, Referral.Status.SENT), (second.pk, Referral.Status.SENT)]
    assert successes(response) == [
        f"Sent to 2 organizations: {first.organization}, {second.organization}."
    ]
    assert errors(response) == []


def test_a_partial_send_names_each_organization_not_sent_and_why_as_an_error(
    client, caseworker, case_for
):
    case = case_for()
    covered = placement_service(organization__name="Cedar SNF")
    uncovered = placement_service(organization__name="Maple Grove Rehab")
    also_uncovered = placement_service(organization__name="Birch Home Health")
    covering_consent(case, covered.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case.pk]),
        form_data(covered, uncovered, also_uncovered),
    )

    assert successes(response) == ["Sent to 1 organization: Cedar SNF."]
    assert errors(response) == [
        "Not sent to Maple Grove Rehab, Birch Home Health: no valid release of information names "
        "them. Their referrals are kept as drafts: record the client's consent naming each, then "
        "send it from its referral."
    ]
    assert warnings(response) == []
    assert Referral.objects.get(service=uncovered).status == Referral.Status.DRAFT


def test_a_batch_that_sends_nothing_says_so_as_an_error_not_a_success(client, caseworker, case_for):
    case = case_for()
    uncovered = placement_service(organization__name="Maple Grove Rehab")
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case.pk]),
        form_data(uncovered, placement_service(organization__name="Cedar SNF")),
    )

    assert successes(response) == []
    assert errors(response) == [
        "Nothing was sent. Not sent to Maple Grove Rehab, Cedar SNF: no valid release of "
        "information names them. Their referrals are kept as drafts: record the client's consent "
        "naming each, then send it from its referral."
    ]
    assert set(Referral.objects.values_list("status", flat=True)) == {Referral.Status.DRAFT}


def test_a_partial_send_opens_the_first_referral_not_sent_to_record_its_consent(
    client, caseworker, case_for
):
    case = case_for()
    covered, first_held, second_held = (placement_service() for _ in range(3))
    covering_consent(case, covered.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case.pk]),
        form_data(covered, second_held, first_held),
    )

    assert response.url == Referral.objects.get(service=second_held).get_absolute_url()


def test_one_organization_not_sent_is_named_in_the_singular(client, caseworker, case_for):
    case = case_for()
    covered = placement_service(organization__name="Cedar SNF")
    covering_consent(case, covered.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case.pk]),
        form_data(covered, placement_service(organization__name="Maple Grove Rehab")),
    )

    assert errors(response) == [
        "Not sent to Maple Grove Rehab: no valid release of information names it. Its referral "
        "is kept as a draft: record the client's consent naming it, then send it from its "
        "referral."
    ]


def test_the_form_refuses_the_same_organization_twice(client, caseworker, case_for):
    rehab = placement_service()
    same_place = placement_service(organization=rehab.organization)
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case_for().pk]), form_data(rehab, same_place)
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose each organization once."]
    assert not ReferralBatch.objects.exists()


def test_the_form_needs_at_least_two_choices(client, caseworker, case_for):
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[case_for().pk]), form_data(placement_service())
    )

    assert response.status_code == 200
    assert "choice_2" in response.context["form"].errors
    assert not ReferralBatch.objects.exists()


def test_another_teams_case_cannot_be_referred_to_several(client, caseworker, outsider):
    theirs = CaseFactory()
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:batch_new", args=[theirs.pk]),
        form_data(placement_service(), placement_service()),
    )

    assert response.status_code == 404
    assert not ReferralBatch.objects.exists()


def test_the_referral_page_lists_the_batch_in_the_clients_order_of_choice(
    client, caseworker, case_for
):
    names = ["Cedar SNF", "Birch Rehab", "Aspen Home Health"]
    chosen = [placement_service(organization__name=name) for name in names]
    batch = refer(case_for(), chosen, by=caseworker)
    middle = batch.referrals.get(client_rank=2)
    client.force_login(caseworker)

    response = client.get(middle.get_absolute_url())

    siblings = [s.organization.name for s in response.context["siblings"]]
    assert siblings == names
    html = response.content.decode().split('id="batch-heading"')[1]
    assert html.index("Cedar SNF") < html.index("Birch Rehab") < html.index("Aspen Home Health")
    assert "<strong>Birch Rehab</strong>" in html
