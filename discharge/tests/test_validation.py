"""Bad input on admissions and reviews gets a clear message at clean() and is refused by the
database too, whatever path writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction

from clients.tests.factories import CoverageFactory
from discharge.models import Admission, UtilizationReview

from .factories import AdmissionFactory, UtilizationReviewFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}


def test_a_discharge_before_the_admission_is_refused_with_a_message():
    admission = AdmissionFactory.build(case=AdmissionFactory().case)
    admission.discharged_at = admission.admitted_at - datetime.timedelta(hours=1)

    with pytest.raises(ValidationError) as e:
        admission.clean()

    assert messages(e.value)["discharged_at"] == ["The discharge cannot come before the admission."]


def test_an_expected_discharge_date_before_the_admission_is_refused():
    admission = AdmissionFactory()
    admission.expected_discharge_on = admission.admitted_at.date() - datetime.timedelta(days=2)

    with pytest.raises(ValidationError) as e:
        admission.clean()

    assert "expected_discharge_on" in e.value.message_dict


def test_a_negative_charlson_score_is_refused_by_clean_and_by_the_database():
    admission = AdmissionFactory()
    admission.charlson_score = -1

    with pytest.raises(ValidationError) as e:
        admission.clean()
    assert messages(e.value)["charlson_score"] == ["The Charlson score cannot be negative."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Admission.objects.filter(pk=admission.pk).update(charlson_score=-1)


def test_the_payer_must_be_one_of_the_clients_coverages():
    admission = AdmissionFactory()
    admission.payer = CoverageFactory()

    with pytest.raises(ValidationError) as e:
        admission.clean()

    assert "payer" in e.value.message_dict


def test_an_authorization_ending_before_it_starts_is_refused_by_clean_and_by_the_database():
    review = UtilizationReviewFactory.build(
        admission=AdmissionFactory(),
        authorized_from=datetime.date(2025, 6, 10),
        authorized_through=datetime.date(2025, 6, 9),
    )

    with pytest.raises(ValidationError) as e:
        review.clean()
    assert messages(e.value)["authorized_through"] == [
        "The authorization cannot end before it starts."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()
    assert not UtilizationReview.objects.exists()


def test_a_denial_needs_its_reason():
    review = UtilizationReviewFactory.build(admission=AdmissionFactory(), denied=True)

    with pytest.raises(ValidationError) as e:
        review.clean()

    assert "denial_reason" in e.value.message_dict


def test_admissions_are_never_deleted_even_in_sql():
    admission = AdmissionFactory(plan=None)

    with (
        pytest.raises(InternalError, match="admission_no_delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM discharge_admission WHERE id = %s", [admission.pk])
