import datetime

import factory
from django.utils import timezone

from cases.tests.factories import CaseFactory
from discharge.models import Admission, Barrier, DischargePlan, UtilizationReview
from referrals.models import Organization, Service
from referrals.tests.directory_factories import OrganizationFactory, ServiceFactory


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


class PostAcuteServiceFactory(ServiceFactory):
    """A skilled nursing facility's service, in Lane County, taking Medicare and Medicaid."""

    organization = factory.SubFactory(
        OrganizationFactory,
        name=factory.Sequence(lambda n: f"Fernhill Skilled Nursing {n}"),
        kind=Organization.Kind.SNF,
        service_area="Lane County",
        payers="Medicare, Medicaid",
        star_rating=4,
        rating_checked_on=factory.LazyFunction(timezone.localdate),
    )
    name = "Short-term rehabilitation"
    category = Service.Category.POST_ACUTE
