"""Who receives a document, and what that recipient may see (GUIDE §3.2–3.4).

- adults who may not be contacted get nothing;
- under 16 the holders of authority get the full letter; a parent without authority who
  asked for information gets the important facts;
- from 16 the pupil gets a letter of their own, and a parent the pupil refused gets nothing;
- from 18 adults get a letter only when the pupil agreed that they be contacted;
- on the safety path (the case is handled under the consent exception, or a meldcode
  track runs: `facts.safety_path`) no letter or report goes to the parents until a later
  record ends it (for the meldcode: its decision, or after a report to Veilig Thuis made
  without the talk with the parents, a later conversation with them);
- a form to sign goes to exactly the people who must consent on that date (by age), who
  may receive letters; on the safety path to none of the parents, and to a pupil of 12-15
  neither (a letter to them reaches the home);
- a form or report for a meeting goes to the forum only with a basis to discuss the pupil
  there (or when the pupil was discussed anonymously, or in a meeting inside the school);
- a letter to a partner only with consent naming it (Veilig Thuis under the meldcode
  without); the onderwijskundig rapport always goes to the receiving school (by law), the
  report of unauthorised absence always to the leerplicht officer (Leerplichtwet art. 21);
- a case put to a doorbraak table goes there only with a basis to discuss the pupil in the
  MDO or the ZAT, whose case the table takes up;
- a document for others names only the adults the pupil lets it name (`visible_adults`);
- confidential contributions reach only the forums they name, never parents, the pupil or
  an institution.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from zorgroute.model.records import ConfidentialNote, Config, Meeting, RecordBase
from zorgroute.model.route import Route
from zorgroute.model.vocab import Destination, Forum, Purpose
from zorgroute.policy.consent import may_discuss
from zorgroute.policy.facts import PUPIL, Facts, facts
from zorgroute.policy.family import AdultOn
from zorgroute.policy.referral import may_refer
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

Audience = Literal["family", "signers", "forum", "institution", "school", "table", "leerplicht"]
RecipientKind = Literal[
    "adult", "pupil", "teacher", "forum", "institution", "school", "table", "leerplicht"
]
TEACHER = "leerkracht"
SCHOOL = "school"
TABLE = "tafel"
LEERPLICHT = "leerplicht"  # the leerplicht officer when the report names no partner
# a doorbraak table takes up the case of the MDO or the ZAT: it hears about the pupil by
# name only with a basis to discuss the pupil there
TABLE_FORUMS = (Forum.mdo, Forum.zat)
# meetings inside the school (IB and teachers): no one from outside at the table, so no
# consent is needed to discuss the pupil there (GUIDE §3: "with people outside the school")
SCHOOL_FORUMS = frozenset({Forum.groepsbespreking, Forum.leerlingbespreking})


@dataclass(frozen=True)
class DocumentSpec:
    """What the policy needs to know of a document to say who gets it.

    `audience` family: letters and reports to the parents and the pupil; signers: a form
    for the people who must consent; forum: a form or report for a meeting (`forum`);
    institution: a letter to a partner (`partner`); school: the receiving school; table: a
    doorbraak table (the gemeente's perspectieftafel); leerplicht: the report of absence to
    the leerplicht officer (`partner`: the officer's partner id or name)."""

    audience: Audience
    forum: Forum | None = None
    partner: str | None = None
    purposes: tuple[Purpose, ...] = (Purpose.referral,)
    destination: Destination | None = None
    facts_for_others: bool = True  # a parent without authority may get the important facts
    pupil_who_consents: bool = False  # family: the pupil gets a letter from the consent age
    teacher: bool = False  # family: the pupil's teacher gets a copy (school staff)
    anonymous: bool = False  # forum: the pupil was discussed without name


@dataclass(frozen=True)
class Recipient:
    """One recipient: an adult (`id` from case.yaml), the pupil, the teacher, a forum, a
    partner, the receiving school or a doorbraak table."""

    kind: RecipientKind
    id: str
    facts_only: bool = False
    forum: Forum | None = None

    @property
    def family(self) -> bool:
        return self.kind in ("adult", "pupil")


def family_recipients(known: Facts, spec: DocumentSpec) -> list[Recipient]:
    out: list[Recipient] = []
    for adult in known.family.adults:
        if not adult.may_contact or known.safety.active:
            continue
        if known.adult:
            if adult.pupil_agrees:
                out.append(Recipient("adult", adult.id))
            continue
        if known.pupil_alone and adult.pupil_refuses:
            continue
        if adult.authority:
            out.append(Recipient("adult", adult.id))
        elif adult.info_requested and spec.facts_for_others:
            out.append(Recipient("adult", adult.id, facts_only=True))
    # a pupil of 12-15 gets a letter of their own where the document asks it, but not on
    # the safety path: it would reach the home the danger may come from
    consents = known.consenters.pupil and not known.safety.active
    if known.pupil_alone or (spec.pupil_who_consents and consents):
        out.append(Recipient("pupil", PUPIL))
    if spec.teacher:
        out.append(Recipient("teacher", TEACHER))
    return out


def signer_recipients(known: Facts) -> list[Recipient]:
    """The people who must consent on the day and may receive the form to sign."""
    may_receive = {r.id for r in family_recipients(known, DocumentSpec("family"))}
    out = [Recipient("adult", a) for a in known.consenters.adults if a in may_receive]
    if known.consenters.pupil and (known.pupil_alone or not known.safety.active):
        out.append(Recipient("pupil", PUPIL))
    return out


def recipients(
    data: CaseData, route: Route, config: Config, document: DocumentSpec, on: dt.date
) -> list[Recipient]:
    """Everyone who may receive `document` on `on` (the date of the record it is about)."""
    if document.audience == "family":
        return family_recipients(facts(data, route, on), document)
    if document.audience == "signers":
        return signer_recipients(facts(data, route, on))
    if document.audience == "school":
        return [Recipient("school", SCHOOL)]
    if document.audience == "table":
        allowed = any(may_discuss(data, route, config, f, on).allowed for f in TABLE_FORUMS)
        return [Recipient("table", TABLE)] if allowed else []
    if document.audience == "leerplicht":  # a legal duty: no consent needed
        return [Recipient("leerplicht", document.partner or LEERPLICHT)]
    if document.audience == "forum":
        if document.forum is None:
            return []
        allowed = (
            document.anonymous
            or document.forum in SCHOOL_FORUMS
            or may_discuss(data, route, config, document.forum, on).allowed
        )
        return [Recipient("forum", document.forum.value, forum=document.forum)] if allowed else []
    if document.partner is None:
        return []
    verdict = may_refer(
        data,
        route,
        config,
        document.partner,
        document.purposes,
        on,
        destination=document.destination,
    )
    return [Recipient("institution", document.partner)] if verdict.allowed else []


def visible_adults(known: Facts) -> tuple[AdultOn, ...]:
    """The adults a document may name: never one the pupil of 16+ keeps out, and for a
    pupil of 18+ only those the pupil agreed to. Their contact details only where
    `may_contact` holds."""
    out = []
    for adult in known.family.adults:
        if known.adult and not adult.pupil_agrees:
            continue
        if known.pupil_alone and adult.pupil_refuses:
            continue
        out.append(adult)
    return tuple(out)


def visible_notes(meeting: Meeting, recipient: Recipient) -> list[ConfidentialNote]:
    """The confidential contributions of a meeting this recipient may read."""
    if recipient.kind != "forum" or recipient.forum is None:
        return []
    return [n for n in meeting.confidential if recipient.forum in n.forums]


def visible_fields(record: RecordBase, recipient: Recipient) -> dict[str, Any]:
    """A record as this recipient may see it: confidential contributions filtered."""
    fields = record.model_dump()
    if isinstance(record, Meeting):
        fields["confidential"] = [n.model_dump() for n in visible_notes(record, recipient)]
    return fields


def visible(data: CaseData, recipient: Recipient, on: dt.date) -> list[Entry]:
    """The records a document for `recipient` may draw on: those dated on or before `on`,
    corrections applied, confidential contributions filtered out where they may not go.
    Records of documents made stay: who received what is part of the dossier."""
    out: list[Entry] = []
    for entry in effective_entries(data, on):
        rec = entry.record
        if rec.date > on:
            continue
        if isinstance(rec, Meeting):
            kept = visible_notes(rec, recipient)
            if len(kept) != len(rec.confidential):
                rec = rec.model_copy(update={"confidential": kept})
        out.append(Entry(entry.id, entry.path, rec))
    return out
