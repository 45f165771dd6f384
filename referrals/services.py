"""Referral workflows: creating and sending (under a covering consent, with a partner link),
answering through the partner link, re-routing, and batches to several organizations."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from casemgmt.transitions import InvalidTransition
from cases.models import Case
from clients.models import Consent

from .models import (
    PartnerLink,
    PartnerLinkUse,
    Referral,
    ReferralBatch,
    Service,
    consents_covering,
)


def new_referral(*, case: Case, service: Service, by: User, **fields) -> Referral:
    if not case.is_open:
        raise InvalidTransition("This case is closed: reopen it to refer the client.")
    return Referral.objects.create(
        case=case, service=service, organization=service.organization, created_by=by, **fields
    )


@transaction.atomic
def send_referral(*, referral: Referral, by: User, consent: Consent | None = None) -> PartnerLink:
    """Send under `consent`, or the newest valid one that covers the organization; the
    organization gets a partner link to answer with."""
    if consent is None:
        consent = consents_covering(referral.case, referral.organization).first()
    if consent is None:
        raise InvalidTransition(
            f"No valid release of information names {referral.organization}: record the "
            "client's signed consent before anything is shared."
        )
    referral.send(by=by, consent=consent)
    return issue_partner_link(referral=referral)


@transaction.atomic
def issue_partner_link(*, referral: Referral) -> PartnerLink:
    """A fresh link for the organization's next answer; earlier unused ones stop working. Only a
    sent, open referral whose consent still holds gets one."""
    if referral.status not in Referral.OPEN or referral.status == Referral.Status.DRAFT:
        raise InvalidTransition("Only a sent, open referral gets a partner link.")
    if not referral.consent_is_valid():
        raise InvalidTransition("The consent it was sent under no longer allows sharing.")
    now = timezone.now()
    referral.links.usable().update(revoked_at=now)
    return PartnerLink.objects.create(
        referral=referral, expires_at=now + datetime.timedelta(days=PartnerLink.VALID_DAYS)
    )


def audit_link_use(*, link: PartnerLink | None, action: str, result: str, request) -> None:
    PartnerLinkUse.objects.create(
        link=link,
        action=action,
        result=result,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


@transaction.atomic
def answer_through_link(*, link: PartnerLink, move: str, request, **answer) -> PartnerLink | None:
    """The organization's answer: uses the link up (once, even under concurrent clicks), moves the
    referral, and issues the link for the next step while the referral stays open."""
    if move not in Referral.PARTNER_MOVES:
        raise InvalidTransition("That is not an answer this link can give.")
    used = PartnerLink.objects.usable().filter(pk=link.pk).update(used_at=timezone.now())
    if used != 1:
        raise InvalidTransition("This link has already been used or has expired.")
    referral = Referral.objects.select_for_update().get(pk=link.referral_id)
    getattr(referral, move)(partner=True, **answer)
    audit_link_use(link=link, action=move, result="ok", request=request)
    if referral.status in (
        Referral.Status.ACCEPTED,
        Referral.Status.WAITLISTED,
        Referral.Status.SCHEDULED,
    ):
        return issue_partner_link(referral=referral)
    return None


@transaction.atomic
def reroute_referral(*, referral: Referral, to: Service, by: User) -> Referral:
    """Send the need elsewhere in one step: the overdue or declined referral is closed off and a
    linked one goes to `to` (sent at once when a consent covers it, else kept as a draft)."""
    if not referral.can_reroute:
        raise InvalidTransition("Only an overdue or declined referral can be re-routed.")
    if to.organization_id == referral.organization_id and to.pk == referral.service_id:
        raise InvalidTransition("Choose a different service to re-route to.")
    if referral.status == Referral.Status.SENT:
        referral.cancel(by=by, note=f"Re-routed to {to.organization}: no answer in time.")
    rerouted = new_referral(
        case=referral.case,
        service=to,
        by=by,
        reason=referral.reason,
        need=referral.need,
        goal=referral.goal,
        urgency=referral.urgency,
        shared_sections=referral.shared_sections,
        rerouted_from=referral,
    )
    consent = consents_covering(rerouted.case, rerouted.organization).first()
    if consent is not None:
        send_referral(referral=rerouted, by=by, consent=consent)
    return rerouted


@transaction.atomic
def refer_to_several(
    *, case: Case, services: list[Service], by: User, reason: str, **fields
) -> ReferralBatch:
    """One batch: a referral per service, ranked in the client's order of choice (the list's)."""
    if len({s.organization_id for s in services}) != len(services):
        raise InvalidTransition("Choose each organization once.")
    batch = ReferralBatch.objects.create(case=case, reason=reason, created_by=by)
    for rank, service in enumerate(services, start=1):
        new_referral(
            case=case,
            service=service,
            by=by,
            reason=reason,
            batch=batch,
            client_rank=rank,
            **fields,
        )
    return batch


def send_batch(*, batch: ReferralBatch, by: User) -> tuple[list[Referral], list[Referral]]:
    """Send every draft of the batch that a valid release of information names, in the client's
    order of choice; returns (sent, held back: those no release names yet, still drafts)."""
    sent, held = [], []
    drafts = batch.referrals.filter(status=Referral.Status.DRAFT).select_related(
        "organization", "case"
    )
    for referral in drafts.order_by("client_rank"):
        consent = consents_covering(referral.case, referral.organization).first()
        if consent is None:
            held.append(referral)
        else:
            send_referral(referral=referral, by=by, consent=consent)
            sent.append(referral)
    return sent, held
