import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse

from careplans.models import Task
from careplans.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(task) -> str:
    return reverse("careplans:task_complete", args=[task.pk])


def test_completing_a_task_records_who_did_it_and_when(client, teammate, case_for):
    task = TaskFactory(case=case_for())
    client.force_login(teammate)

    response = client.post(_url(task))

    task.refresh_from_db()
    assert response.url == task.get_absolute_url()
    assert (task.status, task.completed_by) == (Task.Status.DONE, teammate)
    assert task.completed_at is not None


def test_an_htmx_completion_returns_the_row_showing_who_did_it(client, teammate, case_for):
    task = TaskFactory(case=case_for(), description="Book the dentist")
    client.force_login(teammate)

    response = client.post(_url(task), **HTMX)

    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in response.text
    assert "Done by Terry Mate" in response.text
    assert "<html" not in response.text


def test_completing_a_done_task_is_refused_and_keeps_the_first_completion(
    client, caseworker, teammate, case_for
):
    task = TaskFactory(case=case_for())
    task.complete(by=caseworker)
    first_completed_at = task.completed_at
    client.force_login(teammate)

    response = client.post(_url(task))

    task.refresh_from_db()
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]
    assert errors == ["This task is already done."]
    assert (task.completed_by, task.completed_at) == (caseworker, first_completed_at)


def test_completing_a_task_on_another_teams_case_is_404(client, outsider, case_for):
    task = TaskFactory(case=case_for())
    client.force_login(outsider)

    response = client.post(_url(task))

    task.refresh_from_db()
    assert response.status_code == 404
    assert task.status == Task.Status.OPEN


def test_completing_a_task_needs_a_post(client, caseworker, case_for):
    task = TaskFactory(case=case_for())
    client.force_login(caseworker)

    response = client.get(_url(task))

    task.refresh_from_db()
    assert response.status_code == 405
    assert task.status == Task.Status.OPEN
