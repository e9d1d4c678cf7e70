"""The route as schools run it today, next to the steps of a route: the meldcode track, the
mandate of an MDO's decision on youth care, the doorbraak for a stuck case, and who sat at
the table (composition).

Everything here is derived from the records, like the case state; nothing is stored. The
questions of law (may the school report without consent, who decides on youth care, are
letters to the parents held) are the policy layer's; this module puts its answers together
for `status`, the rules, the documents and the report. Messages never hold free text from
the records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zorgroute.domain.state import CaseState
from zorgroute.model.records import Attendee, Config, Doorbraak, Meeting
from zorgroute.model.route import Act, Route, RuleRef
from zorgroute.model.vocab import Forum, ReferralStatus, Role, StuckReason
from zorgroute.policy import facts
from zorgroute.policy.mandate import MandateCheck, mandate_checks, mandate_fix
from zorgroute.policy.meldcode import MeldcodeTrack, meldcode_tracks
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

# --- acts every route has --------------------------------------------------------------------

#: The meldcode and the mandate are law: every route, and every version of it, can record
#: them. A route may define its own act for these commands (more rules, documents); the law's
#: checks (`policy.record_problems`) hold either way.
TRACK_ACTS: dict[str, Act] = {
    a.command: a
    for a in (
        Act(
            id="meldcode",
            title="Stap van de meldcode vastleggen",
            command="meldcode",
            record="meldcode",
            requires=[RuleRef(rule="open_case")],
        ),
        Act(
            id="mandate",
            title="Besluit over jeugdhulp met mandaat vastleggen",
            command="mandate",
            record="mandate",
            requires=[RuleRef(rule="open_case")],
        ),
        Act(
            id="doorbraak",
            title="Voorleggen aan een doorbraaktafel",
            command="doorbraak",
            record="doorbraak",
            requires=[RuleRef(rule="open_case"), RuleRef(rule="stuck_past_norm")],
            documents=["doorbraak"],
        ),
    )
}


# --- composition ---------------------------------------------------------------------------

#: Words in an attendee's function that show which role the person fills.
ROLE_WORDS: dict[Role, tuple[str, ...]] = {
    Role.ib: ("intern begeleider", "ib'er", "ib-er", " ib "),
    Role.directeur: ("directeur", "locatieleider"),
    Role.zorgcoordinator: ("zorgcoördinator", "zorgcoordinator"),
    Role.zat_coordinator: ("zat-coördinator", "zat-coordinator"),
    Role.zorgspecialist: ("zorgspecialist", "begeleidingsspecialist"),
    Role.teacher: ("leerkracht", "leraar", "juf ", "meester ", "docent"),
    Role.mentor: ("mentor",),
    Role.smw: ("schoolmaatschappelijk", "maatschappelijk werk", " smw"),
    Role.jgz: ("jeugdverpleegkundige", "jeugdarts", " jgz", "jeugdgezondheidszorg"),
    Role.orthopedagoog: ("orthopedagoog", "psycholoog"),
}


def attendee_roles(attendee: Attendee) -> set[Role]:
    """The roles an attendee fills: as recorded, or read from the function written down."""
    if attendee.roles:
        found = set(attendee.roles)
    else:
        text = f" {' '.join(attendee.function.casefold().split())} "
        found = {role for role, words in ROLE_WORDS.items() if any(w in text for w in words)}
    if Role.mentor in found:
        found.add(Role.teacher)  # in vo the mentor is the pupil's teacher
    return found


def missing_roles(route: Route, meeting: Meeting) -> list[Role]:
    """The roles the route requires for this forum that no attendee fills."""
    present: set[Role] = set()
    for attendee in meeting.attendees:
        present |= attendee_roles(attendee)
    return [r for r in route.required_roles(meeting.forum) if r not in present]


def forum_the(forum: Forum) -> str:
    """The forum with its article: 'het zorgteam van de school', 'de groepsbespreking'."""
    article = "de" if forum in (Forum.groepsbespreking, Forum.leerlingbespreking) else "het"
    return f"{article} {forum.label}"


def composition_message(forum: Forum, day: dt.date | None, missing: list[Role]) -> str:
    from zorgroute.model.nl import format_date

    names = ", ".join(r.label for r in missing)
    when = f" van {format_date(day)}" if day is not None else ""
    return f"{forum_the(forum)}{when} was niet compleet; volgens de route ontbrak: {names}"


@dataclass(frozen=True)
class CompositionGap:
    meeting: Entry
    missing: tuple[Role, ...]

    def as_dict(self) -> dict[str, Any]:
        rec = self.meeting.record
        assert isinstance(rec, Meeting)
        return {
            "meeting": self.meeting.id,
            "date": rec.date.isoformat(),
            "forum": rec.forum.value,
            "forum_label": rec.forum.label,
            "missing": [r.value for r in self.missing],
            "missing_labels": [r.label for r in self.missing],
            "message": composition_message(rec.forum, rec.date, list(self.missing)),
            "overridden": any(o.rule == "composition" for o in rec.overrides),
        }


def composition_gaps(data: CaseData, route: Route) -> list[CompositionGap]:
    """Every meeting of the case without a role the route requires for its forum."""
    out = []
    for entry in effective_entries(data):
        rec = entry.record
        if isinstance(rec, Meeting):
            missing = missing_roles(route, rec)
            if missing:
                out.append(CompositionGap(entry, tuple(missing)))
    return out


# --- stuck cases and the doorbraak ------------------------------------------------------------


@dataclass(frozen=True)
class Stuck:
    reason: StuckReason
    since: dt.date
    ref: str

    def days(self, day: dt.date) -> int:
        return (day - self.since).days


def stuck_points(data: CaseData, config: Config, state: CaseState) -> list[Stuck]:
    """Where the case is stuck: decisions on youth care without mandate, referrals on a
    waiting list, care that has not started."""
    out = [
        Stuck(StuckReason.no_mandate, c.meeting.record.date, c.meeting.id)
        for c in mandate_checks(data, config)
        if not c.valid
    ]
    for r in state.referrals:
        if r.final or r.started is not None or r.referral.meldcode:
            continue
        reason = (
            StuckReason.waiting_list
            if r.status == ReferralStatus.waiting_list
            else StuckReason.no_start
        )
        out.append(Stuck(reason, r.referral.date, r.entry.id))
    return out


def doorbraak_problem(
    data: CaseData, config: Config, route: Route, state: CaseState, draft: Doorbraak, day: dt.date
) -> str | None:
    """A case goes to a doorbraak table only when it is stuck, for that reason, past the
    route's norm. An outcome of an earlier submission needs no norm."""
    if draft.outcome:
        return None
    norm = route.norms.stuck_days
    matching = [s for s in stuck_points(data, config, state) if s.reason == draft.reason]
    if not matching:
        return f"het dossier zit niet vast om deze reden ({draft.reason.label})"
    longest = max(s.days(day) for s in matching)
    if longest < norm:
        return (
            f"het dossier zit {longest} dagen vast ({draft.reason.label}); de route legt een "
            f"dossier pas na {norm} dagen aan een doorbraaktafel voor"
        )
    return None


def open_doorbraken(data: CaseData) -> list[Entry]:
    """Submissions to a doorbraak table without a recorded outcome."""
    entries = effective_entries(data)
    answered = {
        e.record.refers_to for e in entries if isinstance(e.record, Doorbraak) and e.record.outcome
    }
    return [
        e
        for e in entries
        if isinstance(e.record, Doorbraak) and not e.record.outcome and e.id not in answered
    ]


# --- for status and show ----------------------------------------------------------------------


def meldcode_view(track: MeldcodeTrack) -> dict[str, Any]:
    nxt = track.next_step
    decided = track.decided.record if track.decided is not None else None
    return {
        "since": track.since.isoformat(),
        "open": track.open,
        "steps": [
            {
                "id": e.id,
                "date": e.record.date.isoformat(),
                "step": getattr(e.record, "step").value,  # noqa: B009 - a MeldcodeStep
                "title": getattr(e.record, "step").label,  # noqa: B009
            }
            for e in track.steps
        ],
        "next": nxt.value if nxt else None,
        "next_title": nxt.label if nxt else None,
        "decisions": [d.label for d in getattr(decided, "decisions", [])],
        "reported_to_veilig_thuis": track.reported,
        "without_consent": bool(getattr(decided, "without_consent", False)),
        "talk_skipped": track.talk_skipped,
    }


def mandate_view(data: CaseData, config: Config, check: MandateCheck) -> dict[str, Any]:
    return {
        "meeting": check.meeting.id,
        "date": check.date,
        "valid": check.valid,
        "status": "met mandaat" if check.valid else "zonder mandaat",
        "how": check.how,
        "fix": None if check.valid else mandate_fix(data, config, check.meeting.id),
    }


def tracks_status(
    data: CaseData, config: Config, route: Route, state: CaseState, today: dt.date
) -> dict[str, Any]:
    """The meldcode, the mandates, the doorbraken and the composition of one case."""
    cid = data.id
    tracks = meldcode_tracks(data)
    meldcode = [meldcode_view(t) for t in tracks]
    current = tracks[-1] if tracks and tracks[-1].open else None
    mandates = [mandate_view(data, config, c) for c in mandate_checks(data, config)]
    norm = route.norms.stuck_days
    submitted = {e.record.reason for e in open_doorbraken(data) if isinstance(e.record, Doorbraak)}
    stuck = [
        {
            "reason": s.reason.value,
            "reason_label": s.reason.label,
            "since": s.since.isoformat(),
            "days": s.days(today),
            "ref": s.ref,
            "past_norm": s.days(today) >= norm,
            "fix": (
                f'zorgroute doorbraak {cid} --reason {s.reason.value} --table "..." '
                '--question "..." --follow-up JJJJ-MM-DD'
            )
            if s.days(today) >= norm and s.reason not in submitted
            else None,
        }
        for s in stuck_points(data, config, state)
    ]
    doorbraken = []
    for e in open_doorbraken(data):
        rec = e.record
        assert isinstance(rec, Doorbraak)
        doorbraken.append(
            {
                "id": e.id,
                "date": rec.date.isoformat(),
                "reason_label": rec.reason.label,
                "follow_up": rec.follow_up.isoformat(),
                "overdue": rec.follow_up < today,
                "fix": f'zorgroute doorbraak {cid} --refers-to {e.id} --outcome "..."',
            }
        )
    safety = facts(data, route, today).safety
    return {
        "meldcode": meldcode,
        "letters_held": safety.active and safety.meldcode,
        "meldcode_next": (
            {
                "step": current.next_step.value,
                "title": current.next_step.label,
                "command": f"zorgroute meldcode {cid} --step {current.next_step.value} ...",
            }
            if current is not None and current.next_step is not None
            else None
        ),
        "mandates": mandates,
        "stuck": stuck,
        "stuck_norm_days": norm,
        "doorbraken": doorbraken,
        "composition": [g.as_dict() for g in composition_gaps(data, route)],
    }
