"""Read-only views of cases as plain data: what `list`, `show` and `status` print.

The CLI renders these as tables; `--format json` prints them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zorgroute.domain import engine
from zorgroute.domain.instruments import absence_totals, leerplicht_due, sdq_trend
from zorgroute.errors import ZorgrouteError
from zorgroute.model.vocab import label
from zorgroute.store.instruments import sdq_config
from zorgroute.store.repo import Entry, Repository


def summarize(entry: Entry) -> str:
    """One Dutch line about a record, for timelines."""
    return entry.record.summary()


def marked(entry: Entry, fixes: dict[str, list[Entry]]) -> dict[str, Any]:
    """Summary of a record, marked when a later correction supersedes part of it: the old
    record stays in the history, and the reader sees what is now right."""
    found = fixes.get(entry.id, [])
    summary = summarize(entry)
    if found:
        summary += " — gecorrigeerd: " + "; ".join(
            f"{getattr(c.record, 'field', '')} in {c.id}" for c in found
        )  # no square brackets: rich would read them as markup in a table
    return {"summary": summary, "corrected_by": [c.id for c in found]}


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    what: str
    overdue: bool

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "what": self.what, "overdue": self.overdue}


def deadlines(loaded: engine.Loaded, today: dt.date) -> list[Deadline]:
    """Coming and past dates of a case: actions, evaluations, talks, feedback (see agenda)."""
    from zorgroute.views.agenda import case_items

    return [
        Deadline(i.date, i.what, i.overdue)
        for i in case_items(loaded, today)
        if i.kind not in ("stalled", "waiting")
    ]


def case_status(loaded: engine.Loaded, today: dt.date) -> dict[str, Any]:
    state, case = loaded.state, loaded.case
    fixes = loaded.state.corrections
    nexts = engine.next_acts(loaded, today)
    return {
        "id": case.id,
        "route": f"{case.route} v{case.route_version}",
        "step": state.step,
        "step_title": state.step_title,
        "since": state.step_since.isoformat(),
        "days_in_step": state.days_in_step(today),
        "closed": state.closed,
        "dormant_until": state.dormant_review.isoformat() if state.dormant_review else None,
        "stalled": state.stalled(today, loaded.repo.config.settings.stalled_after_days),
        "history": [
            {"date": e.record.date.isoformat(), "id": e.id, "kind": e.kind, **marked(e, fixes)}
            for e in loaded.data.entries
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
        "deadlines": [d.as_dict() for d in deadlines(loaded, today)],
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
                "feedback_overdue": r.feedback_overdue(today),
            }
            for r in state.referrals
        ],
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
        "overdue": [d.what for d in deadlines(loaded, today) if d.overdue],
        "stalled": state.stalled(today, repo.config.settings.stalled_after_days),
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
                **marked(e, fixes),
                "recorded_by": e.record.recorded_by,
            }
            for e in loaded.data.entries
        ],
    }
