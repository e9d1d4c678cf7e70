"""The family and the pupil's own say as they stand on a date.

`case.yaml` is the starting situation. Dated records change it from their date on, and
never before: a change of authority, a contact restriction, the pupil's refusal (16+) or
agreement (18+), a parent's request for information, a Verwijsindex registration. Every
question about who holds authority, who may be contacted and who receives a letter on a
date is answered from `family_on`; nothing reads `case.family` directly for that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.records import (
    Adult,
    AuthorityChange,
    Case,
    ContactRestriction,
    Family,
    InfoRequest,
    PupilVoice,
    RegistryEntry,
)
from zorgroute.model.vocab import Custody, RegistryAction, Relation, VoiceDecision
from zorgroute.store.dossier import CaseData

# The pupil decides alone from this age, and from adulthood parents are contacted only
# with the pupil's agreement (GUIDE §3.2).
REFUSE_FROM_AGE = 16
ADULT_AGE = 18
NOT_A_PARENT = frozenset({Relation.family_guardian})


@dataclass(frozen=True)
class AdultOn:
    """One adult around the pupil, as things stood on a day."""

    id: str
    relation: Relation
    authority: bool
    may_contact: bool
    info_requested: bool
    pupil_refuses: bool  # the pupil (16+) does not want information to go to this adult
    pupil_agrees: bool  # the pupil (18+) agrees that this adult is contacted


@dataclass(frozen=True)
class FamilyOn:
    """Who is who around the pupil on one day."""

    day: dt.date
    age: int
    custody: Custody
    models: tuple[Adult, ...]  # authority, may_contact, info_requested, refusals as of day
    agreed: frozenset[str]  # adults the pupil of 18+ agreed may be contacted
    family_guardian: str | None  # under a supervision order (OTS)
    in_registry: bool  # the Verwijsindex holds a signal about the pupil
    registry_since: dt.date | None

    @property
    def adults(self) -> tuple[AdultOn, ...]:
        return tuple(
            AdultOn(
                id=a.id,
                relation=a.relation,
                authority=a.authority,
                may_contact=a.may_contact,
                info_requested=a.info_requested,
                pupil_refuses=a.pupil_refuses_info,
                pupil_agrees=a.pupil_agrees_contact or a.id in self.agreed,
            )
            for a in self.models
        )

    def adult(self, adult_id: str) -> AdultOn | None:
        return next((a for a in self.adults if a.id == adult_id), None)

    @property
    def with_authority(self) -> tuple[AdultOn, ...]:
        return tuple(a for a in self.adults if a.authority)

    @property
    def holders(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.models if a.authority)

    def as_case(self, case: Case) -> Case:
        """The case with its family as it stands on the day, for code that reads a Case.

        For a pupil of 18 or older a parent the pupil did not agree to is marked as not
        to be contacted: the school writes to them only with the pupil's agreement."""
        adults = []
        for adult in self.models:
            if (
                self.age >= ADULT_AGE
                and adult.relation not in NOT_A_PARENT
                and adult.id not in self.agreed
                and not adult.pupil_agrees_contact
                and adult.may_contact
            ):
                adult = adult.model_copy(update={"may_contact": False})
            adults.append(adult)
        family = Family(
            custody=self.custody, custody_notes=case.family.custody_notes, adults=adults
        )
        return case.model_copy(update={"family": family})


def family_on(data: CaseData, day: dt.date) -> FamilyOn:
    """The family on `day`: case.yaml, then every dated family record up to that day."""
    case = data.case
    adults: dict[str, Adult] = {a.id: a for a in case.family.adults}
    custody = case.family.custody
    agreed: set[str] = set()
    guardian: str | None = None
    registry, since = False, None
    age = case.pupil.age_on(day)
    for entry in data.entries:
        rec = entry.record
        if rec.date > day:
            break  # entries are oldest first
        if isinstance(rec, AuthorityChange):
            for new in rec.new_adults:
                adults.setdefault(new.id, new)
            for adult_id, adult in adults.items():
                holds = adult_id in rec.holders
                if adult.authority != holds:
                    adults[adult_id] = adult.model_copy(update={"authority": holds})
            custody = rec.custody
            guardian = rec.family_guardian if rec.custody == Custody.supervision_order else None
        elif isinstance(rec, ContactRestriction):
            found = adults.get(rec.adult)
            if found is not None:
                adults[rec.adult] = found.model_copy(update={"may_contact": rec.may_contact})
        elif isinstance(rec, InfoRequest):
            found = adults.get(rec.adult)
            if found is not None:
                adults[rec.adult] = found.model_copy(update={"info_requested": True})
        elif isinstance(rec, PupilVoice):
            targets = rec.adults or [
                a.id for a in adults.values() if a.relation not in NOT_A_PARENT
            ]
            refuses = rec.decision == VoiceDecision.refuses_info
            for adult_id in targets:
                found = adults.get(adult_id)
                if found is None:
                    continue
                adults[adult_id] = found.model_copy(update={"pupil_refuses_info": refuses})
                if refuses:
                    agreed.discard(adult_id)
                else:
                    agreed.add(adult_id)
        elif isinstance(rec, RegistryEntry):
            registry = rec.action == RegistryAction.registered
            since = rec.date if registry else None
    if guardian is not None:  # the family guardian is kept informed under an OTS
        found = adults.get(guardian)
        if found is not None and not found.info_requested:
            adults[guardian] = found.model_copy(update={"info_requested": True})
    return FamilyOn(
        day,
        age,
        custody,
        tuple(adults.values()),
        frozenset(agreed),
        guardian,
        registry,
        since,
    )


def case_on(data: CaseData, day: dt.date) -> Case:
    """The case with its family as of `day` (see `FamilyOn.as_case`)."""
    return family_on(data, day).as_case(data.case)


def known_adults(data: CaseData) -> set[str]:
    """Every adult id the dossier knows: case.yaml and those added by a later record."""
    ids = {a.id for a in data.case.family.adults}
    for entry in data.entries:
        if isinstance(entry.record, AuthorityChange):
            ids |= {a.id for a in entry.record.new_adults}
    return ids
