"""The basis for discussing a pupil by name and for referring them (GUIDE §3).

Consent is scoped: to a forum, to named partners, to purposes. A refusal or objection blocks
exactly the scope it names; a later notice never overrides it, only a later written consent
does. A withdrawal or objection ends the consent it names, and older consents that one
superseded stay ended. Records are read with their corrections applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.records import Case, Config, Consent
from zorgroute.model.route import ConsentPolicy, Route
from zorgroute.model.vocab import Basis, Forum, Purpose
from zorgroute.policy.facts import (
    PUPIL,
    Consenters,
    Facts,
    age_on,
    consenters_on,
    facts,
)
from zorgroute.policy.family import family_on
from zorgroute.policy.norms import objection_period_days
from zorgroute.policy.roles import Reserved, may_decide
from zorgroute.policy.verdict import Verdict
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

__all__ = [
    "PUPIL",
    "Consenters",
    "Scope",
    "basis_record",
    "consent_entries",
    "consenters",
    "ended_by",
    "may_discuss",
    "notice_deadline",
]

GRANTS = frozenset({Basis.written_consent, Basis.no_objection_notice, Basis.exception})
STOPS = frozenset({Basis.refusal, Basis.objection})


@dataclass(frozen=True)
class Scope:
    """What an act needs a basis for. `forum` None: any forum (a referral)."""

    forum: Forum | None
    partners: tuple[str, ...] = ()
    purposes: tuple[Purpose, ...] = (Purpose.discussion,)
    # a referral that states no purpose of its own: a refusal naming the partner blocks it
    open_purpose: bool = False
    written_only: bool = False  # a referral needs written consent; a notice is not enough

    def describe(self) -> str:
        where = self.forum.label if self.forum is not None else "deze verwijzing"
        return where


def consent_entries(data: CaseData, on: dt.date) -> list[Entry]:
    """Consent records on or before `on`, corrections applied, oldest first."""
    found = [
        e
        for e in effective_entries(data, on)
        if isinstance(e.record, Consent) and e.record.date <= on
    ]
    found.sort(key=Entry.sort_key)
    return found


def _consent(entry: Entry) -> Consent:
    rec = entry.record
    assert isinstance(rec, Consent)
    return rec


def covers(grant: Consent, scope: Scope) -> bool:
    """Does a consent or notice cover everything the act needs?"""
    if scope.forum is not None and grant.forum != scope.forum:
        return False
    if not set(scope.partners) <= set(grant.partners):
        return False
    if scope.open_purpose:
        # a referral without a stated purpose: any purpose beyond the discussion itself
        return any(p != Purpose.discussion for p in grant.purposes)
    return all(
        p in grant.purposes or (p == Purpose.referral and Purpose.assessment in grant.purposes)
        for p in scope.purposes
    )


def blocks(stop: Consent, scope: Scope) -> bool:
    """Does a refusal or objection block this act? Exactly its forum, partners, purposes."""
    if scope.forum is not None and stop.forum != scope.forum:
        return False
    if stop.partners and not set(stop.partners) & set(scope.partners):
        return False
    if scope.open_purpose and stop.partners:
        return True
    return bool(set(stop.purposes) & set(scope.purposes))


def notice_deadline(notice: Consent, period: int) -> dt.date:
    """The last day to object: the recorded one when it lies after the notice's date,
    otherwise the date plus the objection period (`objection_period_days`)."""
    deadline = notice.objection_deadline
    if deadline is not None and deadline > notice.date:
        return deadline
    return notice.date + dt.timedelta(days=period)


def ended_by(entry: Entry, consents: list[Entry], day: dt.date) -> str | None:
    """Why a basis has ended by `day`, if it has: withdrawn, objected to, or the exception
    ended."""
    base = _consent(entry)
    for other in consents:
        rec = other.record
        if not isinstance(rec, Consent) or other.id == entry.id or rec.date > day:
            continue
        if rec.date < base.date:
            continue
        if rec.basis == Basis.withdrawal and rec.refers_to == entry.id:
            return f"ingetrokken op {rec.date.isoformat()}"
        if rec.basis == Basis.objection and rec.refers_to == entry.id:
            return f"bezwaar gemaakt op {rec.date.isoformat()}"
        if rec.basis == Basis.exception_end and rec.refers_to == entry.id:
            return f"beëindigd op {rec.date.isoformat()}"
    return None


def _stop_label(stop: Consent) -> str:
    return "geweigerd" if stop.basis == Basis.refusal else "bezwaar gemaakt"


def _fix(data: CaseData, scope: Scope) -> str:
    forum = scope.forum.value if scope.forum is not None else "FORUM"
    partners = "".join(f" --partner {p}" for p in scope.partners)
    purposes = "".join(f" --purpose {p.value}" for p in scope.purposes if p != Purpose.discussion)
    if scope.written_only:
        return (
            f"leg de schriftelijke toestemming vast: zorgroute consent {data.id} --basis "
            f"written_consent --forum {forum}{partners}{purposes} --given-by ..."
        )
    return (
        f"zorgroute consent {data.id} --forum {forum}{partners}{purposes} --basis "
        "written_consent|no_objection_notice|exception (of bespreek anoniem)"
    )


def judge_scope(
    data: CaseData,
    policy: ConsentPolicy,
    config: Config | None,
    period: int,
    scope: Scope,
    on: dt.date,
    known: Facts,
) -> Verdict:
    """The newest consent that covers the scope decides; see the module docstring.

    `config` None (older callers): an exception is taken as decided by the directeur; its
    record could only be written after that was checked, and `check` reports it if not."""
    who = known.consenters
    consents = consent_entries(data, on)
    stops = [e for e in consents if _consent(e).basis in STOPS and blocks(_consent(e), scope)]
    last_stop = stops[-1] if stops else None
    no_holder = not who.adults and not known.pupil_alone
    reasons: list[str] = []
    for entry in reversed(consents):
        rec = _consent(entry)
        if rec.basis not in GRANTS or not covers(rec, scope):
            continue
        when = rec.date.isoformat()
        if rec.at_enrolment:
            reasons.append(
                "toestemming bij inschrijving telt niet: elke bespreking vraagt een eigen "
                "toestemming of kennisgeving"
            )
            continue
        if rec.basis == Basis.exception:
            if scope.written_only:
                continue
            decided = (
                may_decide(config, rec.decided_by or "", Reserved.consent_exception, rec.date)
                if config is not None
                else Verdict.yes()
            )
            if not decided.allowed:
                reasons.append(
                    f"het besluit van {when} om zonder toestemming te bespreken telt niet: "
                    + decided.summary
                )
                continue
            ended = ended_by(entry, consents, on)
            if ended:
                reasons.append(f"{rec.basis.label} van {when}: {ended}")
                continue
            return Verdict.yes(basis=entry.id, note="bespreking zonder toestemming")
        if scope.written_only and rec.basis != Basis.written_consent:
            reasons.append(
                f"{rec.basis.label} van {when} is niet genoeg: hiervoor is schriftelijke "
                "toestemming nodig"
            )
            continue
        if last_stop is not None:
            stop = _consent(last_stop)
            ended = ended_by(entry, consents, on)
            if ended and rec.date <= stop.date:
                reasons.append(f"{rec.basis.label} van {when}: {ended}")
                break
            if rec.date <= stop.date or rec.basis == Basis.no_objection_notice:
                reasons.append(
                    f"{_stop_label(stop)} op {stop.date.isoformat()}; een kennisgeving heft dat "
                    "niet op, alleen een nieuwe schriftelijke toestemming"
                    if rec.basis == Basis.no_objection_notice and rec.date > stop.date
                    else f"{_stop_label(stop)} op {stop.date.isoformat()}"
                )
                if rec.date <= stop.date:
                    break  # everything older is covered by the refusal as well
                continue
        ended = ended_by(entry, consents, on)
        if ended:
            reasons.append(f"{rec.basis.label} van {when}: {ended}")
            break  # a withdrawn consent does not revive the older ones it superseded
        if no_holder:
            reasons.append(
                f"{rec.basis.label} van {when}: in het dossier staat geen volwassene met gezag "
                f"(nodig: {who.note}, leeftijd {who.age})"
            )
            continue
        if rec.basis == Basis.no_objection_notice:
            deadline = notice_deadline(rec, period)
            if on <= deadline:
                reasons.append(
                    f"de bezwaartermijn van de kennisgeving loopt tot en met {deadline.isoformat()}"
                )
                continue
            return Verdict.yes(basis=entry.id)
        given = set(rec.given_by)
        missing = [m for m in who.ids if m not in given]
        if not policy.all_authority_holders and given & set(who.adults):
            missing = [m for m in missing if m == PUPIL]
        if missing:
            names = ", ".join("de leerling" if m == PUPIL else m for m in missing)
            reasons.append(
                f"de toestemming van {when} mist {names} (nodig: {who.note}, leeftijd {who.age})"
            )
            continue
        return Verdict.yes(basis=entry.id)
    if last_stop is not None and not reasons:
        stop = _consent(last_stop)
        reasons.append(f"{_stop_label(stop)} op {stop.date.isoformat()}")
    if not reasons:
        what = "schriftelijke toestemming" if scope.written_only else "toestemming of kennisgeving"
        reasons.append(f"geen {what} voor {scope.describe()}")
    return Verdict(False, tuple(dict.fromkeys(reasons)), _fix(data, scope))


def may_discuss(
    data: CaseData,
    route: Route,
    config: Config,
    forum: Forum,
    on: dt.date,
    *,
    partners: tuple[str, ...] = (),
    purpose: Purpose = Purpose.discussion,
    anonymous: bool = False,
) -> Verdict:
    """Is there a valid basis to discuss the pupil by name in `forum` on `on`, with these
    partners at the table, for this purpose?"""
    if anonymous:
        return Verdict.yes(note="anonieme bespreking: geen naam of herleidbare gegevens")
    scope = Scope(forum, tuple(partners), (purpose,))
    period = objection_period_days(route, config)
    return judge_scope(data, route.consent, config, period, scope, on, facts(data, route, on))


# --- the helpers current callers use ------------------------------------------------------


def consenters(case: Case | CaseData, day: dt.date, policy: ConsentPolicy) -> Consenters:
    """Who must consent on `day` (the family as `family_on` sees it)."""
    data = case if isinstance(case, CaseData) else CaseData(case, "", ())
    age = age_on(data.case.pupil.birth_date, day)
    return consenters_on(age, family_on(data, day), policy)


def basis_record(data: CaseData, verdict: Verdict, on: dt.date) -> Consent | None:
    """The consent record a verdict rests on, with its corrections up to `on` applied: for
    documents and overviews that show which consent they rest on."""
    if verdict.basis is None:
        return None
    found = next((e for e in consent_entries(data, on) if e.id == verdict.basis), None)
    return _consent(found) if found is not None else None
