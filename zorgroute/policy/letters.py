"""Who receives a document, and what that recipient may see (GUIDE §3.2–3.4).

- adults who may not be contacted get nothing;
- under 16 the holders of authority get the full letter; a parent without authority who
  asked for information gets the important facts;
- from 16 the pupil gets a letter of their own, and a parent the pupil refused gets nothing;
- from 18 adults get a letter only when the pupil agreed that they be contacted;
- on the safety path (the case is handled under the consent exception) no letter or report
  goes to the parents until a later record ends the exception;
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
from zorgroute.policy.referral import may_refer
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

Audience = Literal["family", "forum", "institution"]


@dataclass(frozen=True)
class DocumentSpec:
    """What the policy needs to know of a document to say who gets it.

    `audience` family: letters and reports to the parents and the pupil; forum: a form or
    report for a meeting (`forum`); institution: a letter to a partner (`partner`)."""

    audience: Audience
    forum: Forum | None = None
    partner: str | None = None
    purposes: tuple[Purpose, ...] = (Purpose.referral,)
    destination: Destination | None = None
    facts_for_others: bool = True  # a parent without authority may get the important facts


@dataclass(frozen=True)
class Recipient:
    """One recipient: an adult (`id` from case.yaml), the pupil, a forum or a partner."""

    kind: Literal["adult", "pupil", "forum", "institution"]
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
    if known.pupil_alone:
        out.append(Recipient("pupil", PUPIL))
    return out


def recipients(
    data: CaseData, route: Route, config: Config, document: DocumentSpec, on: dt.date
) -> list[Recipient]:
    """Everyone who may receive `document` on `on` (the date of the record it is about)."""
    if document.audience == "family":
        return family_recipients(facts(data, route, on), document)
    if document.audience == "forum":
        if document.forum is None:
            return []
        allowed = may_discuss(data, route, config, document.forum, on).allowed
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
    corrections applied, confidential contributions filtered out where they may not go."""
    out: list[Entry] = []
    for entry in effective_entries(data, on):
        rec = entry.record
        if rec.date > on or getattr(rec, "kind", "") == "document":
            continue
        if isinstance(rec, Meeting):
            kept = visible_notes(rec, recipient)
            if len(kept) != len(rec.confidential):
                rec = rec.model_copy(update={"confidential": kept})
        out.append(Entry(entry.id, entry.path, rec))
    return out
