"""Open items of the plans that need the parents: the OPP and the handelingsplan.

The due-items code (status, agenda, ICS, report) calls `open_items`; each item says what is
missing, by when, and which command records what closes it. An item is closed only by a
record that fulfils it: the parents' agreement by a date of agreement or their signature;
the yearly evaluation of an OPP by an evaluation at which a parent was present.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.records import Opp, OppEvaluation, Plan, Signature
from zorgroute.model.vocab import PlanType, SignedDocument
from zorgroute.store.repo import CaseData

YEAR = 365


@dataclass(frozen=True)
class OpenItem:
    """Something a plan still needs: what, by when, and the command that records it."""

    kind: str  # opp_agreement, opp_evaluation, plan_signature
    record_id: str
    message: str
    due: dt.date
    closed_by: str  # the kind of record that closes it
    fix: str


def _signed(data: CaseData, document: SignedDocument, record_id: str, on: dt.date) -> bool:
    return any(
        isinstance(e.record, Signature)
        and e.record.document == document
        and e.record.refers_to == record_id
        and e.record.date <= on
        for e in data.entries
    )


def opp_open_items(data: CaseData, on: dt.date) -> list[OpenItem]:
    """What each OPP still needs on `on`: the parents' agreement with the action part, and
    an evaluation with the parents at least once a year (or by its evaluation date)."""
    cid = data.id
    out: list[OpenItem] = []
    for entry in data.entries:
        rec = entry.record
        if not isinstance(rec, Opp) or rec.date > on:
            continue
        if rec.parents_agreed is None and not _signed(data, SignedDocument.opp, entry.id, on):
            out.append(
                OpenItem(
                    "opp_agreement",
                    entry.id,
                    "de ouders hebben nog niet ingestemd met het handelingsdeel van het OPP",
                    rec.date + dt.timedelta(days=42),
                    "signature",
                    f"zorgroute sign {cid} --document opp --record {entry.id} --signed-by ...",
                )
            )
        done = [
            e.record
            for e in data.entries
            if isinstance(e.record, OppEvaluation)
            and e.record.opp == entry.id
            and e.record.with_parents
            and e.record.date <= on
        ]
        last = max((ev.date for ev in done), default=None)
        if last is None:
            due = min(rec.evaluation_date, rec.date + dt.timedelta(days=YEAR))
        else:
            planned = [ev.next_evaluation for ev in done if ev.next_evaluation]
            due = min([*planned, last + dt.timedelta(days=YEAR)])
        # the next evaluation with the parents is always open, with its due date
        out.append(
            OpenItem(
                "opp_evaluation",
                entry.id,
                "het OPP is nog niet met de ouders geëvalueerd"
                if last is None
                else "het OPP moet opnieuw met de ouders worden geëvalueerd",
                due,
                "opp_evaluation",
                f'zorgroute opp-evaluate {cid} --opp {entry.id} --with-parent ... --outcome "..."',
            )
        )
    return out


def plan_open_items(data: CaseData, on: dt.date) -> list[OpenItem]:
    """A handelingsplan the parents have not signed yet."""
    cid = data.id
    out = []
    for entry in data.entries:
        rec = entry.record
        if not isinstance(rec, Plan) or rec.plan_type == PlanType.group_plan or rec.date > on:
            continue
        if rec.parents_agreed is None and not _signed(
            data, SignedDocument.action_plan, entry.id, on
        ):
            out.append(
                OpenItem(
                    "plan_signature",
                    entry.id,
                    f"de ouders hebben het {rec.plan_type.label} nog niet ondertekend",
                    rec.start + dt.timedelta(days=14),
                    "signature",
                    f"zorgroute sign {cid} --document action_plan --record {entry.id} "
                    "--signed-by ...",
                )
            )
    return out


def open_items(data: CaseData, on: dt.date) -> list[OpenItem]:
    """Every open item of the plans of one case on `on`, by due date."""
    return sorted(opp_open_items(data, on) + plan_open_items(data, on), key=lambda i: i.due)
