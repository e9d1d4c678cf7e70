"""The family situation on a date: the one place the rules and letters learn who has
authority, who may be contacted, and what the pupil decided about a parent.

Today this reads `case.yaml` as the starting situation. Dated records that change it
(authority, a contact restriction, the pupil's refusal or agreement) are applied here and
nowhere else, so every rule, letter and overview sees the same family on the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.vocab import Custody, Relation
from zorgroute.store.repo import CaseData


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
    day: dt.date
    custody: Custody
    adults: tuple[AdultOn, ...]

    def adult(self, adult_id: str) -> AdultOn | None:
        return next((a for a in self.adults if a.id == adult_id), None)

    @property
    def with_authority(self) -> tuple[AdultOn, ...]:
        return tuple(a for a in self.adults if a.authority)


def family_on(data: CaseData, day: dt.date) -> FamilyOn:
    """The family as it stood on `day`."""
    family = data.case.family
    adults = tuple(
        AdultOn(
            id=a.id,
            relation=a.relation,
            authority=a.authority,
            may_contact=a.may_contact,
            info_requested=a.info_requested,
            pupil_refuses=a.pupil_refuses_info,
            pupil_agrees=a.pupil_agrees_contact,
        )
        for a in family.adults
    )
    return FamilyOn(day, family.custody, adults)
