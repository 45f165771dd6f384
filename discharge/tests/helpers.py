"""For the discharge tests: a frozen Wednesday morning, and stays admitted and discharged by the
services as the pages do."""

import datetime

from django.utils import timezone

from discharge import services
from discharge.models import Admission, DischargePlan
from reminders.tests.kinds import NOW

from .factories import HospitalFactory


def at(days: float, *, hour: int = 10) -> datetime.datetime:
    """A local moment `days` days after (negative: before) the frozen morning."""
    return (NOW + datetime.timedelta(days=days)).replace(hour=hour)


def admit(case, *, by, admitted_at=None, facility=None, **fields) -> Admission:
    fields.setdefault("admission_type", Admission.AdmissionType.EMERGENCY)
    return services.admit_patient(
        case=case,
        by=by,
        facility=facility or HospitalFactory(),
        admitted_at=admitted_at or timezone.now(),
        **fields,
    )


def tick_checklist(admission: Admission) -> None:
    DischargePlan.objects.filter(admission=admission).update(
        **dict.fromkeys(DischargePlan.CHECKLIST, True)
    )


def discharge(admission: Admission, *, by, discharged_at=None, **fields) -> Admission:
    tick_checklist(admission)
    fields.setdefault("disposition", "home")
    return services.discharge_patient(
        admission=admission, by=by, discharged_at=discharged_at or timezone.now(), **fields
    )
