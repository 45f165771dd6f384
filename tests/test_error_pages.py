"""Error pages: readable, inside the app's layout, and silent about records out of reach."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_a_client_out_of_scope_gets_the_not_found_page_without_their_name(client, outsider, team):
    person = ClientFactory(legal_first_name="Imelda", legal_last_name="Quist", registered_team=team)
    client.force_login(outsider)

    response = client.get(reverse("clients:detail", args=[person.pk]))

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Quist" not in response.text


def test_the_not_found_page_offers_the_way_back_to_work(client, caseworker):
    client.force_login(caseworker)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert reverse("cases:caseload") in response.text


def test_the_forbidden_page_explains_who_to_ask(caseworker):
    request = RequestFactory().get("/")
    request.user = caseworker

    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "ask your supervisor" in response.content.decode()


def test_the_server_error_page_needs_no_context():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
