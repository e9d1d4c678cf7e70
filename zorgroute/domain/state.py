"""The state of a case, derived from its records and its route. Never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zorgroute.model.records import (
    Action,
    ActionUpdate,
    Closure,
    Conversation,
    Dormant,
    Family,
    Feedback,
    Meeting,
    Override,
    Referral,
    Reopen,
)
from zorgroute.model.route import Act, Route
from zorgroute.model.vocab import (
    ActionStatus,
    ContactKind,
    FeedbackKind,
    Participant,
    ReferralStatus,
)
from zorgroute.store.repo import CaseData, Entry

FINAL_REFERRAL = frozenset(
    {ReferralStatus.finished, ReferralStatus.broken_off, ReferralStatus.refused}
)
WAITING_REFERRAL = frozenset(
    {ReferralStatus.sent, ReferralStatus.accepted, ReferralStatus.waiting_list}
)
PASSIVE_KINDS = frozenset({"document", "correction", "void"})


@dataclass
class ActionState:
    ref: str
    owner: str
    description: str
    due: dt.date
    status: ActionStatus
    source: str  # the file that holds the action

    def overdue(self, today: dt.date) -> bool:
        return self.status == ActionStatus.open and self.due < today


@dataclass
class ReferralState:
    entry: Entry
    status: ReferralStatus
    expected: dt.date | None
    feedback: list[Entry] = field(default_factory=list)
    started: dt.date | None = None

    @property
    def referral(self) -> Referral:
        assert isinstance(self.entry.record, Referral)
        return self.entry.record

    @property
    def final(self) -> bool:
        return self.status in FINAL_REFERRAL


@dataclass(frozen=True)
class PendingContact:
    after: Entry
    contact: ContactKind
    due: dt.date


@dataclass(frozen=True)
class Visit:
    step: str
    since: dt.date
    entry: str


@dataclass
class CaseState:
    route: Route
    step: str
    step_since: dt.date
    closed: bool
    last_activity: dt.date
    visits: list[Visit]
    actions: list[ActionState]
    referrals: list[ReferralState]
    pending: list[PendingContact]
    overrides: list[tuple[Entry, Override]]
    corrections: dict[str, list[Entry]]
    dormant: Entry | None = None
    closure: Entry | None = None
    # a parent's request for information or inspection not yet answered
    open_requests: list[Entry] = field(default_factory=list)

    @property
    def step_title(self) -> str:
        step = self.route.step(self.step)
        return step.title if step else self.step

    def waiting_referrals(self) -> list[ReferralState]:
        """Referrals whose care has not started or ended: the school still waits."""
        return [r for r in self.referrals if r.status in WAITING_REFERRAL]

    def open_actions(self) -> list[ActionState]:
        return [a for a in self.actions if a.status == ActionStatus.open]

    @property
    def dormant_review(self) -> dt.date | None:
        if self.dormant is None:
            return None
        record = self.dormant.record
        return record.review_date if isinstance(record, Dormant) else None

    def days_in_step(self, today: dt.date) -> int:
        return max(0, (today - self.step_since).days)


def parent_present(talk: Conversation, family: Family) -> bool:
    """A parent was at the conversation: the parents as participants, or an adult of the
    family named among those present. A talk with only the teacher or the pupil is not."""
    return Participant.parents in talk.participants or any(
        family.adult(who) is not None for who in talk.adults
    )


def from_partner(feedback: Feedback, referral: Referral) -> bool:
    """Feedback counts for a referral only when it came from the partner referred to."""
    return feedback.source is None or feedback.source == referral.institution


def act_for(route: Route, entry: Entry) -> Act | None:
    """The route's act that a record belongs to (meetings by their forum)."""
    forum = getattr(entry.record, "forum", None) if entry.kind == "meeting" else None
    for act in route.acts:
        if act.record == entry.kind and (act.forum is None or act.forum == forum):
            return act
    return None


def derive(data: CaseData, route: Route, feedback_days: int = 42) -> CaseState:
    entries = data.entries
    first_step = route.steps[0].id
    step, since = first_step, data.case.created
    furthest = -1
    before_close: tuple[str, int] = (first_step, -1)
    closed = False
    closure: Entry | None = None
    dormant: Entry | None = None
    visits: list[Visit] = []
    actions: dict[str, ActionState] = {}
    referrals: dict[str, ReferralState] = {}
    pending: list[PendingContact] = []
    overrides: list[tuple[Entry, Override]] = []
    corrections: dict[str, list[Entry]] = {}
    conversations: list[Entry] = []

    for entry in entries:
        rec = entry.record
        overrides += [(entry, o) for o in rec.overrides]
        if entry.kind not in PASSIVE_KINDS:
            dormant = entry if isinstance(rec, Dormant) else None
        if isinstance(rec, Closure):
            if closed:  # a second closure (two clones, merged) keeps the first one's state
                continue
            before_close = (step, furthest)
            step, since, closed, closure = "closed", rec.date, True, entry
            visits.append(Visit("closed", rec.date, entry.id))
            continue
        if isinstance(rec, Reopen):
            if not closed:  # two reopenings of one closure, merged: the first counts
                continue
            step, furthest = before_close
            since, closed, closure = rec.date, False, None
            visits.append(Visit(step, rec.date, entry.id))
            continue
        act = act_for(route, entry)
        if act is not None:
            if act.enters and not closed:
                index = route.step_index(act.enters)
                if index > furthest:
                    furthest, step, since = index, act.enters, rec.date
                    visits.append(Visit(step, rec.date, entry.id))
            pending += [
                PendingContact(entry, item.contact, rec.date + dt.timedelta(days=item.within_days))
                for item in act.after
            ]
        if isinstance(rec, Conversation):
            conversations.append(entry)
        elif isinstance(rec, Meeting):
            for item in rec.actions:
                ref = f"{entry.id}#{item.id}"
                actions[ref] = ActionState(
                    ref, item.owner, item.description, item.due, ActionStatus.open, entry.path
                )
        elif isinstance(rec, Action):
            actions[entry.id] = ActionState(
                entry.id, rec.owner, rec.description, rec.due, ActionStatus.open, entry.path
            )
        elif isinstance(rec, ActionUpdate):
            state = actions.get(rec.action)
            if state is not None:
                state.status = rec.status
                if rec.status == ActionStatus.carried_over and rec.new_due:
                    state.status, state.due = ActionStatus.open, rec.new_due
        elif isinstance(rec, Referral):
            expected = rec.expected_feedback or rec.date + dt.timedelta(days=feedback_days)
            referrals[entry.id] = ReferralState(entry, ReferralStatus.sent, expected)
        elif isinstance(rec, Feedback):
            followed = referrals.get(rec.referral)
            if followed is not None and from_partner(rec, followed.referral):
                followed.feedback.append(entry)
                if rec.status is not None:
                    followed.status = rec.status
                started = rec.status == ReferralStatus.started or (
                    rec.feedback == FeedbackKind.care_started and rec.status is None
                )
                if started and followed.started is None:
                    followed.started = rec.date
                followed.expected = None if followed.final else rec.next_expected

    for entry in data.written:  # corrections as written: the history shows them all
        if entry.kind == "correction" and entry.id not in data.voided:
            target = getattr(entry.record, "supersedes", "")
            corrections.setdefault(target, []).append(entry)

    pending = [
        p
        for p in pending
        if not any(
            isinstance(c.record, Conversation)
            and c.record.contact == p.contact
            and c.record.date >= p.after.record.date
            and parent_present(c.record, data.case.family)
            for c in conversations
        )
    ]
    if closed:
        pending = []
    answered = {getattr(e.record, "request", None) for e in entries if e.kind == "info_answer"}
    open_requests = [e for e in entries if e.kind == "info_request" and e.id not in answered]
    last = max((e.record.date for e in entries), default=data.case.created)
    return CaseState(
        route=route,
        step=step,
        step_since=since,
        closed=closed,
        last_activity=last,
        visits=visits,
        actions=list(actions.values()),
        referrals=list(referrals.values()),
        pending=pending,
        overrides=overrides,
        corrections=corrections,
        dormant=dormant if not closed else None,
        closure=closure,
        open_requests=open_requests,
    )
