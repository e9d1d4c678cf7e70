"""What the documents ask the policy layer: whom a document goes to, what they may see.

A thin adapter over `zorgroute.policy`. Documents never decide these questions themselves:
they call `facts`, `recipients`, `visible_adults` and `may_discuss` here, always for the
date of the record the document is about. When the policy layer offers the same questions
(`policy.recipients`, `policy.visible`, `policy.facts`), these functions become calls to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from zorgroute.model.records import Adult, Case, Config, Consent
from zorgroute.model.route import Route
from zorgroute.model.vocab import Basis, Forum
from zorgroute.policy.consent import BasisCheck, Consenters, check_basis, consenters, ended_by
from zorgroute.policy.facts import safety_path
from zorgroute.store.repo import CaseData, Entry

LetterMode = Literal["auto", "each", "together"]
PUPIL = "pupil"
ADULT_AGE = 18


@dataclass(frozen=True)
class Facts:
    """The facts the answers rest on, on one date."""

    on: dt.date
    age: int
    consenters: Consenters
    alone: bool  # the pupil decides alone (16+)
    adult: bool  # the pupil is 18 or older
    safety_path: Entry | None  # the exception record the case is handled under, if any
    refused_adults: frozenset[str]  # adults the pupil (16+) does not want involved

    @property
    def under_exception(self) -> bool:
        return self.safety_path is not None


def exception_in_force(data: CaseData, on: dt.date) -> Entry | None:
    """The consent exception (child's safety) in force on `on`: decided, not withdrawn, and
    not lifted by a later written consent or notice for the same forum."""
    consents = [e for e in data.entries if isinstance(e.record, Consent) and e.record.date <= on]
    current: Entry | None = None
    for entry in consents:
        rec = entry.record
        assert isinstance(rec, Consent)
        if rec.basis == Basis.exception and ended_by(entry, consents, on) is None:
            current = entry
        elif (
            current is not None
            and rec.basis in (Basis.written_consent, Basis.no_objection_notice)
            and isinstance(current.record, Consent)
            and rec.forum == current.record.forum
            and rec.date >= current.record.date
        ):
            current = None
    return current


def facts(data: CaseData, route: Route, on: dt.date) -> Facts:
    case = data.case
    who = consenters(case, on, route.consent)
    age = who.age
    alone = age >= route.consent.pupil_alone_from_age
    refused = frozenset(a.id for a in case.family.adults if alone and a.pupil_refuses_info)
    held = exception_in_force(data, on)
    if held is None:
        # the meldcode holds letters to the parents too: the policy layer says since when
        path = safety_path(data, on)
        if path.active and path.meldcode and path.record:
            held = data.by_id.get(path.record)
    return Facts(on, age, who, alone, age >= ADULT_AGE, held, refused)


def may_discuss(data: CaseData, route: Route, forum: Forum, on: dt.date) -> BasisCheck:
    return check_basis(data, forum, on, route.consent)


def may_receive(adult: Adult, f: Facts) -> bool:
    """May this adult get letters about the pupil on that date?"""
    if not adult.may_contact or adult.id in f.refused_adults:
        return False
    if f.adult and not adult.pupil_agrees_contact:
        return False
    return not f.under_exception


def visible_adults(case: Case, f: Facts) -> list[Adult]:
    """The adults whose name and contact data a document for others may show: never one the
    pupil of 16+ keeps out, never one who may not be contacted (then only the name and that
    fact), and for a pupil of 18+ only those the pupil agreed to."""
    out = []
    for adult in case.family.adults:
        if adult.id in f.refused_adults:
            continue
        if f.adult and not adult.pupil_agrees_contact:
            continue
        out.append(adult)
    return out


@dataclass(frozen=True)
class Recipient:
    """Who a rendered document is for. `ids` go into the DocumentRecord; `file_id` into the
    file name (an id, never a person's name)."""

    kind: str  # parent, parents, pupil, teacher, forum, institution, signers
    ids: tuple[str, ...]
    names: tuple[str, ...]
    salutation: str
    address: str | None = None
    facts_only: bool = False
    file_id: str = ""
    two: bool = False  # a letter to two parents together

    def view(self) -> dict[str, Any]:
        from zorgroute.documents.render import dutch_list

        return {
            "kind": self.kind,
            "ids": list(self.ids),
            "names": list(self.names),
            "name": dutch_list(self.names),
            "salutation": self.salutation,
            "address": self.address,
            "facts_only": self.facts_only,
            "to_parents": self.kind in ("parent", "parents"),
            "to_pupil": self.kind == "pupil",
            "two": self.two,
        }


def address_of(adult: Adult, case: Case) -> str | None:
    return adult.address or case.pupil.address


def letter_recipients(
    data: CaseData, f: Facts, mode: LetterMode = "auto", facts_only: bool = True
) -> list[Recipient]:
    """The adults (and the pupil of 16+) who receive a letter about the pupil on `f.on`.

    Adults with authority who may receive letters get the full letter, each or together
    (auto: together when they live at the same address); a parent without authority who
    asked for information gets the important facts, only for documents that allow it; the
    pupil of 16+ gets a letter of their own. Under the safety path no parent gets a letter.
    """
    case = data.case
    full: list[Adult] = []
    out: list[Recipient] = []
    for adult in case.family.adults:
        if not may_receive(adult, f):
            continue
        if adult.authority:
            full.append(adult)
        elif adult.info_requested and facts_only:
            out.append(
                Recipient(
                    "parent",
                    (adult.id,),
                    (adult.name,),
                    f"Beste {adult.name},",
                    address_of(adult, case),
                    True,
                    adult.id,
                )
            )
    together = len(full) > 1 and (
        mode == "together" or mode == "auto" and len({address_of(a, case) for a in full}) == 1
    )
    if together:
        from zorgroute.documents.render import dutch_list

        names = tuple(a.name for a in full)
        letters = [
            Recipient(
                "parents",
                tuple(a.id for a in full),
                names,
                f"Beste {dutch_list(names)},",
                address_of(full[0], case),
                False,
                "ouders",
                True,
            )
        ]
    else:
        letters = [
            Recipient(
                "parent",
                (a.id,),
                (a.name,),
                f"Beste {a.name},",
                address_of(a, case),
                False,
                a.id,
            )
            for a in full
        ]
    if f.alone:
        pupil = case.pupil
        letters.append(
            Recipient(
                "pupil",
                ("leerling",),
                (pupil.full_name,),
                f"Beste {pupil.first_name},",
                pupil.address,
                False,
                "leerling",
            )
        )
    return letters + out


def signers(case: Case, f: Facts) -> list[dict[str, Any]]:
    """Signature lines: exactly the people who must consent on that date, by age."""
    lines = []
    for adult_id in f.consenters.adults:
        adult = case.family.adult(adult_id)
        if adult is not None:
            lines.append(
                {
                    "id": adult.id,
                    "name": adult.name,
                    "role": adult.relation.label + " (met gezag)",
                    "signed_on": None,
                }
            )
    if f.consenters.pupil:
        lines.append(
            {"id": PUPIL, "name": case.pupil.full_name, "role": "leerling", "signed_on": None}
        )
    return lines


def partner_name(config: Config, partner_id: str) -> str:
    partner = config.partner(partner_id)
    return partner.name if partner else partner_id
