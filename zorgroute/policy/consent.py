"""The basis for discussing a pupil by name (GUIDE §3): who must consent, and whether a
valid basis exists for a forum on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zorgroute.model.records import Case, Consent
from zorgroute.model.route import ConsentPolicy
from zorgroute.model.vocab import Basis, Forum, Purpose
from zorgroute.store.repo import CaseData, Entry

PUPIL = "pupil"


@dataclass(frozen=True)
class Consenters:
    """Who must consent on a date, from the pupil's age and the family's authority."""

    age: int
    adults: tuple[str, ...]  # adult ids
    pupil: bool
    note: str

    @property
    def ids(self) -> tuple[str, ...]:
        return self.adults + ((PUPIL,) if self.pupil else ())


def consenters(case: Case, day: dt.date, policy: ConsentPolicy) -> Consenters:
    age = case.pupil.age_on(day)
    holders = tuple(a.id for a in case.family.with_authority)
    if age >= policy.pupil_alone_from_age:
        note = (
            "de leerling beslist zelf"
            if age < 18
            else "de leerling is meerderjarig en beslist zelf; ouders alleen met instemming "
            "van de leerling"
        )
        return Consenters(age, (), True, note)
    if age >= policy.pupil_from_age:
        return Consenters(age, holders, True, "de ouders met gezag én de leerling")
    return Consenters(age, holders, False, "de ouders met gezag")


@dataclass
class BasisCheck:
    valid: bool
    forum: Forum
    day: dt.date
    basis: Entry | None = None
    reasons: list[str] = field(default_factory=list)
    consenters: Consenters | None = None

    @property
    def summary(self) -> str:
        if self.valid and self.basis is not None:
            record = self.basis.record
            assert isinstance(record, Consent)
            return f"{record.basis.label} van {record.date.isoformat()}"
        return "; ".join(self.reasons) or "geen grondslag"


def ended_by(entry: Entry, consents: list[Entry], day: dt.date) -> str | None:
    """Why a basis has ended by `day`, if it has."""
    for other in consents:
        rec = other.record
        assert isinstance(rec, Consent)
        if rec.date > day or other is entry:
            continue
        if rec.basis == Basis.withdrawal and rec.refers_to == entry.id:
            return f"ingetrokken op {rec.date.isoformat()}"
        if rec.basis == Basis.objection and (rec.refers_to in (None, entry.id)):
            base = entry.record
            assert isinstance(base, Consent)
            if rec.forum == base.forum and rec.date >= base.date:
                return f"bezwaar gemaakt op {rec.date.isoformat()}"
    return None


def check_basis(
    data: CaseData,
    forum: Forum,
    day: dt.date,
    policy: ConsentPolicy,
    *,
    anonymous: bool = False,
    purpose: Purpose = Purpose.discussion,
) -> BasisCheck:
    """Is there a valid basis to discuss this pupil in `forum` on `day`?"""
    result = BasisCheck(False, forum, day)
    if anonymous:
        result.valid = True
        result.reasons.append("anonieme bespreking: geen naam of herleidbare gegevens")
        return result
    who = consenters(data.case, day, policy)
    result.consenters = who
    consents = [e for e in data.entries if isinstance(e.record, Consent)]
    relevant = [
        e
        for e in consents
        if isinstance(e.record, Consent) and e.record.forum == forum and e.record.date <= day
    ]
    no_holder = who.adults == () and who.age < policy.pupil_alone_from_age
    # newest first: the latest valid basis wins
    for entry in reversed(relevant):
        rec = entry.record
        assert isinstance(rec, Consent)
        if rec.basis in (Basis.objection, Basis.withdrawal, Basis.anonymous):
            continue
        if rec.basis == Basis.refusal:
            if purpose in rec.purposes:
                result.reasons.append(f"geweigerd op {rec.date.isoformat()}")
                return result
            continue
        if purpose not in rec.purposes:
            continue
        ended = ended_by(entry, consents, day)
        if ended:
            result.reasons.append(f"{rec.basis.label} van {rec.date.isoformat()}: {ended}")
            continue
        if rec.at_enrolment:
            result.reasons.append(
                "toestemming bij inschrijving telt niet: elke bespreking "
                "vraagt een eigen toestemming of kennisgeving"
            )
            continue
        if rec.basis == Basis.exception:
            result.valid, result.basis = True, entry
            return result
        if no_holder and rec.basis in (Basis.no_objection_notice, Basis.written_consent):
            result.reasons.append(
                f"{rec.basis.label} van {rec.date.isoformat()}: in het "
                f"dossier staat geen volwassene met gezag (nodig: "
                f"{who.note}, leeftijd {who.age})"
            )
            continue
        if rec.basis == Basis.no_objection_notice:
            deadline = rec.objection_deadline
            if deadline is not None and day <= deadline:
                result.reasons.append(
                    f"de bezwaartermijn van de kennisgeving loopt tot en met {deadline.isoformat()}"
                )
                continue
            result.valid, result.basis = True, entry
            return result
        if rec.basis == Basis.written_consent:
            given = set(rec.given_by)
            missing = [m for m in who.ids if m not in given]
            if not policy.all_authority_holders and given & set(who.adults):
                missing = [m for m in missing if m == PUPIL]
            if missing:
                names = ", ".join("de leerling" if m == PUPIL else m for m in missing)
                result.reasons.append(
                    f"de toestemming van {rec.date.isoformat()} mist {names} "
                    f"(nodig: {who.note}, leeftijd {who.age})"
                )
                continue
            result.valid, result.basis = True, entry
            return result
    if not result.reasons:
        result.reasons.append(f"geen toestemming of kennisgeving voor {forum.label}")
    return result
