"""Probable-duplicate detection on the queryset (the intake page is tested with its view)."""

import datetime

import pytest

from clients.models import Client
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

DOB = datetime.date(1975, 6, 30)


def _candidates(first, last, dob=DOB):
    return list(
        Client.objects.probable_duplicates(first_name=first, last_name=last, date_of_birth=dob)
    )


def test_jon_smyth_is_a_probable_duplicate_of_john_smith():
    john = ClientFactory(legal_first_name="John", legal_last_name="Smith", date_of_birth=DOB)

    assert _candidates("Jon", "Smyth") == [john]


def test_same_name_with_another_birth_date_is_not_a_duplicate():
    ClientFactory(legal_first_name="John", legal_last_name="Smith", date_of_birth=DOB)

    assert _candidates("John", "Smith", dob=datetime.date(1975, 6, 29)) == []


def test_a_different_person_born_the_same_day_is_not_a_duplicate():
    ClientFactory(legal_first_name="John", legal_last_name="Smith", date_of_birth=DOB)

    assert _candidates("Priya", "Raman") == []


def test_a_case_typo_in_the_last_name_is_still_caught():
    maria = ClientFactory(legal_first_name="Maria", legal_last_name="Gonzalez", date_of_birth=DOB)

    assert _candidates("maria", "gonzales") == [maria]
