"""Read-only views of cases as plain data: what `list`, `show` and `status` print.

The CLI renders these as tables; `--format json` prints them as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zorgroute.domain import due, engine
from zorgroute.domain.instruments import absence_totals, leerplicht_due, sdq_trend
from zorgroute.domain.tracks import tracks_status
from zorgroute.errors import ZorgrouteError
from zorgroute.model.vocab import label
from zorgroute.store.instruments import sdq_config
from zorgroute.store.repo import Entry, Repository


def summarize(entry: Entry) -> str:
    """One Dutch line about a record, for timelines."""
    return entry.record.summary()


def marked(
    entry: Entry, fixes: dict[str, list[Entry]], voided: dict[str, Entry] | None = None
) -> dict[str, Any]:
    """Summary of a record, marked when a later correction supersedes part of it or a void
    withdrew it: the old record stays in the history, and the reader sees what holds."""
    found = fixes.get(entry.id, [])
    summary = summarize(entry)
    if found:
        summary += " — gecorrigeerd: " + "; ".join(
            f"{getattr(c.record, 'field', '')} in {c.id}" for c in found
        )  # no square brackets: rich would read them as markup in a table
    void = (voided or {}).get(entry.id)
    if void is not None:
        summary += f" — ingetrokken in {void.id}"
    return {
        "summary": summary,
        "corrected_by": [c.id for c in found],
        "voided_by": void.id if void is not None else None,
    }


def due_items(loaded: engine.Loaded, today: dt.date) -> list[due.DueItem]:
    """The open follow-up items of a case: the same list `agenda` and `report` use."""
    return due.due_items(loaded.data, loaded.route, loaded.repo.config, today)


def deadline(item: due.DueItem) -> dict[str, Any]:
    return {"date": item.date.isoformat(), "what": item.what, "overdue": item.overdue}


def case_status(loaded: engine.Loaded, today: dt.date) -> dict[str, Any]:
    state, case = loaded.state, loaded.case
    fixes = loaded.state.corrections
    nexts = engine.next_acts(loaded, today)
    items = due_items(loaded, today)
    return {
        "id": case.id,
        "route": f"{case.route} v{case.route_version}",
        "step": state.step,
        "step_title": state.step_title,
        "since": state.step_since.isoformat(),
        "days_in_step": state.days_in_step(today),
        "closed": state.closed,
        "dormant_until": state.dormant_review.isoformat() if state.dormant_review else None,
        "stalled": due.is_stalled(state, items),
        "direct": [d.as_dict() for d in due.direct_escalations(loaded.data, today)],
        "history": [
            {
                "date": e.record.date.isoformat(),
                "id": e.id,
                "kind": e.kind,
                **marked(e, fixes, loaded.data.voided),
            }
            for e in loaded.data.written
        ],
        "next": [
            {
                "act": v.act.id,
                "title": v.act.title,
                "command": v.act.command,
                "possible": v.allowed,
                "blockers": [b.as_dict() for b in v.blockers],
            }
            for v in nexts
        ],
        "open_actions": [
            {
                "ref": a.ref,
                "owner": a.owner,
                "description": a.description,
                "due": a.due.isoformat(),
                "overdue": a.overdue(today),
            }
            for a in state.open_actions()
        ],
        # every due item; a quiet case shows as "stalled" above, not as a date
        "deadlines": [deadline(i) for i in items if i.kind != "stalled"],
        "due": [i.as_dict() for i in items],
        "overrides": [
            {
                "date": e.record.date.isoformat(),
                "record": e.id,
                "rule": o.rule,
                "reason": o.reason,
                "decided_by": o.decided_by,
            }
            for e, o in state.overrides
        ],
        "referrals": [
            {
                "id": r.entry.id,
                "destination": r.referral.destination.value,
                "institution": r.referral.institution,
                "status": r.status.value,
                "status_label": r.status.label,
                "expected_feedback": r.expected.isoformat() if r.expected else None,
                "feedback_overdue": any(
                    i.kind == "feedback" and i.ref == r.entry.id and i.overdue for i in items
                ),
            }
            for r in state.referrals
        ],
        # meldcode, mandate, doorbraak, composition
        **tracks_status(loaded.data, loaded.repo.config, loaded.route, state, today),
    }


def case_rows(repo: Repository, today: dt.date) -> list[dict[str, Any]]:
    """One row per case for `list` and `status` without a case (cached per case and day)."""
    from zorgroute.store.cache import per_case  # noqa: PLC0415 - only the whole-repository views need it

    rows: list[dict[str, Any]] = []
    for case_id, row in per_case(
        repo,
        "status-rows",
        (today,),
        repo.case_ids(),
        lambda case_id: case_row(repo, case_id, today),
    ):
        if isinstance(row, ZorgrouteError):
            row = {
                "id": case_id,
                "pupil": "",
                "group": "",
                "step": "?",
                "step_title": "fout in dossier",
                "last_activity": None,
                "days_in_step": None,
                "blockers": None,
                "overdue": [],
                "stalled": False,
                "dormant": False,
                "error": row.message,
            }
        rows.append(row)
    return rows


def case_row(repo: Repository, case_id: str, today: dt.date) -> dict[str, Any]:
    loaded = engine.load(repo, case_id)
    state, pupil = loaded.state, loaded.case.pupil
    blockers = sum(len(v.blockers) for v in engine.next_acts(loaded, today))
    items = due_items(loaded, today)
    return {
        "id": case_id,
        "pupil": pupil.full_name,
        "group": pupil.group,
        "step": state.step,
        "step_title": state.step_title,
        "last_activity": state.last_activity.isoformat(),
        "days_in_step": state.days_in_step(today),
        "blockers": blockers,
        # the same overdue items as `agenda`, so the two views never disagree
        # the same items as `agenda`; the quiet case shows as "stalled", not as an item
        "overdue": [i.what for i in items if i.overdue and i.kind != "stalled"],
        "stalled": due.is_stalled(state, items),
        "dormant": state.dormant is not None,
        "error": None,
    }


def case_overview(loaded: engine.Loaded) -> dict[str, Any]:
    """The dossier in readable form: pupil, family, every record."""
    case = loaded.case
    pupil = case.pupil
    fixes = loaded.state.corrections
    return {
        "id": case.id,
        "created": case.created.isoformat(),
        "route": f"{case.route} v{case.route_version}",
        "pupil": {
            "name": pupil.full_name,
            "birth_date": pupil.birth_date.isoformat(),
            "sex": label(pupil.sex),
            "group": pupil.group,
            "home_municipality": pupil.home_municipality,
            "address": pupil.address,
        },
        "family": {
            "custody": label(case.family.custody),
            "adults": [
                {
                    "id": a.id,
                    "name": a.name,
                    "relation": label(a.relation),
                    "authority": a.authority,
                    "may_contact": a.may_contact,
                    "phone": a.phone,
                    "email": a.email,
                }
                for a in case.family.adults
            ],
        },
        "step": loaded.state.step_title,
        "sdq": sdq_trend(loaded.data, sdq_config(loaded.repo)),
        "absence": absence_totals(loaded.data),
        "leerplicht": [
            d.as_dict() for d in leerplicht_due(loaded.data, loaded.repo.config.settings)
        ],
        "records": [
            {
                "date": e.record.date.isoformat(),
                "id": e.id,
                "kind": e.kind,
                **marked(e, fixes, loaded.data.voided),
                "recorded_by": e.record.recorded_by,
            }
            for e in loaded.data.written
        ],
    }
