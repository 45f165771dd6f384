"""Helpers for the referral lifecycle, consent, deadline, batch, queue and view tests (the directory
and a sent referral come from referral_factories)."""

import datetime

import time_machine
from django.contrib.messages import ERROR, SUCCESS, WARNING, get_messages
from django.utils import timezone

from clients.tests.factories import ConsentFactory
from referrals import services
from referrals.models import Organization, Referral, Service
from referrals.tests.referral_factories import ServiceFactory, sent_referral


def put_in(referral: Referral, status: str) -> Referral:
    """Force the referral into `status`, past the transitions, to test what is refused from there.
    Give it a sent referral: any status but draft needs its consent and `sent_at`."""
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    return referral


def unsent_referral(case, *, by, service: Service | None = None, **fields) -> Referral:
    """A draft with no consent recorded for its organization (unlike `draft_referral`)."""
    fields.setdefault("reason", "Needs groceries while waiting for benefits")
    fields.setdefault("shared_sections", ["need", "identity"])
    return services.new_referral(case=case, service=service or ServiceFactory(), by=by, **fields)


def consent_naming(case, organization: Organization | None, *, by, **overrides):
    """A release of information naming `organization` (by its directory entry and its name), valid
    today; override any field to make it expired, revoked, of another kind or scope."""
    today = timezone.localdate()
    fields = {
        "client": case.client,
        "recorded_by": by,
        "kind": "roi",
        "scope": "organization",
        "organization": organization,
        "organization_name": organization.name if organization else "Someone Else",
        "signed_on": today - datetime.timedelta(days=1),
        "expires_on": today + datetime.timedelta(days=365),
    }
    return ConsentFactory(**(fields | overrides))


def send_at(moment: datetime.datetime, case, *, by, **kwargs) -> Referral:
    """A referral drafted and sent at `moment` (its deadline counted from then)."""
    with time_machine.travel(moment, tick=False):
        referral, _ = sent_referral(case, by=by, **kwargs)
    return referral


def overdue_referral(case, *, by, days_ago: int = 10, **kwargs):
    """A referral sent `days_ago` days ago and never answered, so past its deadline now; with the
    partner link it was sent with."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        return sent_referral(case, by=by, **kwargs)


def placement_service(**fields) -> Service:
    """A service the several-organizations form offers (post-acute placement)."""
    fields.setdefault("category", Service.Category.POST_ACUTE)
    fields.setdefault("organization__kind", Organization.Kind.SNF)
    return ServiceFactory(**fields)


def _messages(response, level) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == level]


def errors(response) -> list[str]:
    return _messages(response, ERROR)


def successes(response) -> list[str]:
    return _messages(response, SUCCESS)


def warnings(response) -> list[str]:
    return _messages(response, WARNING)
