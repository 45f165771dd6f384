# ruff: noqa: E501 - the directory below is a data table, one listing a line
"""Demo resource directory and referrals: 56 fictional organizations of one metro area (Lane and
Marion counties) with about 100 services, every kind and category, capacities mixed and about one
listing in ten not verified for more than STALE_AFTER_DAYS; and referrals in several states on the
first open cases.

Deterministic: everything that varies (town, address, languages, payers, capacity, verification
date) is derived from the listing's position. Idempotent: organizations by name and services by
(organization, name) are only created when missing.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.text import slugify

from cases.models import Case
from clients.demo import COUNTY as CLIENTS_COUNTY
from clients.models import Consent

from .models import Organization, Referral, Service
from .services import new_referral, send_referral

K = Organization.Kind
C = Service.Category

# town, county, ZIP code
TOWNS = [
    ("Riverbend", "Lane County", "97401"),
    ("Fernhill", "Lane County", "97402"),
    ("Oak Hollow", "Lane County", "97405"),
    ("Springvale", "Lane County", "97477"),
    ("Cedar Creek", "Lane County", "97424"),
    ("Capitol Heights", "Marion County", "97301"),
    ("Mill Creek", "Marion County", "97302"),
    ("Keizer Park", "Marion County", "97303"),
    ("Silverton Falls", "Marion County", "97381"),
    ("Willow Bend", "Marion County", "97305"),
]
STREETS = [
    "Main Street",
    "Willamette Avenue",
    "Ferry Street",
    "Commercial Street",
    "Pearl Street",
    "River Road",
    "Center Street",
    "Coburg Road",
    "Lancaster Drive",
    "State Street",
    "Garfield Street",
    "Franklin Boulevard",
]
# Added to English by position, so every language is offered somewhere.
OTHER_LANGUAGES = [
    ["Spanish"],
    [],
    ["Spanish", "Vietnamese"],
    ["Spanish"],
    ["Haitian Creole"],
    ["Spanish", "Somali", "Arabic"],
    [],
    ["Spanish", "Arabic"],
    ["Vietnamese"],
    ["Spanish", "Haitian Creole", "Somali"],
]
CLINICAL_PAYERS = [
    "Medicare, Medicaid, Commercial",
    "Medicare, Medicaid, Commercial, VA",
    "Medicare, Commercial, Self-pay",
    "Medicare, Medicaid, Commercial, Self-pay, VA",
    "Medicaid, Commercial, Self-pay",
]
# Kinds whose services are billed; the others are free community services.
BILLED = {
    K.HOSPITAL,
    K.SNF,
    K.LTACH,
    K.REHAB,
    K.HOME_HEALTH,
    K.HOSPICE,
    K.PRIMARY_CARE,
    K.BEHAVIORAL_HEALTH,
    K.SUBSTANCE_USE,
}
CAPACITIES = [
    Service.Capacity.ACCEPTING,
    Service.Capacity.ACCEPTING,
    Service.Capacity.WAITLIST,
    Service.Capacity.ACCEPTING,
    Service.Capacity.CLOSED,
    Service.Capacity.ACCEPTING,
    Service.Capacity.WAITLIST,
]
STALE_EVERY = 10  # one listing in ten is stale
HOURS = [
    "Mon-Fri 8:00-17:00",
    "Mon-Fri 9:00-16:30",
    "24 hours, 7 days",
    "Tue-Sat 10:00-18:00",
    "Mon-Thu 8:30-19:00",
]


class Listing(NamedTuple):
    name: str
    category: str
    description: str
    eligibility: str = ""
    cost: str = ""


# fmt: off
ORGANIZATIONS: list[tuple[str, str, list[Listing]]] = [
    # The hospital the demo's inpatients are in (discharge.demo)
    ("Riverbend General Hospital", K.HOSPITAL, [
        Listing("Inpatient medical and surgical care", C.MEDICAL, "Acute hospital care with a transitions-of-care team that follows patients home.", "Physician admission."),
    ]),
    # Post-acute placement
    ("Riverbend Post-Acute and Rehabilitation", K.SNF, [
        Listing("Short-term skilled rehabilitation", C.POST_ACUTE, "Daily PT, OT and speech therapy after a hospital stay; wound care and IV antibiotics.", "Qualifying hospital stay; skilled need."),
        Listing("Long-term nursing care", C.POST_ACUTE, "24-hour nursing care for residents who can no longer live at home.", "Nursing facility level of care."),
    ]),
    ("Fernhill Gardens Skilled Nursing", K.SNF, [
        Listing("Cardiac recovery unit", C.POST_ACUTE, "Heart-failure and post-surgical cardiac recovery with daily weights and telemetry follow-up.", "Skilled need after a cardiac admission."),
        Listing("Memory care neighborhood", C.POST_ACUTE, "Secured unit for residents living with dementia.", "Diagnosis of dementia; nursing facility level of care."),
    ]),
    ("Capitol Heights Health and Rehabilitation Center", K.SNF, [
        Listing("Orthopedic rehabilitation", C.POST_ACUTE, "Hip and knee replacement and fracture recovery, therapy six days a week.", "Skilled need after orthopedic surgery or fracture."),
        Listing("Respite stays", C.POST_ACUTE, "Short stays of 5-14 days while family caregivers rest.", "Private pay or long-term care insurance.", "Daily rate"),
    ]),
    ("Mill Creek Care Center", K.SNF, [
        Listing("Skilled nursing and rehabilitation", C.POST_ACUTE, "Post-hospital nursing, therapy and medication management.", "Skilled need; accepts bariatric residents."),
    ]),
    ("Silverton Falls Nursing and Rehab", K.SNF, [
        Listing("Skilled nursing beds", C.POST_ACUTE, "Rural facility with 60 skilled beds and on-site dialysis transport.", "Skilled need."),
        Listing("Respiratory therapy program", C.POST_ACUTE, "Tracheostomy care and ventilator weaning follow-up.", "Stable tracheostomy; no active ventilator dependence."),
    ]),
    ("Keizer Park Transitional Care", K.SNF, [
        Listing("Transitional care unit", C.POST_ACUTE, "Two-to-three-week stays bridging hospital and home, with a home visit before discharge.", "Expected discharge home within 21 days."),
        Listing("Outpatient therapy clinic", C.MEDICAL, "PT and OT for former residents and the community.", "Physician order."),
    ]),
    ("Willamette Valley Specialty Hospital", K.LTACH, [
        Listing("Ventilator weaning", C.POST_ACUTE, "Long-term acute care for patients who need prolonged ventilator support.", "Average stay of 25 days or more expected; ICU-level need."),
        Listing("Complex wound care", C.POST_ACUTE, "Daily wound care, wound vacs and surgical follow-up.", "Acute-level need; referral from the treating physician."),
    ]),
    ("Lane Regional Long-Term Acute Care", K.LTACH, [
        Listing("Medically complex care", C.POST_ACUTE, "Multi-system illness, IV therapies and dialysis.", "Acute-level need; average stay of 25 days or more."),
        Listing("Pulmonary program", C.POST_ACUTE, "Tracheostomy and ventilator care with respiratory therapists on site.", "Ventilator or high-flow oxygen dependence."),
    ]),
    ("Marion Kindred Acute Care Hospital", K.LTACH, [
        Listing("Long-term acute care beds", C.POST_ACUTE, "Extended hospital care after an ICU stay.", "Acute-level need."),
    ]),
    ("Cascade Rehabilitation Institute", K.REHAB, [
        Listing("Stroke rehabilitation", C.POST_ACUTE, "Three hours of therapy a day, five days a week, after a stroke.", "Can take part in 3 hours of therapy a day."),
        Listing("Brain injury program", C.POST_ACUTE, "Rehabilitation after traumatic brain injury, with family training.", "Medically stable; can take part in intensive therapy."),
    ]),
    ("Oak Hollow Inpatient Rehabilitation", K.REHAB, [
        Listing("Spinal cord injury rehabilitation", C.POST_ACUTE, "Intensive rehabilitation and equipment fitting.", "Physician referral; intensive therapy tolerated."),
        Listing("Amputee rehabilitation", C.POST_ACUTE, "Prosthetic training and gait rehabilitation.", "Healed or healing residual limb."),
    ]),
    ("Capitol Rehabilitation Hospital", K.REHAB, [
        Listing("Acute inpatient rehabilitation", C.POST_ACUTE, "Orthopedic, neurological and cardiac rehabilitation.", "Can take part in 3 hours of therapy a day."),
        Listing("Driver rehabilitation evaluation", C.TRANSPORTATION, "Assessment of driving safety after illness or injury.", "Physician order.", "Self-pay or commercial"),
    ]),
    ("Valley Home Health", K.HOME_HEALTH, [
        Listing("Skilled home nursing", C.HOME_CARE, "Nurse visits for medications, wounds and heart-failure monitoring.", "Homebound; physician order."),
        Listing("Home physical therapy", C.HOME_CARE, "Strength, balance and home-safety visits.", "Homebound; physician order."),
    ]),
    ("Riverbend Visiting Nurses", K.HOME_HEALTH, [
        Listing("Home health nursing", C.HOME_CARE, "Visits within 48 hours of hospital discharge.", "Homebound; physician order."),
        Listing("Telehealth monitoring", C.HOME_CARE, "Daily weight, blood pressure and oxygen readings sent to a nurse.", "Heart failure or COPD; enrolled with home health."),
    ]),
    ("Marion Home Care Partners", K.HOME_HEALTH, [
        Listing("Personal care aides", C.HOME_CARE, "Help with bathing, dressing and meals.", "Medicaid waiver or private pay.", "Hourly rate; Medicaid waiver"),
        Listing("Home health occupational therapy", C.HOME_CARE, "Daily living skills and equipment at home.", "Homebound; physician order."),
    ]),
    ("Springvale Home Health Services", K.HOME_HEALTH, [
        Listing("Home infusion nursing", C.HOME_CARE, "IV antibiotics and line care at home.", "Physician order; infusion pharmacy arranged."),
        Listing("Wound care at home", C.HOME_CARE, "Wound vac and complex dressing changes.", "Homebound; physician order."),
    ]),
    ("Silverton Falls Home Care", K.HOME_HEALTH, [
        Listing("Rural home health", C.HOME_CARE, "Nursing and therapy visits in the eastern county.", "Homebound; lives in the service area."),
    ]),
    ("Evergreen Hospice", K.HOSPICE, [
        Listing("Home hospice care", C.HOSPICE, "Nursing, aide, social work and chaplain visits at home.", "Life expectancy of six months or less."),
        Listing("Grief support", C.SUPPORT, "Bereavement groups and calls for 13 months.", "Families of hospice patients and the community.", "Free"),
    ]),
    ("Willow Bend Hospice House", K.HOSPICE, [
        Listing("Inpatient hospice suites", C.HOSPICE, "Twelve-bed house for symptom management and end-of-life care.", "Enrolled in hospice; symptoms not managed at home."),
        Listing("Palliative care consults", C.MEDICAL, "Symptom and goals-of-care visits alongside treatment.", "Serious illness; physician referral."),
    ]),
    ("Lane Community Hospice", K.HOSPICE, [
        Listing("Hospice care", C.HOSPICE, "Care at home, in assisted living or in nursing facilities.", "Life expectancy of six months or less."),
    ]),
    # Health care
    ("Riverbend Community Health Center", K.PRIMARY_CARE, [
        Listing("Primary care for adults", C.MEDICAL, "New-patient visits within two weeks; sliding-scale fees.", "", "Sliding scale"),
        Listing("Diabetes education", C.MEDICAL, "Group classes and one-on-one visits with a diabetes educator.", "Patients of the center."),
    ]),
    ("Capitol Heights Family Medicine", K.PRIMARY_CARE, [
        Listing("Transitional care visits", C.MEDICAL, "Follow-up within seven days of a hospital discharge.", "Discharged in the last 30 days."),
        Listing("Prenatal care", C.MEDICAL, "Prenatal visits and delivery at the regional hospital.", "Pregnant residents of Marion County."),
    ]),
    ("Fernhill Free Clinic", K.PRIMARY_CARE, [
        Listing("Walk-in clinic for the uninsured", C.MEDICAL, "Evening walk-in visits, medication samples and lab work.", "No health insurance.", "Free"),
        Listing("Dental emergencies", C.MEDICAL, "Extractions and pain relief on Saturdays.", "No dental insurance.", "Free"),
    ]),
    ("Keizer Park Senior Health Clinic", K.PRIMARY_CARE, [
        Listing("Geriatric primary care", C.MEDICAL, "Longer visits, medication reviews and fall-risk screening.", "Age 65 or older."),
        Listing("Memory assessment clinic", C.MEDICAL, "Evaluation for memory loss, with caregiver support.", "Referral from a primary care provider."),
    ]),
    ("Lane Behavioral Health", K.BEHAVIORAL_HEALTH, [
        Listing("Outpatient therapy", C.BEHAVIORAL_HEALTH, "Individual and group therapy, including evenings.", "Ages 18 and up."),
        Listing("Psychiatric medication management", C.BEHAVIORAL_HEALTH, "Psychiatry and nurse practitioner visits.", "Current therapy client or referral from primary care."),
    ]),
    ("Marion County Mental Health Services", K.BEHAVIORAL_HEALTH, [
        Listing("Crisis walk-in center", C.BEHAVIORAL_HEALTH, "Same-day crisis assessment and stabilization.", "Anyone in crisis.", "Free"),
        Listing("Assertive community treatment", C.BEHAVIORAL_HEALTH, "Team-based care in the community for serious mental illness.", "Serious mental illness; recent hospitalizations."),
    ]),
    ("Oak Hollow Counseling Collective", K.BEHAVIORAL_HEALTH, [
        Listing("Trauma-informed counseling", C.BEHAVIORAL_HEALTH, "EMDR and trauma-focused therapy.", "Ages 12 and up.", "Sliding scale"),
        Listing("Peer support specialists", C.SUPPORT, "Peers with lived experience help with recovery goals.", "Adults with a mental health condition.", "Free"),
    ]),
    ("Willow Bend Youth and Family Services", K.BEHAVIORAL_HEALTH, [
        Listing("Family therapy", C.BEHAVIORAL_HEALTH, "Therapy for children, teens and their families.", "Families with children under 18."),
        Listing("Parenting classes", C.SUPPORT, "Eight-week parenting skills course.", "Parents and caregivers.", "Free"),
    ]),
    ("New Path Recovery Center", K.SUBSTANCE_USE, [
        Listing("Outpatient substance-use treatment", C.SUBSTANCE_USE, "Intensive outpatient groups three evenings a week.", "Adults; assessment at intake."),
        Listing("Medication for opioid use disorder", C.SUBSTANCE_USE, "Buprenorphine starts, often the same day.", "Opioid use disorder."),
    ]),
    ("Cedar Creek Residential Treatment", K.SUBSTANCE_USE, [
        Listing("Residential treatment", C.SUBSTANCE_USE, "28-to-90-day residential program.", "Adults; medically stable after withdrawal."),
        Listing("Withdrawal management", C.SUBSTANCE_USE, "Medically monitored detox, 3 to 7 days.", "Adults in withdrawal."),
    ]),
    ("Capitol Recovery Alliance", K.SUBSTANCE_USE, [
        Listing("Recovery mentors", C.SUPPORT, "Peer recovery mentors meet clients where they are.", "Anyone in or seeking recovery.", "Free"),
        Listing("Sober living referrals", C.HOUSING, "Placement in certified recovery homes.", "Engaged in treatment or recovery.", "Program fee"),
    ]),
    # Food
    ("Lane Harvest Food Bank", K.FOOD_BANK, [
        Listing("Emergency food boxes", C.FOOD, "Three days of groceries, once a week.", "Lane County residents; no documents needed.", "Free"),
        Listing("Senior grocery program", C.FOOD, "Monthly box for seniors on a low income.", "Age 60 or older; income limits.", "Free"),
    ]),
    ("Marion-Polk Community Pantry", K.FOOD_BANK, [
        Listing("Weekly food pantry", C.FOOD, "Client-choice pantry with fresh produce.", "Marion County residents.", "Free"),
        Listing("SNAP application help", C.BENEFITS, "Help applying for SNAP food benefits.", "Anyone.", "Free"),
    ]),
    ("Riverbend Neighborhood Pantry", K.FOOD_BANK, [
        Listing("Saturday pantry", C.FOOD, "Walk-up pantry run by volunteers.", "Anyone in need.", "Free"),
    ]),
    ("St. Vincent's Table", K.FOOD_BANK, [
        Listing("Hot meals", C.FOOD, "Free lunch every day and dinner on weekdays.", "Anyone.", "Free"),
        Listing("Showers and laundry", C.HOUSING, "Showers, laundry and a mail address.", "People without housing.", "Free"),
    ]),
    ("Silverton Falls Community Food Share", K.FOOD_BANK, [
        Listing("Rural food pantry", C.FOOD, "Pantry open twice a week with a mobile stop in outlying towns.", "Residents of the eastern county.", "Free"),
        Listing("Backpack program for kids", C.FOOD, "Weekend food for school children.", "Children at participating schools.", "Free"),
    ]),
    ("Meals on Wheels of the Valley", K.FOOD_BANK, [
        Listing("Home-delivered meals", C.FOOD, "A hot meal delivered on weekdays, with a friendly check-in.", "Age 60 or older or disabled; homebound.", "Suggested donation"),
        Listing("Medically tailored meals", C.FOOD, "Meals for heart failure, diabetes or kidney disease after discharge.", "Recent hospital discharge; referral from a care team.", "Free"),
    ]),
    ("Keizer Park Mobile Pantry", K.FOOD_BANK, [
        Listing("Mobile pantry route", C.FOOD, "A truck pantry visiting apartment complexes and parks.", "Anyone in need.", "Free"),
        Listing("WIC enrollment", C.BENEFITS, "Enrollment in WIC nutrition benefits.", "Pregnant people and children under 5; income limits.", "Free"),
    ]),
    # Housing and benefits
    ("Lane Housing Coalition", K.HOUSING, [
        Listing("Emergency shelter", C.HOUSING, "Nightly beds for adults, with storage and case management.", "Adults without housing.", "Free"),
        Listing("Rapid rehousing", C.HOUSING, "Rent help and a housing navigator for up to 12 months.", "Homeless or fleeing violence; income limits.", "Free"),
    ]),
    ("Marion County Housing Authority", K.HOUSING, [
        Listing("Housing choice vouchers", C.HOUSING, "Section 8 vouchers; waitlist opens periodically.", "Income below 50% of area median.", "Free"),
        Listing("Eviction prevention fund", C.HOUSING, "One-time help with back rent.", "Eviction notice; income limits.", "Free"),
    ]),
    ("Hope Harbor Family Shelter", K.HOUSING, [
        Listing("Family shelter", C.HOUSING, "Private rooms for families with children.", "Families with children under 18.", "Free"),
        Listing("Domestic violence safe housing", C.HOUSING, "Confidential shelter and safety planning.", "Survivors of domestic violence.", "Free"),
    ]),
    ("Springvale Senior Housing", K.HOUSING, [
        Listing("Affordable senior apartments", C.HOUSING, "Income-based apartments with a service coordinator.", "Age 62 or older; income limits."),
    ]),
    ("Lane County Department of Human Services", K.BENEFITS, [
        Listing("Medicaid (Oregon Health Plan) enrollment", C.BENEFITS, "Applications and renewals for Medicaid.", "Income limits.", "Free"),
        Listing("Aging and disability services", C.BENEFITS, "Long-term care eligibility and in-home care assessments.", "Age 65 or older or disabled.", "Free"),
    ]),
    ("Marion Benefits Navigation Center", K.BENEFITS, [
        Listing("Benefits screening", C.BENEFITS, "One visit to check SNAP, Medicaid, energy help and tax credits.", "Anyone.", "Free"),
        Listing("Energy assistance", C.BENEFITS, "Help with heating bills and shut-off notices.", "Income limits.", "Free"),
    ]),
    ("Valley Social Security Advocates", K.BENEFITS, [
        Listing("Disability claims help", C.BENEFITS, "Help applying for SSI and SSDI, and with appeals.", "Adults with a disabling condition.", "Free"),
        Listing("Medicare counseling", C.BENEFITS, "Unbiased help choosing Medicare plans.", "Medicare beneficiaries and caregivers.", "Free"),
    ]),
    # Legal, transport, support, other
    ("Lane Legal Aid Society", K.LEGAL_AID, [
        Listing("Eviction defense", C.LEGAL, "Lawyers for tenants facing eviction.", "Income below 200% of poverty.", "Free"),
        Listing("Benefits appeals", C.LEGAL, "Representation at Medicaid, SNAP and disability hearings.", "Income limits.", "Free"),
    ]),
    ("Marion Community Law Project", K.LEGAL_AID, [
        Listing("Immigration legal clinic", C.LEGAL, "Consultations and help with applications.", "Low-income immigrants.", "Free"),
        Listing("Advance directives and guardianship", C.LEGAL, "Help with powers of attorney and guardianship.", "Age 60 or older.", "Free"),
    ]),
    ("Valley Rides", K.TRANSPORTATION, [
        Listing("Medical rides for Medicaid members", C.TRANSPORTATION, "Rides to medical, dental and behavioral health visits.", "Medicaid members; book two days ahead.", "Free"),
        Listing("Wheelchair van service", C.TRANSPORTATION, "Door-to-door wheelchair-accessible rides.", "Uses a wheelchair.", "Free"),
    ]),
    ("Lane Transit Paratransit", K.TRANSPORTATION, [
        Listing("Paratransit rides", C.TRANSPORTATION, "Shared rides for people who cannot use the bus.", "Approved eligibility.", "$2.50 a ride"),
        Listing("Travel training", C.TRANSPORTATION, "One-on-one help learning to ride the bus.", "Adults with a disability or seniors.", "Free"),
    ]),
    ("Neighbors Driving Neighbors", K.TRANSPORTATION, [
        Listing("Volunteer driver program", C.TRANSPORTATION, "Volunteers drive seniors to appointments and errands.", "Age 60 or older; no other way to get there.", "Free"),
    ]),
    ("Valley Caregivers Circle", K.SUPPORT_GROUP, [
        Listing("Caregiver support group", C.SUPPORT, "Monthly group for family caregivers, online and in person.", "Family caregivers.", "Free"),
        Listing("Dementia caregiver training", C.SUPPORT, "Six-week course on caring for someone with dementia.", "Family caregivers.", "Free"),
    ]),
    ("Heart to Heart Cardiac Support", K.SUPPORT_GROUP, [
        Listing("Heart failure support group", C.SUPPORT, "Peer group on living with heart failure.", "People with heart disease and families.", "Free"),
        Listing("Cardiac rehab walking club", C.SUPPORT, "Weekly walking group after cardiac rehab.", "Completed cardiac rehab.", "Free"),
    ]),
    ("Lane Recovery Fellowship", K.SUPPORT_GROUP, [
        Listing("Recovery meetings", C.SUPPORT, "Daily mutual-aid meetings.", "Anyone who wants to stop using.", "Free"),
        Listing("Family recovery group", C.SUPPORT, "Support for families of people in recovery.", "Family members.", "Free"),
    ]),
    ("Willamette WorkSource Center", K.OTHER, [
        Listing("Job search help", C.EMPLOYMENT, "Resume help, job leads and interview practice.", "Anyone looking for work.", "Free"),
        Listing("Supported employment", C.EMPLOYMENT, "Individual placement and support for people with mental illness.", "Enrolled in mental health services.", "Free"),
    ]),
    ("Valley Community Action", K.OTHER, [
        Listing("Free tax preparation", C.OTHER, "Volunteer tax preparers during tax season.", "Household income under $67,000.", "Free"),
        Listing("Phone and internet assistance", C.OTHER, "Help enrolling in Lifeline and low-cost internet.", "Income limits or on benefits.", "Free"),
    ]),
]
# fmt: on


def seed() -> str:
    listed = seed_resources()
    made = seed_referrals()
    return f"{listed} services listed, {made} referrals made"


def seed_resources() -> int:
    """Returns how many services were created."""
    today = timezone.localdate()
    created = 0
    number = 0  # the listing's position across the directory
    for index, (name, kind, listings) in enumerate(ORGANIZATIONS):
        organization, _ = Organization.objects.get_or_create(
            name=name, defaults=_organization_fields(index, name, kind)
        )
        for listing in listings:
            _, new = Service.objects.get_or_create(
                organization=organization,
                name=listing.name,
                defaults={
                    "category": listing.category,
                    "description": listing.description,
                    "eligibility": listing.eligibility,
                    "cost": listing.cost or ("" if kind in BILLED else "Free"),
                    "capacity": CAPACITIES[number % len(CAPACITIES)],
                    "verified_on": today - datetime.timedelta(days=_days_since_verified(number)),
                },
            )
            created += new
            number += 1
    return created


def _organization_fields(index: int, name: str, kind: str) -> dict:
    town, county, zip_code = TOWNS[index % len(TOWNS)]
    other_county = "Marion County" if county == "Lane County" else "Lane County"
    slug = slugify(name)
    return {
        "kind": kind,
        "address": f"{120 + (index * 137) % 3800} {STREETS[index % len(STREETS)]}",
        "city": town,
        "county": county,
        "zip_code": zip_code,
        "service_area": _service_area(index, kind, county, other_county),
        "phone": f"(541) 555-01{index:02d}",
        "email": f"{slug}@example.org",
        "website": f"https://example.org/{slug}/",
        "languages": ", ".join(["English", *OTHER_LANGUAGES[index % len(OTHER_LANGUAGES)]]),
        "payers": CLINICAL_PAYERS[index % len(CLINICAL_PAYERS)] if kind in BILLED else "",
        "hours": HOURS[index % len(HOURS)],
        **_rating(index, kind),
    }


def _service_area(index: int, kind: str, county: str, other_county: str) -> str:
    """Its own county, some a neighbour too; most post-acute providers also take patients from
    the demo clients' county (clients.demo), one in five not, so a choice list leaves some out."""
    area = [county, other_county] if index % 3 == 0 else [county]
    if kind in Service.POST_ACUTE_CATEGORY and index % 5 != 4:
        area.append(CLIENTS_COUNTY)
    return ", ".join(area)


def _rating(index: int, kind: str) -> dict:
    """A post-acute provider's star rating and when it was checked, by position: one in six
    unrated, one in four checked over a year ago."""
    if kind not in Service.POST_ACUTE_CATEGORY or index % 6 == 5:
        return {}
    days = (
        Organization.RATING_STALE_AFTER_DAYS + 30 + index if index % 4 == 2 else (index * 23) % 200
    )
    return {
        "star_rating": 1 + (index * 3) % 5,
        "rating_checked_on": timezone.localdate() - datetime.timedelta(days=days),
    }


def _days_since_verified(number: int) -> int:
    if number % STALE_EVERY == STALE_EVERY - 1:
        return Service.STALE_AFTER_DAYS + 20 + 7 * (number % 30)
    return (number * 17) % 150


def seed_referrals() -> int:
    """A few referrals in different states on the first open cases, each under a consent naming
    the organization: awaiting an answer, overdue, scheduled, completed and a draft. Idempotent:
    cases that have referrals are left alone. Returns how many were made."""
    food = Service.objects.filter(category=Service.Category.FOOD).order_by("pk").first()
    housing = Service.objects.filter(category=Service.Category.HOUSING).order_by("pk").first()
    if food is None or housing is None:
        return 0
    made = 0
    stages = ["sent", "overdue", "scheduled", "completed", "draft"]
    cases = Case.objects.open().select_related("client", "primary_case_manager").order_by("pk")
    for case, stage in zip(cases[: len(stages)], stages, strict=False):
        if case.referrals.exists():
            continue
        service = food if stage in ("sent", "completed", "draft") else housing
        _referral(case, service, stage)
        made += 1
    return made


def release_for(case, organization: Organization, *, purpose: str, signed_days_ago: int) -> None:
    """The client's signed release of information naming the organization, valid for a year
    from signing (kept when there is one): what a demo referral is sent under."""
    today = timezone.localdate()
    Consent.objects.get_or_create(
        client=case.client,
        kind=Consent.Kind.RELEASE,
        organization=organization,
        defaults={
            "scope": Consent.Scope.ORGANIZATION,
            "organization_name": organization.name,
            "purpose": purpose,
            "signed_on": today - datetime.timedelta(days=signed_days_ago),
            "expires_on": today + datetime.timedelta(days=365 - signed_days_ago),
            "recorded_by": case.primary_case_manager,
        },
    )


def _referral(case, service, stage: str) -> None:
    manager = case.primary_case_manager
    release_for(
        case, service.organization, purpose=f"Referral to {service.name}", signed_days_ago=20
    )
    referral = new_referral(
        case=case,
        service=service,
        by=manager,
        reason=f"{case.client.display_name} needs {service.get_category_display().lower()} help.",
        shared_sections=[Referral.Section.NEED, Referral.Section.IDENTITY],
    )
    if stage == "draft":
        return
    send_referral(referral=referral, by=manager)
    if stage == "overdue":
        # As if sent a week ago and never answered.
        week_ago = timezone.now() - datetime.timedelta(days=7)
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=week_ago,
            status_changed_at=week_ago,
            respond_by=week_ago + datetime.timedelta(days=1),
        )
    if stage in ("scheduled", "completed"):
        # As the organization would answer, through its link.
        referral.accept(note="We can see them this week.", partner=True)
        appointment = timezone.now() + datetime.timedelta(days=-2 if stage == "completed" else 3)
        referral.schedule(appointment_at=appointment, partner=True)
    if stage == "completed":
        referral.complete(
            outcome=Referral.Outcome.RECEIVED, note="Picked up two food boxes.", partner=True
        )
