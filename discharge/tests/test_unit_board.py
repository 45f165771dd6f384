"""The unit board: the current inpatients of the cases the user may see, each with its length of
stay against the GMLOS, EDD, open barriers, readiness, UR dates, LACE and post-acute status
computed in SQL; filtered, sorted, overdue cells marked, in the same queries at 10 stays and 100."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.tests.factories import ConsentFactory
from discharge.models import Admission, ChoiceOffer, DischargePlan
from referrals.models import Organization, Referral, ReferralBatch
from referrals.tests.directory_factories import ServiceFactory
from reminders.tests.kinds import TODAY

from .factories import AdmissionFactory, BarrierFactory, UtilizationReviewFactory
from .helpers import at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def stay_for(case_for):
    """Factory: a current stay on a case of `team` carried by `caseworker`; `case__*` fields
    go to the case."""

    def make(**fields):
        case = {k.removeprefix("case__"): fields.pop(k) for k in list(fields) if "case__" in k}
        return AdmissionFactory(case=case_for(**case), **fields)

    return make


def board(client, user, **params):
    client.force_login(user)
    return client.get(reverse("discharge:board"), params)


def listed(response) -> list[Admission]:
    return list(response.context["page"].object_list)


def row(admission: Admission) -> Admission:
    return Admission.objects.for_board().get(pk=admission.pk)


def offer(admission: Admission, *statuses: str) -> ChoiceOffer:
    """A choice list offered on `admission`, its batch holding a referral in each status."""
    case, by = admission.case, admission.case.primary_case_manager
    batch = ReferralBatch.objects.create(case=case, reason="Skilled nursing", created_by=by)
    consent = ConsentFactory(client=case.client, recorded_by=by)
    for rank, status in enumerate(statuses, start=1):
        service = ServiceFactory()
        Referral.objects.create(
            case=case,
            service=service,
            organization=service.organization,
            batch=batch,
            client_rank=rank,
            reason="Skilled nursing",
            status=status,
            consent=consent,
            sent_at=timezone.now(),
            created_by=by,
        )
    return ChoiceOffer.objects.create(
        admission=admission,
        kind=Organization.Kind.SNF,
        offered_by=by,
        providers_listed=len(statuses),
        batch=batch,
    )


# ---------------------------------------------------------------------------------------------
# Who and what is listed


def test_the_board_lists_the_current_inpatients_of_the_users_cases(client, caseworker, stay_for):
    stay = stay_for()

    assert listed(board(client, caseworker)) == [stay]


def test_another_teams_inpatient_is_not_listed(client, caseworker, outsider):
    AdmissionFactory(case__team=outsider.teams.first(), case__primary_case_manager=outsider)

    assert listed(board(client, caseworker)) == []


def test_a_supervisor_sees_the_inpatients_of_the_teams_they_supervise(client, supervisor, stay_for):
    stay = stay_for()

    assert listed(board(client, supervisor)) == [stay]


def test_a_restricted_cases_stay_is_not_listed_for_a_teammate_outside_its_circle(
    client, teammate, stay_for
):
    stay_for(case__restricted=True)

    assert listed(board(client, teammate)) == []


def test_a_discharged_stay_is_not_listed(client, caseworker, stay_for):
    discharge(stay_for(admitted_at=at(-4)), by=caseworker)

    assert listed(board(client, caseworker)) == []


def test_each_row_links_to_its_admission_page(client, caseworker, stay_for):
    stay = stay_for()

    assert stay.get_absolute_url() in board(client, caseworker).content.decode()


def test_with_several_hospitals_each_row_names_its_own(client, caseworker, stay_for):
    stay_for(facility__name="Riverbend General")
    stay_for(facility__name="Mercy North")

    response = board(client, caseworker)

    assert response.context["filterset"].several_facilities
    assert "Mercy North</span>" in response.content.decode()


def test_with_no_inpatients_the_board_says_so(client, caseworker):
    response = board(client, caseworker)

    assert "No current inpatients" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# What each row holds


def test_open_barriers_are_counted_with_their_kinds(stay_for):
    stay = stay_for()
    BarrierFactory(plan=stay.plan, kind="caregiver")
    BarrierFactory(plan=stay.plan, kind="authorization")
    BarrierFactory(plan=stay.plan, kind="equipment", resolved_on=TODAY)

    board_row = row(stay)

    assert board_row.open_barrier_count == 2
    assert board_row.open_barrier_labels == [
        "Insurance authorization pending",
        "Caregiver unavailable",
    ]


def test_a_stay_without_barriers_has_none_open(stay_for):
    assert row(stay_for()).open_barrier_count == 0


def test_readiness_counts_the_checklist_items_done(stay_for):
    stay = stay_for()
    DischargePlan.objects.filter(admission=stay).update(
        medication_reconciled=True, transport_arranged=True, teach_back_done=True
    )

    assert row(stay).readiness_done == 3


def test_the_latest_review_gives_the_next_review_and_the_authorization_end(stay_for):
    stay = stay_for()
    UtilizationReviewFactory(
        admission=stay, reviewed_on=TODAY - 2 * DAY, next_review_on=TODAY - DAY
    )
    UtilizationReviewFactory(
        admission=stay,
        reviewed_on=TODAY,
        next_review_on=TODAY + 2 * DAY,
        authorized_through=TODAY + 3 * DAY,
    )

    board_row = row(stay)

    assert board_row.review_next_on == TODAY + 2 * DAY
    assert board_row.authorization_ends_on == TODAY + 3 * DAY


def test_post_acute_status_counts_the_latest_lists_referrals_by_answer(stay_for):
    stay = stay_for()
    offer(stay, Referral.Status.DECLINED)
    offer(stay, "accepted", "scheduled", "sent", "waitlisted", "waitlisted", "declined")

    board_row = row(stay)

    assert (board_row.choices_accepted, board_row.choices_awaiting) == (2, 3)
    assert board_row.choices_declined == 1


def test_a_stay_without_a_choice_list_reads_no_list_offered(client, caseworker, stay_for):
    stay_for()

    assert "No list offered" in board(client, caseworker).content.decode()


def test_the_length_of_stay_is_compared_with_the_gmlos(stay_for):
    stay = stay_for(admitted_at=at(-5), expected_los_days=Decimal("3.5"))

    board_row = row(stay)

    assert (board_row.los_days, board_row.excess_days) == (5, Decimal("1.5"))
    assert board_row.over_expected


def test_a_stay_within_its_gmlos_is_not_over(stay_for):
    assert not row(stay_for(admitted_at=at(-2), expected_los_days=Decimal("4.0"))).over_expected


@pytest.mark.parametrize("days", [0, 1, 3, 4, 6, 7, 13, 14])
@pytest.mark.parametrize("charlson,ed_visits", [(0, 0), (3, 2), (4, 5)])
def test_the_lace_total_in_sql_agrees_with_the_lace_score(stay_for, days, charlson, ed_visits):
    stay = stay_for(admitted_at=at(-days), charlson_score=charlson, ed_visits_6_months=ed_visits)

    assert row(stay).lace_total == stay.lace.total


def test_the_lace_total_waits_for_the_charlson_score(stay_for):
    assert row(stay_for(charlson_score=None, ed_visits_6_months=1)).lace_total is None


# ---------------------------------------------------------------------------------------------
# Filters


def test_the_facility_filter_keeps_that_facilitys_stays(client, caseworker, stay_for):
    here, elsewhere = stay_for(), stay_for()

    response = board(client, caseworker, facility=here.facility_id)

    assert listed(response) == [here]
    assert elsewhere not in listed(response)


def test_the_unit_filter_keeps_that_units_stays(client, caseworker, stay_for):
    icu = stay_for(unit="ICU")
    stay_for(unit="4 West")

    assert listed(board(client, caseworker, unit="ICU")) == [icu]


def test_the_barriers_filter_keeps_stays_with_open_barriers(client, caseworker, stay_for):
    blocked = stay_for()
    BarrierFactory(plan=blocked.plan)
    cleared = stay_for()
    BarrierFactory(plan=cleared.plan, resolved_on=TODAY)

    assert listed(board(client, caseworker, barriers="on")) == [blocked]


def test_the_ur_due_filter_keeps_reviews_due_today_or_overdue(client, caseworker, stay_for):
    due_today, overdue, later = stay_for(), stay_for(), stay_for()
    UtilizationReviewFactory(admission=due_today, next_review_on=TODAY)
    UtilizationReviewFactory(admission=overdue, next_review_on=TODAY - DAY)
    UtilizationReviewFactory(admission=later, next_review_on=TODAY + DAY)

    assert set(listed(board(client, caseworker, ur_due="on"))) == {due_today, overdue}


def test_the_lace_filter_keeps_high_risk_stays(client, caseworker, stay_for):
    high = stay_for(admitted_at=at(-7), charlson_score=4, ed_visits_6_months=0)
    stay_for(admitted_at=at(-1), charlson_score=0, ed_visits_6_months=0)

    assert high.lace.band == "high"
    assert listed(board(client, caseworker, lace_high="on")) == [high]


def test_the_name_search_finds_the_client(client, caseworker, stay_for):
    found = stay_for(case__client__legal_last_name="Okonkwo")
    stay_for(case__client__legal_last_name="Smith")

    assert listed(board(client, caseworker, q="okon")) == [found]


def test_filters_that_match_nothing_say_so(client, caseworker, stay_for):
    stay_for(unit="ICU")

    response = board(client, caseworker, q="nobody")

    assert "No current inpatients match these filters" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Sorting


@pytest.fixture
def three_stays(stay_for):
    """Three stays whose every sortable value rises from the first to the third."""
    stays = []
    for n in range(3):
        stay = stay_for(
            case__client__legal_last_name=f"Adams{'abc'[n]}",
            unit=f"Unit {n}",
            admitted_at=at(-1 - n),
            expected_los_days=Decimal("3.0") - Decimal("0.5") * n,
            expected_discharge_on=TODAY + n * DAY,
        )
        stay.facility.name = f"Hospital {n}"
        stay.facility.save()
        for _ in range(n):
            BarrierFactory(plan=stay.plan)
        DischargePlan.objects.filter(admission=stay).update(
            **dict.fromkeys(list(DischargePlan.CHECKLIST)[:n], True)
        )
        UtilizationReviewFactory(
            admission=stay, next_review_on=TODAY + n * DAY, authorized_through=TODAY + n * DAY
        )
        stays.append(stay)
    return stays


@pytest.mark.parametrize(
    "key", ["client", "unit", "los", "excess", "edd", "barriers", "readiness", "ur_due", "auth_end"]
)
def test_each_sort_key_orders_the_rows_both_ways(client, caseworker, three_stays, key):
    ascending = listed(board(client, caseworker, sort=key))
    descending = listed(board(client, caseworker, sort=f"-{key}"))

    assert ascending == three_stays
    assert descending == three_stays[::-1]


def test_an_unknown_sort_key_falls_back_to_the_edd(client, caseworker, three_stays):
    response = board(client, caseworker, sort="password")

    assert response.context["filterset"].sort == "edd"
    assert listed(response) == three_stays


def test_the_sorted_column_says_so_and_links_to_the_other_direction(
    client, caseworker, three_stays
):
    html = board(client, caseworker, sort="los").content.decode()

    assert 'aria-sort="ascending"' in html
    assert "?sort=-los" in html


# ---------------------------------------------------------------------------------------------
# Overdue cells


def test_an_edd_in_the_past_is_marked_overdue_in_words_too(client, caseworker, stay_for):
    stay_for(admitted_at=at(-4), expected_discharge_on=TODAY - DAY)

    html = board(client, caseworker).content.decode()

    assert "overdue table-danger" in html
    assert '<span class="visually-hidden">overdue</span>' in html


@pytest.mark.parametrize(
    "review,over",
    [
        ({"next_review_on": TODAY}, "overdue"),
        ({"authorized_through": TODAY + DAY}, "ending"),
    ],
)
def test_a_review_due_and_an_authorization_ending_tomorrow_are_marked(
    client, caseworker, stay_for, review, over
):
    UtilizationReviewFactory(admission=stay_for(), **review)

    html = board(client, caseworker).content.decode()

    assert f'<span class="visually-hidden">{over}</span>' in html


def test_a_stay_on_time_has_no_overdue_cell(client, caseworker, stay_for):
    stay = stay_for(expected_discharge_on=TODAY + DAY, expected_los_days=Decimal("5.0"))
    UtilizationReviewFactory(
        admission=stay, next_review_on=TODAY + DAY, authorized_through=TODAY + 2 * DAY
    )

    assert "overdue table-danger" not in board(client, caseworker).content.decode()


# ---------------------------------------------------------------------------------------------
# Query count


def test_the_board_runs_the_same_queries_at_10_and_100_stays(
    client, caseworker, stay_for, django_assert_num_queries
):
    client.force_login(caseworker)
    url = reverse("discharge:board")
    for total in (10, 100):
        while Admission.objects.count() < total:
            stay = stay_for(expected_los_days=Decimal("2.5"))
            BarrierFactory(plan=stay.plan)
            UtilizationReviewFactory(admission=stay, next_review_on=TODAY)
            if stay.pk % 3 == 0:
                offer(stay, "accepted", "sent")

        with django_assert_num_queries(5):
            response = client.get(url)
        assert response.context["page"].paginator.count == total
