"""casemgmt/versioning.py: optimistic concurrency, exercised on Case (a Versioned model)."""

import pytest

from casemgmt.versioning import StaleVersion, VersionedForm
from cases.models import Case

pytestmark = pytest.mark.django_db


class ReferralForm(VersionedForm):
    class Meta:
        model = Case
        fields = ["referral_source", "care_team"]


def test_a_save_at_the_current_version_writes_and_counts_up(caseworker, case_for):
    case = case_for()
    case.referral_source = "Clinic"

    case.save_version(expected_version=1, by=caseworker, fields=["referral_source"])

    case.refresh_from_db()
    assert (case.referral_source, case.version, case.updated_by) == ("Clinic", 2, caseworker)


def test_a_save_writes_only_the_named_fields(caseworker, case_for):
    case = case_for(acuity=Case.Acuity.LOW)
    case.referral_source = "Clinic"
    case.acuity = Case.Acuity.HIGH

    case.save_version(expected_version=1, by=caseworker, fields=["referral_source"])

    case.refresh_from_db()
    assert case.acuity == Case.Acuity.LOW


def test_a_save_at_a_stale_version_is_refused_and_writes_nothing(caseworker, teammate, case_for):
    case = case_for()
    Case.objects.get(pk=case.pk).save_version(expected_version=1, by=teammate, fields=[])
    case.referral_source = "Clinic"

    with pytest.raises(StaleVersion):
        case.save_version(expected_version=1, by=caseworker, fields=["referral_source"])

    case.refresh_from_db()
    assert (case.referral_source, case.version) == ("", 2)


def test_the_refusal_names_who_changed_the_record_and_when(caseworker, teammate, case_for):
    case = case_for()
    Case.objects.get(pk=case.pk).save_version(expected_version=1, by=teammate, fields=[])

    with pytest.raises(StaleVersion) as refused:
        case.save_version(expected_version=1, by=caseworker, fields=[])

    assert str(refused.value).startswith("Terry Mate changed this record on ")
    assert refused.value.current.version == 2


def test_the_refusal_says_someone_when_the_changer_is_unknown(caseworker, case_for):
    case = case_for()
    Case.objects.filter(pk=case.pk).update(version=5)

    with pytest.raises(StaleVersion, match=r"^Someone changed this record"):
        case.save_version(expected_version=1, by=caseworker, fields=[])


def test_the_form_carries_the_version_it_was_shown_at(case_for):
    case = case_for()
    Case.objects.filter(pk=case.pk).update(version=7)
    case.refresh_from_db()

    form = ReferralForm(instance=case)

    assert form["version"].value() == 7


def test_a_form_without_a_version_is_invalid(case_for):
    form = ReferralForm({"referral_source": "Clinic"}, instance=case_for())

    assert "version" in form.errors


def test_save_versioned_writes_fields_and_the_care_team(caseworker, teammate, case_for):
    case = case_for()
    form = ReferralForm(
        {"version": 1, "referral_source": "Clinic", "care_team": [teammate.pk]}, instance=case
    )
    assert form.is_valid()

    form.save_versioned(by=caseworker)

    case.refresh_from_db()
    assert (case.referral_source, list(case.care_team.all())) == ("Clinic", [teammate])


def test_refuse_stale_keeps_the_input_and_arms_a_deliberate_resubmit(
    caseworker, teammate, case_for
):
    case = case_for()
    Case.objects.get(pk=case.pk).save_version(expected_version=1, by=teammate, fields=[])
    form = ReferralForm({"version": 1, "referral_source": "Mine"}, instance=case)
    assert form.is_valid()
    with pytest.raises(StaleVersion) as refused:
        form.save_versioned(by=caseworker)

    form.refuse_stale(refused.value)

    assert form.data["referral_source"] == "Mine"
    assert form.data["version"] == 2
    assert "Terry Mate changed this record" in form.non_field_errors()[0]


def test_save_if_current_says_false_and_explains_when_the_record_moved_on(
    caseworker, teammate, case_for
):
    case = case_for()
    Case.objects.get(pk=case.pk).save_version(expected_version=1, by=teammate, fields=[])
    form = ReferralForm({"version": 1, "referral_source": "Mine"}, instance=case)
    assert form.is_valid()

    saved = form.save_if_current(by=caseworker)

    assert saved is False
    assert "Terry Mate changed this record" in form.non_field_errors()[0]


def test_save_if_current_says_true_when_it_saved(caseworker, case_for):
    case = case_for()
    form = ReferralForm({"version": 1, "referral_source": "Clinic"}, instance=case)
    assert form.is_valid()

    assert form.save_if_current(by=caseworker) is True
    assert Case.objects.get(pk=case.pk).version == 2
