import datetime

import factory
from django.utils import timezone

from cases.tests.factories import CaseFactory
from discharge.models import Admission, Barrier, DischargePlan, UtilizationReview
from referrals.models import Organization
from referrals.tests.directory_factories import OrganizationFactory


class HospitalFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Riverbend General Hospital {n}")
    kind = Organization.Kind.HOSPITAL


class AdmissionFactory(factory.django.DjangoModelFactory):
    """A current inpatient stay, admitted through the ED three days ago, with its plan."""

    class Meta:
        model = Admission
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    facility = factory.SubFactory(HospitalFactory)
    unit = "4 West"
    admitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    admission_type = Admission.AdmissionType.EMERGENCY
    plan = factory.RelatedFactory("discharge.tests.factories.DischargePlanFactory", "admission")


class DischargePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DischargePlan

    admission = factory.SubFactory(AdmissionFactory, plan=None)

    class Params:
        ready = factory.Trait(**dict.fromkeys(DischargePlan.CHECKLIST, True))


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    plan = factory.SubFactory(DischargePlanFactory)
    kind = Barrier.Kind.AUTHORIZATION


class UtilizationReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UtilizationReview

    admission = factory.SubFactory(AdmissionFactory)
    reviewer = factory.SelfAttribute("admission.case.primary_case_manager")
    status_reviewed = UtilizationReview.StatusReviewed.INPATIENT
    criteria_set = UtilizationReview.CriteriaSet.INTERQUAL
    criteria_met = True
