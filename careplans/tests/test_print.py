import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from careplans.tests.plan_factories import (
    TINY_PNG,
    active_plan,
    add_goal,
    draft_plan,
    submitted_plan,
)
from clients.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_print_page_lists_each_goal_its_target_and_its_tasks(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    add_goal(
        plan,
        by=caseworker,
        statement="Move into my own flat",
        target="Keys in hand",
        tasks=("Fill in the housing application",),
    )
    client.force_login(caseworker)

    response = client.get(reverse("careplans:print", args=[plan.pk]))

    assert response.status_code == 200
    for text in ("Move into my own flat", "Keys in hand", "Fill in the housing application"):
        assert text in response.text
    assert "Casey Worker" in response.text  # the task's assignee and the case manager


def test_the_print_page_shows_the_clients_signature(client, caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    plan.record_agreement(
        by=caseworker,
        signed=True,
        name="Pat Client",
        on=plan.starts_on,
        signature_png=TINY_PNG,
    )
    client.force_login(caseworker)

    response = client.get(reverse("careplans:print", args=[plan.pk]))

    assert "Pat Client" in response.text
    assert 'src="data:image/png;base64,' in response.text


def test_an_unsigned_plan_prints_blank_lines_to_sign_on_paper(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("careplans:print", args=[plan.pk]))

    assert "Client's signature" in response.text


def test_the_print_page_lists_only_contacts_the_client_shares_information_with(
    client, caseworker, case_for
):
    case = case_for()
    ContactFactory(client=case.client, name="Dana Daughter", may_receive_information=True)
    ContactFactory(client=case.client, name="Nosy Neighbour", may_receive_information=False)
    plan = draft_plan(case, by=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("careplans:print", args=[plan.pk]))

    assert "Dana Daughter" in response.text
    assert "Nosy Neighbour" not in response.text


def test_the_pdf_is_a_download_holding_every_goal(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    for statement in ("Keep my flat warm this winter", "See a dentist about my tooth"):
        add_goal(plan, by=caseworker, statement=statement, tasks=("Call the clinic",))
    client.force_login(caseworker)

    response = client.get(reverse("careplans:pdf", args=[plan.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="care-plan-{plan.case_id}-v{plan.number}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response)
    assert "Keep my flat warm this winter" in text
    assert "See a dentist about my tooth" in text


def test_the_pdf_carries_the_drawn_signature(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.record_agreement(
        by=caseworker,
        signed=True,
        name="Pat Client",
        on=plan.created_at.date(),
        signature_png=TINY_PNG,
    )
    client.force_login(caseworker)

    response = client.get(reverse("careplans:pdf", args=[plan.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(page.images) for page in reader.pages) == 1
    assert "Pat Client" in _pdf_text(response)


def test_a_user_on_another_team_gets_404_for_the_print_page(client, caseworker, outsider, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(outsider)

    assert client.get(reverse("careplans:print", args=[plan.pk])).status_code == 404


def test_a_user_on_another_team_gets_404_for_the_pdf(client, caseworker, outsider, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(outsider)

    assert client.get(reverse("careplans:pdf", args=[plan.pk])).status_code == 404


def test_print_page_query_count_does_not_grow_with_goals_and_tasks(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=2)
    url = reverse("careplans:print", args=[plan.pk])
    client.force_login(caseworker)
    counts = []

    for extra in (0, 4):
        for n in range(extra):
            add_goal(plan, by=caseworker, statement=f"More {n}", domain="food", tasks=("a", "b"))
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1]
