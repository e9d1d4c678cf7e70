"""The meldcode huiselijk geweld en kindermishandeling: five steps in order, the
afwegingskader's outcome, and the hold on letters to the parents while it runs.

A track is derived from the meldcode records of a case, never stored: its steps are taken in
date order (and in the order of the five steps within one day), and a decision (step 5)
ends it; a later signal starts a new track. The law allows a report to Veilig Thuis without
consent; `policy.referral.report_verdict` asks `may_refer`, which records it as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zorgroute.model.records import Config, Conversation, MeldcodeStep
from zorgroute.model.vocab import MeldcodeDecision, MeldcodeStepKind, Participant, PartnerKind
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

ORDER: tuple[MeldcodeStepKind, ...] = tuple(MeldcodeStepKind)
DRAFT = "(nieuw)"


def _step(entry: Entry) -> MeldcodeStep:
    rec = entry.record
    assert isinstance(rec, MeldcodeStep)
    return rec


@dataclass
class MeldcodeTrack:
    """One run of the meldcode, from the first signal to the decision."""

    steps: list[Entry] = field(default_factory=list)
    decided: Entry | None = None

    @property
    def open(self) -> bool:
        return self.decided is None

    @property
    def done(self) -> list[MeldcodeStepKind]:
        return [_step(e).step for e in self.steps]

    @property
    def since(self) -> dt.date:
        return self.steps[0].record.date

    @property
    def next_step(self) -> MeldcodeStepKind | None:
        if self.decided is not None:
            return None
        done = set(self.done)
        return next((s for s in ORDER if s not in done), MeldcodeStepKind.decide)

    @property
    def talk_skipped(self) -> bool:
        """The talk with the parents did not take place, for the child's safety."""
        talks = [_step(e) for e in self.steps if _step(e).step == MeldcodeStepKind.talk]
        return bool(talks) and not any(
            Participant.parents in t.participants and not t.talk_skipped_reason for t in talks
        )

    @property
    def reported(self) -> bool:
        if self.decided is None:
            return False
        return MeldcodeDecision.report_vt in _step(self.decided).decisions

    @property
    def unsafe(self) -> bool:
        """The latest weighing found acute or structural unsafety."""
        weighed = [_step(e) for e in self.steps if _step(e).step == MeldcodeStepKind.weigh]
        return bool(weighed) and bool(weighed[-1].unsafe)


def _order_key(entry: Entry) -> tuple[dt.date, int, str]:
    return (entry.record.date, ORDER.index(_step(entry).step), entry.id)


def meldcode_tracks(data: CaseData, on: dt.date | None = None) -> list[MeldcodeTrack]:
    """The meldcode tracks of a case on `on`, oldest first (corrections applied)."""
    entries = [
        e
        for e in effective_entries(data, on)
        if isinstance(e.record, MeldcodeStep) and (on is None or e.record.date <= on)
    ]
    return tracks_of(entries)


def tracks_of(entries: list[Entry]) -> list[MeldcodeTrack]:
    tracks: list[MeldcodeTrack] = []
    for entry in sorted(entries, key=_order_key):
        if not tracks or not tracks[-1].open:
            tracks.append(MeldcodeTrack())
        tracks[-1].steps.append(entry)
        if _step(entry).step == MeldcodeStepKind.decide:
            tracks[-1].decided = entry
    return tracks


@dataclass(frozen=True)
class StepProblem:
    rule: str
    field: str
    message: str
    fix: str


def step_problems(data: CaseData, record: MeldcodeStep, record_id: str = "") -> list[StepProblem]:
    """Why this meldcode step cannot stand: an earlier step is missing in its track, the
    talk went without the parents and without a reason, or unsafety was found and the
    decision does not report to Veilig Thuis. For a stored record (`record_id`) the track
    is the one it belongs to, as it stood on its date."""
    others = [
        e
        for e in effective_entries(data, record.date)
        if isinstance(e.record, MeldcodeStep) and e.record.date <= record.date and e.id != record_id
    ]
    me = Entry(record_id or DRAFT, "", record)
    track = next(t for t in tracks_of([*others, me]) if any(s is me for s in t.steps))
    before = track.steps[: next(i for i, s in enumerate(track.steps) if s is me)]
    done = {_step(e).step for e in before}
    cid = data.id
    out: list[StepProblem] = []
    index = ORDER.index(record.step)
    missing = [s for s in ORDER[:index] if s not in done]
    if missing:
        out.append(
            StepProblem(
                "meldcode_order",
                "step",
                "de meldcode gaat stap voor stap; nog niet vastgelegd: "
                + "; ".join(s.label for s in missing),
                f"leg eerst {missing[0].label} vast: zorgroute meldcode {cid} --step "
                f"{missing[0].value} ...",
            )
        )
    if (
        record.step == MeldcodeStepKind.talk
        and Participant.parents not in record.participants
        and not record.talk_skipped_reason
    ):
        out.append(
            StepProblem(
                "meldcode_order",
                "participants",
                "in stap 3 spreekt de school met de ouders; zij waren er niet bij",
                "noem de ouders bij het gesprek (--with parents), of leg vast waarom een "
                'gesprek de veiligheid in gevaar brengt (--skip-reason "...")',
            )
        )
    if record.step == MeldcodeStepKind.decide:
        weighed = MeldcodeTrack(before).unsafe
        if weighed and MeldcodeDecision.report_vt not in record.decisions:
            out.append(
                StepProblem(
                    "meldcode_report",
                    "decisions",
                    "bij acute of structurele onveiligheid (stap 4) hoort een melding bij "
                    "Veilig Thuis",
                    f"zorgroute meldcode {cid} --step decide --decision report_vt ...",
                )
            )
    return out


def veilig_thuis_partner(config: Config) -> str:
    """The partner id of Veilig Thuis in the partner list, or its standard short name."""
    found = next((p for p in config.partners if p.kind == PartnerKind.veilig_thuis), None)
    return found.id if found else "veilig-thuis"


@dataclass(frozen=True)
class Hold:
    """Letters and reports to the parents are held: since when, and on which record."""

    since: dt.date
    record: str


def letters_hold(data: CaseData, on: dt.date) -> Hold | None:
    """While a meldcode track is open nothing goes to the parents; after a report to Veilig
    Thuis without the talk with the parents (their safety or the child's was at stake), the
    hold stays until a later conversation with the parents is recorded."""
    tracks = meldcode_tracks(data, on)
    if not tracks:
        return None
    last = tracks[-1]
    if last.open:
        return Hold(last.since, last.steps[0].id)
    if not (last.reported and last.talk_skipped) or last.decided is None:
        return None
    decided = last.decided.record.date
    for entry in effective_entries(data, on):
        rec = entry.record
        if (
            isinstance(rec, Conversation)
            and decided <= rec.date <= on
            and (Participant.parents in rec.participants or bool(rec.adults))
        ):
            return None
    return Hold(last.since, last.decided.id)
