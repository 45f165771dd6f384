"""The shared template fragments in templates/components/: pagination and the header's links."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pagination(path: str, page_number: int, **labels) -> str:
    request = RequestFactory().get(path)
    page = Paginator(range(50), 20).get_page(page_number)
    context = {"page": page, "label": "Result pages", **labels}
    return render_to_string("components/_pagination.html", context, request)


def test_pagination_links_keep_the_filters_of_the_query_string():
    html = _pagination("/list/?status=sent&sort=-opened&page=2", 2)

    assert 'href="?status=sent&amp;sort=-opened&amp;page=1"' in html
    assert 'href="?status=sent&amp;sort=-opened&amp;page=3"' in html


def test_pagination_names_its_navigation_and_marks_the_current_page():
    html = _pagination("/list/", 1)

    assert '<nav aria-label="Result pages">' in html
    assert '<li class="page-item active" aria-current="page">' in html
    assert "Page 1 of 3" in html


def test_pagination_shows_previous_as_disabled_on_the_first_page():
    html = _pagination("/list/", 1)

    assert '<li class="page-item disabled"><span class="page-link">Previous</span></li>' in html


def test_pagination_takes_other_names_for_its_links():
    html = _pagination("/list/?page=2", 2, previous="Newer", next="Older")

    assert ">Newer</a>" in html
    assert ">Older</a>" in html


def test_pagination_is_left_out_when_everything_fits_on_one_page():
    request = RequestFactory().get("/list/")
    page = Paginator(range(5), 20).get_page(1)

    html = render_to_string("components/_pagination.html", {"page": page}, request)

    assert html.strip() == ""


def test_the_header_marks_the_link_of_the_page_the_user_is_on(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("careplans:my_tasks"))

    assert (
        f'<a class="nav-link active" aria-current="page" href="{reverse("careplans:my_tasks")}">'
        "My tasks</a>"
    ) in response.text
    assert f'<a class="nav-link" href="{reverse("cases:caseload")}">My caseload</a>' in (
        response.text
    )


def test_the_header_shows_the_supervision_menu_only_to_supervisors(client, caseworker, supervisor):
    client.force_login(caseworker)
    as_case_manager = client.get(reverse("cases:caseload"))
    client.force_login(supervisor)
    as_supervisor = client.get(reverse("cases:caseload"))

    for page in ["supervision:approvals", "supervision:index"]:
        link = f'href="{reverse(page)}"'
        assert link not in as_case_manager.text
        assert link in as_supervisor.text
