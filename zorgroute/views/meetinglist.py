"""The bespreeklijst: which pupils a zorgteam, ZAT or MDO may discuss on a date.

Candidates come from the route, not from a fixed list: a case is a candidate for a forum
when it is open and not dormant, the route has a meeting act for that forum that may be
done from the case's current step, and the act's `registered` rule (if any) is met. With
the shipped 1-zorgroute that means: zorgteam — registered with the zorgteam and in the
step zorgteam, ZAT or verwijzing; ZAT — registered with the ZAT and in the step ZAT or
verwijzing; groepsbespreking — every open case. A forum for which the case's route has no
meeting act (an MDO in the 1-zorgroute) has no candidates from that case.

A candidate is on the list only with a valid basis for that forum on that date
(`policy.may_discuss`); the others are listed apart with
exactly what is missing. Reading only: nothing is written to the repository.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zorgroute.domain import engine
from zorgroute.domain.rules import evaluate
from zorgroute.errors import ZorgrouteError
from zorgroute.model.records import CareTeamRegistration, Meeting, ZatRegistration
from zorgroute.model.route import Act
from zorgroute.model.vocab import Forum
from zorgroute.policy import basis_record, may_discuss
from zorgroute.store.repo import Repository

#: Rules that decide candidacy or are about the meeting's own record, not about preparation.
_NOT_PREPARATION = frozenset(
    {"open_case", "registered", "basis_for_discussion", "concrete_actions"}
)


@dataclass(frozen=True)
class OpenAction:
    ref: str
    owner: str
    description: str
    due: dt.date
    overdue: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "owner": self.owner,
            "description": self.description,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class LastMeeting:
    date: dt.date
    forum: str
    decisions: list[str]
    notes: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "forum": self.forum,
            "decisions": self.decisions,
            "notes": self.notes,
        }


@dataclass
class Candidate:
    """One case considered for the meeting."""

    case: str
    pupil: str
    group: str
    birth_date: dt.date
    step: str
    basis: str  # the basis, or what is missing
    allowed: bool
    question: str | None = None
    actions: list[OpenAction] = field(default_factory=list)
    last_meeting: LastMeeting | None = None
    preparation: list[str] = field(default_factory=list)  # what else is still missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "pupil": self.pupil,
            "group": self.group,
            "birth_date": self.birth_date.isoformat(),
            "step": self.step,
            "allowed": self.allowed,
            "basis": self.basis,
            "question": self.question,
            "open_actions": [a.as_dict() for a in self.actions],
            "last_meeting": self.last_meeting.as_dict() if self.last_meeting else None,
            "preparation": self.preparation,
        }


@dataclass
class MeetingList:
    forum: Forum
    date: dt.date
    school: str
    listed: list[Candidate]
    apart: list[Candidate]
    errors: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "forum": self.forum.value,
            "forum_label": self.forum.label,
            "date": self.date.isoformat(),
            "school": self.school,
            "listed": [c.as_dict() for c in self.listed],
            "apart": [c.as_dict() for c in self.apart],
            "errors": [{"case": c, "error": m} for c, m in self.errors.items()],
        }


def meeting_act(loaded: engine.Loaded, forum: Forum) -> Act | None:
    """The route's act for discussing the pupil in `forum`, if the route has one."""
    acts = [a for a in loaded.route.acts if a.record == "meeting" and a.forum == forum]
    return acts[0] if acts else None


def _is_candidate(loaded: engine.Loaded, act: Act, day: dt.date) -> bool:
    state = loaded.state
    if state.closed or state.dormant is not None:
        return False
    if act.from_steps and state.step not in act.from_steps:
        return False
    ctx = engine.context(loaded, day, None, act)
    registration = [r for r in act.requires if r.rule == "registered"]
    return not evaluate(ctx, registration)


def _question(loaded: engine.Loaded, act: Act) -> str | None:
    """The help question for this forum: from its registration, else the latest one."""
    wanted = next((r.params.get("record") for r in act.requires if r.rule == "registered"), None)
    found: list[tuple[str, str]] = []
    for e in loaded.data.entries:
        if isinstance(e.record, CareTeamRegistration | ZatRegistration):
            found.append((e.kind, e.record.help_question))
    matching = [q for kind, q in found if kind == wanted] or [q for _, q in found]
    if matching:
        return matching[-1]
    meetings = [
        e.record.question
        for e in loaded.data.entries
        if isinstance(e.record, Meeting) and e.record.question
    ]
    return meetings[-1] if meetings else None


def _last_meeting(loaded: engine.Loaded) -> LastMeeting | None:
    meetings = [e.record for e in loaded.data.entries if isinstance(e.record, Meeting)]
    if not meetings:
        return None
    m = meetings[-1]
    return LastMeeting(m.date, m.forum.label, [d.label for d in m.decisions], m.decision_notes)


def candidate(
    loaded: engine.Loaded, forum: Forum, day: dt.date, today: dt.date
) -> Candidate | None:
    """The case as a candidate for `forum` on `day`, or None when it is not one."""
    act = meeting_act(loaded, forum)
    if act is None or not _is_candidate(loaded, act, day):
        return None
    verdict = may_discuss(loaded.data, loaded.route, loaded.repo.config, forum, day)
    record = basis_record(loaded.data, verdict, day)
    basis = (
        f"{record.basis.label} van {record.date.isoformat()}"
        if verdict.allowed and record is not None
        else "; ".join(verdict.reasons) or "geen grondslag"
    )
    pupil = loaded.case.pupil
    ctx = engine.context(loaded, day, None, act)
    prep = [
        b.message
        for b in evaluate(ctx, [r for r in act.requires if r.rule not in _NOT_PREPARATION])
    ]
    return Candidate(
        case=loaded.case.id,
        pupil=pupil.full_name,
        group=pupil.group,
        birth_date=pupil.birth_date,
        step=loaded.state.step_title,
        basis=basis,
        allowed=verdict.allowed,
        question=_question(loaded, act),
        actions=[
            OpenAction(a.ref, a.owner, a.description, a.due, a.overdue(today))
            for a in loaded.state.open_actions()
        ],
        last_meeting=_last_meeting(loaded),
        preparation=prep,
    )


def build(repo: Repository, forum: Forum, day: dt.date, today: dt.date) -> MeetingList:
    listed: list[Candidate] = []
    apart: list[Candidate] = []
    errors: dict[str, str] = {}
    for case_id in repo.case_ids():
        try:
            loaded = engine.load(repo, case_id)
        except ZorgrouteError as exc:
            errors[case_id] = exc.message
            continue
        found = candidate(loaded, forum, day, today)
        if found is not None:
            (listed if found.allowed else apart).append(found)
    key = lambda c: (c.group, c.pupil, c.case)  # noqa: E731
    return MeetingList(
        forum,
        day,
        repo.config.school.name,
        sorted(listed, key=key),
        sorted(apart, key=lambda c: c.case),
        errors,
    )


# --- as a document ---------------------------------------------------------------------------

TEMPLATE = "meeting-list.md"


def document_context(listing: MeetingList) -> dict[str, Any]:
    """What the template sees. Pupils without a basis appear by case id only: the list goes
    to the attendees, and naming them there would already be discussing them by name."""

    def pupil(c: Candidate) -> dict[str, Any]:
        return {
            "case": c.case,
            "pupil": c.pupil,
            "group": c.group,
            "birth_date": c.birth_date,
            "step": c.step,
            "basis": c.basis,
            "question": c.question,
            "open_actions": [
                {"owner": a.owner, "description": a.description, "due": a.due, "overdue": a.overdue}
                for a in c.actions
            ],
            "last_meeting": None
            if c.last_meeting is None
            else {
                "date": c.last_meeting.date,
                "forum": c.last_meeting.forum,
                "decisions": c.last_meeting.decisions,
                "notes": c.last_meeting.notes,
            },
            "preparation": c.preparation,
        }

    return {
        "forum": listing.forum.value,
        "forum_label": listing.forum.label,
        "date": listing.date,
        "school": listing.school,
        "listed": [pupil(c) for c in listing.listed],
        "apart": [{"case": c.case, "basis": c.basis} for c in listing.apart],
    }


def render(repo: Repository, listing: MeetingList, fmt: str) -> str | bytes:
    """The bespreeklijst as Markdown, HTML, PDF, Word or ODT, from templates/meeting-list.md
    (the school's own copy in its repository wins)."""
    from zorgroute.documents import render as r

    env = r.make_environment(r.Templates(repo.root / "templates"))
    text = r.render_template(env, TEMPLATE, r.md_safe(document_context(listing)))
    if fmt == "md":
        return text
    config = repo.config
    title = f"Bespreeklijst {listing.forum.label}"
    if fmt in ("pdf", "docx", "odt"):
        meta = r.document_meta(repo.root, config, title, listing.date)
        return r.binary_formats(text, meta, (fmt,))[fmt]
    from markupsafe import Markup

    return r.render_template(
        env,
        "_layout.html",
        {
            "title": title,
            "school": config.school,
            "letterhead": config.letterhead,
            "day": listing.date,
            "logo": r.logo_data_uri(repo.root, config.letterhead.logo),
            "body": Markup(r.md_to_html(text)),
        },
    )
