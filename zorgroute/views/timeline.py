"""The history of one case: every record with who recorded it when, and the git commit
that brought it into the shared repository. Reading only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zorgroute.domain import engine
from zorgroute.model.records import RECORD_LABELS
from zorgroute.store import gitio
from zorgroute.views.status import summarize


@dataclass(frozen=True)
class Row:
    date: dt.date
    kind: str
    id: str
    path: str
    summary: str
    recorded_by: str
    recorded_at: dt.datetime | None
    commit: gitio.Commit | None
    corrected_by: list[str] = field(default_factory=list)
    voided_by: str | None = None
    overrides: list[str] = field(default_factory=list)
    late_entry: str | None = None  # why it was recorded long after the event

    @property
    def kind_label(self) -> str:
        return "dossier" if self.kind == "case" else RECORD_LABELS.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "kind_label": self.kind_label,
            "id": self.id,
            "path": self.path,
            "summary": self.summary,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "git": self.commit.as_dict() if self.commit else None,
            "corrected_by": self.corrected_by,
            "voided_by": self.voided_by,
            "overrides": self.overrides,
            "late_entry": self.late_entry,
        }


@dataclass
class Timeline:
    case: str
    pupil: str
    step: str
    in_git: bool
    rows: list[Row]

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "pupil": self.pupil,
            "step": self.step,
            "in_git": self.in_git,
            "records": [r.as_dict() for r in self.rows],
        }


def build(loaded: engine.Loaded) -> Timeline:
    """The case's records oldest first, the creation of the case on top."""
    repo, data = loaded.repo, loaded.data
    folder = repo.case_dir(data.id)
    in_git = gitio.inside_work_tree(repo.root)
    commits = gitio.added_in(repo.root, folder) if in_git else {}
    corrections = loaded.state.corrections
    rows = [
        Row(
            data.case.created,
            "case",
            data.id,
            data.path,
            f"dossier aangemaakt (route {data.case.route} v{data.case.route_version})",
            "",
            None,
            commits.get(data.path),
        )
    ]
    for e in data.written:
        rec = e.record
        void = data.voided.get(e.id)
        rows.append(
            Row(
                rec.date,
                e.kind,
                e.id,
                e.path,
                summarize(e),
                rec.recorded_by,
                rec.recorded_at,
                commits.get(e.path),
                corrected_by=[c.id for c in corrections.get(e.id, [])],
                voided_by=void.id if void is not None else None,
                overrides=[f"{o.rule}: {o.reason} ({o.decided_by})" for o in rec.overrides],
                late_entry=rec.late_entry,
            )
        )
    rows.sort(
        key=lambda r: (
            r.date,
            r.recorded_at.replace(tzinfo=None) if r.recorded_at else dt.datetime.min,
            r.kind != "case",
        )
    )
    return Timeline(data.id, data.case.pupil.full_name, loaded.state.step_title, in_git, rows)
