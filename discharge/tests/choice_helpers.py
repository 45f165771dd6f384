"""For the patient-choice and handoff tests: a stay of a Lane County patient on Medicare, and a
choice list sent to providers under consents naming them, as the choice page sends it."""

import datetime

from django.utils import timezone

from clients.tests.factories import CoverageFactory
from discharge import services
from referrals.tests.referral_factories import covering_consent

from .factories import PostAcuteServiceFactory
from .helpers import admit


def lane_stay(case_for, caseworker, **fields):
    """A current stay, two days old, of a Lane County (97401) patient whose payer is Medicare."""
    case = case_for(client__county="Lane County", client__postal_code="97401")
    payer = CoverageFactory(client=case.client, payer="medicare")
    fields.setdefault("admitted_at", timezone.now() - datetime.timedelta(days=2))
    return admit(case, by=caseworker, payer=payer, **fields)


def offer(stay, *, by, services_=None, consent=True, sections=("need", "identity"), **fields):
    """The list offered and sent to `services_` (three new SNFs by default), in that order."""
    chosen = services_ or PostAcuteServiceFactory.create_batch(3)
    if consent:
        for service in chosen:
            covering_consent(stay.case, service.organization, by=by)
    return services.offer_choice(
        admission=stay,
        by=by,
        kind="snf",
        services=chosen,
        providers_listed=len(chosen),
        offered_on=timezone.localdate(),
        reason="Needs skilled rehabilitation after a hip fracture",
        urgency="soon",
        shared_sections=list(sections),
        **fields,
    )
