"""May the school refer the pupil to a partner, for a purpose? Veilig Thuis under the
meldcode is the one referral that needs no consent; it is recorded as such."""

from __future__ import annotations

import datetime as dt

from zorgroute.model.records import Config, MeldcodeStep
from zorgroute.model.route import Route
from zorgroute.model.vocab import Destination, MeldcodeDecision, PartnerKind, Purpose
from zorgroute.policy.consent import Scope, judge_scope
from zorgroute.policy.facts import facts
from zorgroute.policy.meldcode import veilig_thuis_partner
from zorgroute.policy.norms import objection_period_days
from zorgroute.policy.verdict import Verdict
from zorgroute.store.repo import CaseData

MELDCODE_NOTE = "melding bij Veilig Thuis onder de meldcode: zonder toestemming toegestaan"


def is_meldcode(config: Config, partner: str, destination: Destination | None) -> bool:
    """A report to Veilig Thuis (by destination or by the partner's kind)."""
    found = config.partner(partner)
    return destination == Destination.veilig_thuis or (
        found is not None and found.kind == PartnerKind.veilig_thuis
    )


def may_refer(
    data: CaseData,
    route: Route,
    config: Config,
    partner: str,
    purposes: tuple[Purpose, ...],
    on: dt.date,
    *,
    destination: Destination | None = None,
) -> Verdict:
    """Is there written consent naming this partner for these purposes, from whoever must
    consent on `on`, and no refusal of exactly that partner or purpose?"""
    if is_meldcode(config, partner, destination):
        return Verdict.yes(note=MELDCODE_NOTE)
    stated = tuple(p for p in purposes if p != Purpose.referral)
    scope = Scope(
        None,
        (partner,),
        stated or (Purpose.referral,),
        open_purpose=not stated,
        written_only=True,
    )
    period = objection_period_days(route, config)
    verdict = judge_scope(data, route.consent, config, period, scope, on, facts(data, route, on))
    if verdict.allowed:
        return verdict
    return Verdict(
        False,
        verdict.reasons,
        verdict.fix.replace("--forum FORUM", "--forum zat|zorgteam|mdo"),
    )


def report_verdict(
    data: CaseData, route: Route, config: Config, record: MeldcodeStep
) -> Verdict | None:
    """For a meldcode decision to report to Veilig Thuis: the answer on that referral, which
    under the meldcode needs no consent (its `note` says so). None for any other step."""
    if MeldcodeDecision.report_vt not in record.decisions:
        return None
    return may_refer(
        data,
        route,
        config,
        veilig_thuis_partner(config),
        (Purpose.referral,),
        record.date,
        destination=Destination.veilig_thuis,
    )
