import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals.models import Service

from .directory_factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:referrals_service_import")
PROCESS_URL = reverse("admin:referrals_service_process_import")
EXPORT_URL = reverse("admin:referrals_service_export")
HEADER = "organization,name,category,capacity,verified_on,cost\n"


def upload(client, rows: str):
    """The import page's first step: the file is checked (a dry run) and previewed."""
    csv_file = SimpleUploadedFile("services.csv", (HEADER + rows).encode(), "text/csv")
    return client.post(IMPORT_URL, {"import_file": csv_file, "format": "0", "resource": "0"})


def confirm(client, preview):
    """The second step: the confirm form the preview rendered, posted as the page would."""
    return client.post(PROCESS_URL, preview.context["confirm_form"].initial)


@pytest.fixture
def pantry(db):
    return OrganizationFactory(name="Lane Harvest Food Bank")


def test_admin_role_without_superuser_can_open_the_import_page(client, admin_user):
    client.force_login(admin_user)

    response = client.get(IMPORT_URL)

    assert not admin_user.is_superuser
    assert response.status_code == 200
    assert 'name="import_file"' in response.content.decode()


def test_valid_rows_are_previewed_then_imported_on_confirmation(client, admin_user, pantry):
    client.force_login(admin_user)

    preview = upload(
        client,
        "Lane Harvest Food Bank,Emergency food boxes,food,accepting,2026-01-15,Free\n"
        "Lane Harvest Food Bank,Senior grocery program,food,waitlist,2025-11-02,Free\n",
    )

    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert "Emergency food boxes" in preview.content.decode()
    assert not Service.objects.exists()

    response = confirm(client, preview)

    assert response.status_code == 302
    services = {s.name: s for s in Service.objects.filter(organization=pantry)}
    assert set(services) == {"Emergency food boxes", "Senior grocery program"}
    assert services["Senior grocery program"].capacity == Service.Capacity.WAITLIST
    assert services["Senior grocery program"].verified_on == datetime.date(2025, 11, 2)


def test_reimporting_a_service_updates_it_instead_of_duplicating_it(client, admin_user, pantry):
    ServiceFactory(organization=pantry, name="Emergency food boxes", capacity="accepting")
    client.force_login(admin_user)

    preview = upload(
        client, "Lane Harvest Food Bank,Emergency food boxes,food,closed,2026-01-15,Free\n"
    )
    confirm(client, preview)

    service = Service.objects.get()
    assert service.capacity == Service.Capacity.CLOSED


def test_invalid_rows_are_reported_and_nothing_is_imported(client, admin_user, pantry):
    client.force_login(admin_user)

    response = upload(
        client,
        "Lane Harvest Food Bank,Emergency food boxes,food,accepting,2026-01-15,Free\n"
        "Nowhere Pantry,Ghost service,food,accepting,2026-01-15,Free\n"
        "Lane Harvest Food Bank,Senior grocery program,food,overflowing,2026-01-15,Free\n"
        "Lane Harvest Food Bank,Bad category,groceries,accepting,2026-01-15,Free\n"
        "Lane Harvest Food Bank,Bad date,food,accepting,15/01/2026,Free\n",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    result = response.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5}
    assert "organization" in invalid[2]
    assert "capacity" in invalid[3]
    assert "category" in invalid[4]
    assert "verified_on" in invalid[5]
    assert "Nowhere Pantry" in body
    assert "overflowing" in body
    assert "YYYY-MM-DD" in body
    assert not Service.objects.exists()


def test_export_is_a_csv_with_the_services(client, admin_user, pantry):
    ServiceFactory(organization=pantry, name="Emergency food boxes")
    ServiceFactory(name="Eviction defense")
    client.force_login(admin_user)
    fields = ["organization", "name", "category", "capacity", "verified_on"]

    response = client.post(
        EXPORT_URL,
        {"format": "0", "resource": "0", **{f"serviceresource_{f}": "on" for f in fields}},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    assert content.splitlines()[0] == ",".join(fields)
    assert "Lane Harvest Food Bank,Emergency food boxes" in content
    assert "Eviction defense" in content


def test_case_manager_cannot_reach_the_import_page(client, caseworker):
    client.force_login(caseworker)

    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
