"""The facts the answers rest on, as of the date of the act: the pupil's exact age, who gives
consent, who has authority, who may be contacted, and whether the safety path holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.records import Consent
from zorgroute.model.route import ConsentPolicy, Route
from zorgroute.model.vocab import Basis
from zorgroute.policy.family import FamilyOn, family_on
from zorgroute.policy.meldcode import letters_hold
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData

PUPIL = "pupil"
ADULT_AGE = 18  # majority: authority ends, the pupil decides who is contacted
LAW_PUPIL_FROM = 12  # the pupil consents too (double consent)
LAW_PUPIL_ALONE_FROM = 16  # the pupil decides alone and may refuse a parent


def age_on(birth: dt.date, day: dt.date) -> int:
    """Exact age in whole years; a pupil turns 12 on the birthday itself (born on 29
    February: on 1 March in a year without that day)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


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


def consenters_on(age: int, family: FamilyOn, policy: ConsentPolicy) -> Consenters:
    holders = tuple(a.id for a in family.with_authority)
    if age >= ADULT_AGE:
        return Consenters(
            age,
            (),
            True,
            "de leerling is meerderjarig en beslist zelf; ouders alleen met instemming van de "
            "leerling",
        )
    if age >= policy.pupil_alone_from_age:
        return Consenters(age, (), True, "de leerling beslist zelf")
    if age >= policy.pupil_from_age:
        return Consenters(age, holders, True, "de ouders met gezag én de leerling")
    return Consenters(age, holders, False, "de ouders met gezag")


@dataclass(frozen=True)
class SafetyPath:
    """The case is handled under the consent exception (the child's safety): nothing goes
    to the parents until a later record ends it. This holds from the recorded exception even
    when it does not count as a basis (decided by someone other than the directeur): the
    fear for the child's safety is on record, and a letter to the parents cannot be undone.

    The meldcode holds the same way (`meldcode` true): while a meldcode track runs, and after
    a report to Veilig Thuis made without the talk with the parents until a later
    conversation with them (`policy.meldcode.letters_hold`)."""

    active: bool
    since: dt.date | None = None
    record: str | None = None
    meldcode: bool = False


def safety_path(data: CaseData, on: dt.date) -> SafetyPath:
    exceptions: dict[str, dt.date] = {}
    ended: set[str] = set()
    for entry in effective_entries(data, on):
        rec = entry.record
        if not isinstance(rec, Consent) or rec.date > on:
            continue
        if rec.basis == Basis.exception:
            exceptions[entry.id] = rec.date
        elif rec.basis == Basis.exception_end and rec.refers_to:
            ended.add(rec.refers_to)
    open_ = [(day, rid) for rid, day in exceptions.items() if rid not in ended]
    if open_:
        day, rid = min(open_)
        return SafetyPath(True, day, rid)
    hold = letters_hold(data, on)
    if hold is not None:
        return SafetyPath(True, hold.since, hold.record, meldcode=True)
    return SafetyPath(False)


@dataclass(frozen=True)
class Facts:
    day: dt.date
    age: int
    birthday_passed: bool  # the pupil already had their birthday this year
    consenters: Consenters
    family: FamilyOn
    safety: SafetyPath
    pupil_alone: bool  # the pupil decides alone (16 and over) and may refuse a parent

    @property
    def adult(self) -> bool:
        return self.age >= ADULT_AGE


def facts(data: CaseData, route: Route, on: dt.date) -> Facts:
    """The facts of one case on `on`."""
    return facts_with(data, route.consent, on)


def facts_with(data: CaseData, policy: ConsentPolicy, on: dt.date) -> Facts:
    """`facts` for a caller that has the route's consent policy only."""
    born = data.case.pupil.birth_date
    age = age_on(born, on)
    family = family_on(data, on)
    passed = (on.month, on.day) >= (born.month, born.day)
    return Facts(
        on,
        age,
        passed,
        consenters_on(age, family, policy),
        family,
        safety_path(data, on),
        age >= min(policy.pupil_alone_from_age, ADULT_AGE),
    )
