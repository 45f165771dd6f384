import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import WorkerHeartbeat
from accounts.tests.factories import UserFactory
from assessments.models import Addendum, Assessment, IdentifiedNeed
from assessments.tests.factories import complete, matrix, phq9
from careplans.models import CarePlan, Goal, ProgressReview, Task
from careplans.services import record_review
from careplans.tests.plan_factories import active_plan
from cases.models import CapOverride, Case, CaseEvent, CaseNote, ClosureRequest, EmergencyAccess
from cases.tests.factories import CaseFactory, CaseNoteFactory
from clients.models import Client, ClientFlag, Consent, Contact, Coverage
from clients.tests.factories import (
    ClientFlagFactory,
    ConsentFactory,
    ContactFactory,
    CoverageFactory,
)
from discharge import services as discharge
from discharge.models import (
    Admission,
    AdmissionEvent,
    Barrier,
    ChoiceOffer,
    DischargePlan,
    EddChange,
    FollowUpCall,
    Transition,
    UtilizationReview,
)
from discharge.tests.factories import BarrierFactory, HospitalFactory, UtilizationReviewFactory
from referrals.models import PartnerLinkUse
from referrals.services import refer_to_several
from referrals.tests.directory_factories import ServiceFactory
from referrals.tests.referral_factories import sent_referral
from reminders.models import Digest, Preference
from supervision.models import ReportExport, Review, SupervisionNote, Transfer

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
CLINICAL = [
    Client,
    Case,
    CaseNote,
    CaseEvent,
    Consent,
    Contact,
    Coverage,
    ClientFlag,
    EmergencyAccess,
    Assessment,
    IdentifiedNeed,
    Task,
    CarePlan,
    Goal,
    ProgressReview,
    Admission,
    AdmissionEvent,
    DischargePlan,
    Barrier,
    UtilizationReview,
    EddChange,
    Transition,
    FollowUpCall,
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_records(count):
    """`count` cases, each with a row of every record the admin lists, and their people."""
    for _ in range(count):
        worker = UserFactory()
        case = CaseFactory(
            primary_case_manager=worker, client__registered_by=worker, care_team=[worker]
        )
        case.team.members.add(worker)
        case.team.supervisors.add(worker)
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.OPENED, to_status=case.status, actor=worker
        )
        signed = CaseNoteFactory(case=case, signed=True)
        CaseNoteFactory(case=case, addendum_to=signed, signed=True)
        CaseNoteFactory(case=case)
        ContactFactory(client=case.client)
        CoverageFactory(client=case.client)
        ConsentFactory(client=case.client, recorded_by=worker)
        ClientFlagFactory(client=case.client, created_by=worker)
        EmergencyAccess.objects.create(
            case=case,
            user=UserFactory(),
            reason="Client in crisis; case manager away",
            expires_at=timezone.now() + datetime.timedelta(hours=4),
        )
        CapOverride.objects.create(
            case=case, manager=worker, load=31, hard_cap=30, reason="Continuity", by=worker
        )
        Transfer.objects.create(
            case=case,
            from_manager=worker,
            to_manager=UserFactory(),
            reason="Leaving",
            requested_by=worker,
        )
        ClosureRequest.objects.create(case=case, reason="goals_met", requested_by=worker)
        SupervisionNote.objects.create(team=case.team, about=worker, author=worker, text="Ok")
        ReportExport.objects.create(
            user=worker, report="goals", filters={}, row_count=0, format="csv"
        )
        WorkerHeartbeat.objects.create(hostname=f"worker-{case.pk}")
        Preference.objects.create(user=worker, digest=True)
        Digest.objects.create(recipient=worker, day=timezone.localdate())
        complete(case, "life-domains", matrix(3, housing=1))
        # Item 9 answered: a safety alert adds a task and notifications too.
        alerted = complete(case, "phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 1))
        Addendum.objects.create(assessment=alerted, author=worker, text="Client called back.")
        _, link = sent_referral(case, by=worker)
        PartnerLinkUse.objects.create(link=link, action="view", result="ok")
        batch = refer_to_several(
            case=case, services=[ServiceFactory(), ServiceFactory()], by=worker, reason="Rehab"
        )
        assert batch.referrals.count() == 2
        plan = active_plan(case, by=worker, approver=worker)
        record_review(
            plan=plan,
            by=worker,
            reviewed_on=timezone.localdate(),
            summary="On track.",
            next_review_on=timezone.localdate() + datetime.timedelta(days=90),
            updates=dict.fromkeys(plan.goals.all(), ("in_progress", "Viewing flats")),
        )
        stay = discharge.admit_patient(
            case=case,
            by=worker,
            facility=HospitalFactory(),
            admitted_at=timezone.now() - datetime.timedelta(days=4),
            admission_type=Admission.AdmissionType.EMERGENCY,
            expected_discharge_on=timezone.localdate(),
        )
        BarrierFactory(plan=stay.plan, owner=worker)
        ChoiceOffer.objects.create(
            admission=stay, kind="snf", offered_by=worker, providers_listed=2, batch=batch
        )
        UtilizationReviewFactory(admission=stay, reviewer=worker)
        discharge.discharge_patient(
            admission=stay, by=worker, disposition="snf", override_reason="Bed offered today"
        )
        discharge.record_call(admission=stay, by=worker, outcome=FollowUpCall.Outcome.REACHED)
        Review.objects.create(
            discharge_override=stay.events.get(kind="discharge"), reviewed_by=worker, comment="Ok"
        )


@pytest.fixture
def as_admin(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_sees_the_admin_index(as_admin):
    response = as_admin.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["app_list"]


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_sees_every_model_changelist(as_admin, model):
    make_records(1)

    response = as_admin.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if model._meta.app_label != "pghistory"],
    ids=lambda model: model._meta.label,
)
def test_admin_sees_every_model_change_page(as_admin, model):
    make_records(1)
    record = model._default_manager.first()

    response = as_admin.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200


def test_the_admin_login_page_opens_for_anonymous_visitors(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"])
def test_case_managers_and_supervisors_are_sent_to_the_admin_login(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(as_admin, model):
    pages = []
    for extra in (2, 6):
        make_records(extra)
        with CaptureQueriesContext(connection) as queries:
            response = as_admin.get(admin_url(model, "changelist"))
        pages.append((response.status_code, len(queries)))

    assert pages[0] == pages[1]
    assert pages[0][0] == 200


@pytest.mark.parametrize("model", CLINICAL, ids=lambda model: model._meta.label)
def test_clinical_records_offer_no_delete_action(as_admin, model):
    make_records(1)

    response = as_admin.get(admin_url(model, "changelist"))

    assert "delete_selected" not in response.context["cl"].model_admin.get_actions(
        response.wsgi_request
    )


@pytest.mark.parametrize("model", CLINICAL, ids=lambda model: model._meta.label)
def test_clinical_records_cannot_be_deleted_through_the_admin(as_admin, model):
    make_records(1)
    record = model._default_manager.first()

    response = as_admin.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 403
    assert model._default_manager.filter(pk=record.pk).exists()


def test_a_signed_note_is_shown_read_only(as_admin):
    note = CaseNoteFactory(signed=True, narrative="Visited at home.")

    response = as_admin.post(
        admin_url(CaseNote, "change", note.pk), {"narrative": "Rewritten", "contact_type": "home"}
    )

    assert response.status_code == 403
    note.refresh_from_db()
    assert note.narrative == "Visited at home."


def test_a_case_event_cannot_be_changed(as_admin):
    make_records(1)
    event = CaseEvent.objects.get()

    response = as_admin.post(admin_url(CaseEvent, "change", event.pk), {"note": "Edited"})

    assert response.status_code == 403


def client_form(person, **changes):
    data = {
        "legal_first_name": person.legal_first_name,
        "legal_middle_name": "",
        "legal_last_name": person.legal_last_name,
        "preferred_name": "",
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex_at_birth": person.sex_at_birth,
        "gender_identity": "",
        "pronouns": "",
        "preferred_language": person.preferred_language,
        "phone": person.phone,
        "email": "",
        "address_line1": "",
        "address_line2": "",
        "city": "",
        "state": "",
        "postal_code": "",
        "county": "",
        "version": person.version,
    }
    return data | changes


def test_an_admin_correction_bumps_the_version_and_names_the_admin(as_admin, admin_user):
    person = CaseFactory().client

    response = as_admin.post(
        admin_url(Client, "change", person.pk), client_form(person, pronouns="they/them")
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.pronouns, person.version, person.updated_by) == ("they/them", 2, admin_user)


def test_an_admin_correction_on_a_stale_version_is_refused(as_admin, caseworker):
    person = CaseFactory().client
    stale = client_form(person, pronouns="she/her")
    person.phone = "(555) 010-0199"
    person.save_version(expected_version=1, by=caseworker, fields=["phone"])

    response = as_admin.post(admin_url(Client, "change", person.pk), stale)

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    person.refresh_from_db()
    assert person.pronouns == ""


def test_an_admin_edits_the_care_team_of_a_case(as_admin, caseworker):
    case = CaseFactory(status=Case.Status.ACTIVE)
    url = admin_url(Case, "change", case.pk)
    form = as_admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {
        "care_team_members-TOTAL_FORMS": "1",
        "care_team_members-INITIAL_FORMS": "0",
        "care_team_members-0-user": caseworker.pk,
        "care_team_members-0-role": "Peer specialist",
    }

    response = as_admin.post(url, data)

    assert response.status_code == 302
    assert case.care_team_members.get().user == caseworker
