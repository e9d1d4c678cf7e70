"""What is due: the one list of open follow-up items of a case, as of a date.

`status`, `agenda` (and its calendar file), their JSON and `report` all read `due_items`,
so no two views disagree about what is open or overdue, and "stalled" is decided from the
same list (`is_stalled`).

An item stays open until a record exists that *fulfils* it; a record that only mentions
it is not enough:

- an action: an update that marks it done or lapsed (carrying it over moves its date);
- a plan evaluation: an evaluation of that plan;
- the parents' signature under a handelingsplan: the date they signed, or signatures of
  everyone who must consent on the plan's date (the policy layer says who: by age and
  authority) — a signature by someone else does not count;
- the parents' agreement with an OPP's action part: the same, for the OPP;
- the evaluation of an OPP with the parents, at least once a year: an OPP evaluation at
  which an adult of the family was present; the next one is then due;
- a conversation with the parents after a meeting: a conversation of that kind, on or
  after the meeting, at which a parent was present (`state.parent_present`);
- feedback on a referral: feedback about that referral from the partner it was sent to;
- aftercare of a closed case: a record, on or after the closure, that care started
  (feedback "hulp gestart" or external care with a start date) — "still on the waiting
  list" is not;
- the waiting norm: care started, or the referral ended; the school's own norm in
  `zorgroute.yaml` goes before the route's (`policy.waiting_norm_days`);
- reporting unauthorised absence to the leerplicht officer, once it reached the threshold
  of `zorgroute.yaml` (by default the legal one: 16 hours within 4 school weeks): a
  leerplicht report dated on or after the record with which the threshold was reached;
- the review of a dormant case: any new record that wakes it;
- the next step of a running meldcode track: that step (`policy.meldcode`);
- a decision on youth care without mandate: the decision of the mandated person of the
  local team of the pupil's home municipality (`policy.mandate`);
- the outcome of a doorbraak: a follow-up record with the table's outcome;
- a case gone quiet: any new record.

Records are read as they stood on the date, with their corrections (`store.effective`).

To add an item kind: write one function `(Scope) -> Iterable[DueItem]` below and add one
`ItemKind` line to `KINDS`. Nothing else needs to change: status, agenda, ICS, JSON and
the report take every kind from that table.

An item's `what` may contain free text from the dossier (an action's description) and is
for the IB's own screen; `title` is what is to be done, for the calendar file, which
removes the names of the pupil and the family before it leaves zorgroute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from zorgroute.domain.instruments import open_leerplicht
from zorgroute.domain.state import CaseState, derive, from_partner
from zorgroute.domain.tracks import open_doorbraken
from zorgroute.model.nl import format_date
from zorgroute.model.records import (
    CareTeamRegistration,
    Closure,
    Config,
    Consent,
    Doorbraak,
    Evaluation,
    ExternalCare,
    Feedback,
    InfoRequest,
    Opp,
    OppEvaluation,
    Plan,
    Signature,
    ZatRegistration,
    shorten,
)
from zorgroute.model.route import Route
from zorgroute.model.vocab import Basis, FeedbackKind, PlanType, ReferralStatus, SignedDocument
from zorgroute.policy import facts, waiting_norm_days
from zorgroute.policy.consent import ended_by
from zorgroute.policy.mandate import mandate_checks
from zorgroute.policy.meldcode import meldcode_tracks
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry

#: Days after the start of a handelingsplan by which the parents have signed it.
SIGNATURE_DAYS = 14
#: Days after an OPP by which the parents have agreed with its action part.
AGREEMENT_DAYS = 42
#: An OPP is evaluated with the parents at least once a year.
YEAR = 365
#: Days after an MDO by which a decision on youth care has its mandate.
MANDATE_DAYS = 14
#: Days after a meldcode step by which the next one is expected (the meldcode sets no term;
#: a week keeps a running track in view).
MELDCODE_STEP_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    """One open follow-up item of one case."""

    kind: str
    date: dt.date
    overdue: bool
    what: str  # for the IB's screen: may hold free text from the dossier
    title: str  # what is to be done, for the calendar (names are removed there)
    key: str  # the item's identity: the same across a carried-over date
    ref: str | None = None  # the record (or action) the item is about
    owner: str | None = None  # None: the coordinator (IB) follows it up

    @property
    def spec(self) -> ItemKind:
        return BY_KIND[self.kind]

    @property
    def kind_label(self) -> str:
        return self.spec.label

    @property
    def closed_by(self) -> tuple[str, ...]:
        return self.spec.closed_by

    @property
    def closed_by_label(self) -> str:
        return self.spec.closed_by_label

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "date": self.date.isoformat(),
            "overdue": self.overdue,
            "what": self.what,
            "ref": self.ref,
            "owner": self.owner,
            "closed_by": list(self.closed_by),
            "closed_by_label": self.closed_by_label,
        }


@dataclass(frozen=True)
class Scope:
    """What the item functions read: the case as it stood on `on`, with corrections."""

    data: CaseData  # records up to `on`, corrections applied
    state: CaseState  # derived from those records
    route: Route
    config: Config
    on: dt.date

    def item(
        self,
        kind: str,
        date: dt.date,
        what: str,
        title: str | None = None,
        *,
        ref: str | None = None,
        owner: str | None = None,
        key: str = "",
        overdue: bool | None = None,
    ) -> DueItem:
        return DueItem(
            kind,
            date,
            date < self.on if overdue is None else overdue,
            what,
            title if title is not None else what,
            f"{kind}:{ref or ''}:{key}",
            ref,
            owner,
        )

    def of(self, cls: type[Any]) -> list[Entry]:
        return [e for e in self.data.entries if isinstance(e.record, cls)]

    def partner_name(self, partner_id: str) -> str:
        partner = self.config.partner(partner_id)
        return partner.name if partner else partner_id


# --- the item kinds -------------------------------------------------------------------------


def actions(s: Scope) -> Iterable[DueItem]:
    for a in s.state.open_actions():
        yield s.item(
            "action",
            a.due,
            f"afspraak {a.ref}: {a.owner} — {shorten(a.description, 50)}",
            f"{a.owner}: {shorten(a.description, 60)}",
            ref=a.ref,
            owner=a.owner,
        )


def evaluations(s: Scope) -> Iterable[DueItem]:
    evaluated = {e.record.plan for e in s.of(Evaluation) if isinstance(e.record, Evaluation)}
    for e in s.of(Plan):
        rec = e.record
        assert isinstance(rec, Plan)
        if e.id not in evaluated:
            yield s.item(
                "evaluation",
                rec.evaluation_date,
                f"evaluatie {rec.plan_type.label} {rec.area}",
                f"evaluatie van het {rec.plan_type.label} {rec.area}",
                ref=e.id,
                owner=rec.responsible,
            )


def who_must_sign(s: Scope, day: dt.date) -> tuple[str, ...]:
    """Who must sign a plan made on `day`: the policy layer's consenters on that day."""
    return facts(s.data, s.route, day).consenters.ids


def signed_by(s: Scope, documents: Sequence[SignedDocument], record_id: str) -> set[str]:
    """Everyone who signed this plan or OPP (signatures that name it)."""
    out: set[str] = set()
    for e in s.of(Signature):
        rec = e.record
        assert isinstance(rec, Signature)
        if rec.document in documents and rec.refers_to == record_id:
            out.update(rec.signed_by)
    return out


def missing_words(s: Scope, missing: Iterable[str]) -> str:
    """'moeder en vader': who still has to sign, by relation (never by name)."""
    words = []
    for who in sorted(missing):
        adult = s.data.case.family.adult(who)
        words.append("de leerling" if adult is None else adult.relation.label)
    return " en ".join(words)


def still_to_sign(s: Scope, on: dt.date, signed: set[str]) -> str | None:
    """Who must still sign a plan dated `on`, in words; None when it is complete.

    With nobody named as consenter, any signature completes it ("de ouders" until then).
    """
    needed = set(who_must_sign(s, on))
    missing = needed - signed
    if needed and not missing or not needed and signed:
        return None
    return missing_words(s, missing) if missing else "de ouders"


def signatures(s: Scope) -> Iterable[DueItem]:
    for e in s.of(Plan):
        rec = e.record
        assert isinstance(rec, Plan)
        if rec.plan_type == PlanType.group_plan or rec.parents_agreed is not None:
            continue
        signed = signed_by(s, (SignedDocument.action_plan, SignedDocument.opp), e.id)
        who = still_to_sign(s, rec.date, signed)
        if who is None:
            continue
        yield s.item(
            "signature",
            rec.start + dt.timedelta(days=SIGNATURE_DAYS),
            f"het {rec.plan_type.label} {rec.area} is nog niet ondertekend door {who}",
            f"handtekening van de ouders onder het {rec.plan_type.label}",
            ref=e.id,
        )


def opp_agreements(s: Scope) -> Iterable[DueItem]:
    for e in s.of(Opp):
        rec = e.record
        assert isinstance(rec, Opp)
        agreed = signed_by(s, (SignedDocument.opp,), e.id)
        if rec.parents_agreed is not None:
            agreed.update(rec.agreed_by)
        who = still_to_sign(s, rec.date, agreed)
        if who is None:
            continue
        yield s.item(
            "opp_agreement",
            rec.date + dt.timedelta(days=AGREEMENT_DAYS),
            f"de instemming van {who} met het handelingsdeel van het OPP",
            "instemming van de ouders met het OPP",
            ref=e.id,
        )


def opp_evaluations(s: Scope) -> Iterable[DueItem]:
    """The next evaluation of each OPP with the parents is always open, with its date."""
    family = s.data.case.family
    for e in s.of(Opp):
        rec = e.record
        assert isinstance(rec, Opp)
        done = [
            ev.record
            for ev in s.of(OppEvaluation)
            if isinstance(ev.record, OppEvaluation)
            and ev.record.opp == e.id
            and any(family.adult(who) is not None for who in ev.record.with_parents)
        ]
        if not done:
            due = min(rec.evaluation_date, rec.date + dt.timedelta(days=YEAR))
            what = "het OPP is nog niet met de ouders geëvalueerd"
        else:
            last = max(done, key=lambda ev: ev.date)
            due = last.date + dt.timedelta(days=YEAR)
            if last.next_evaluation is not None:
                due = min(due, last.next_evaluation)
            what = "het OPP moet opnieuw met de ouders worden geëvalueerd"
        yield s.item("opp_evaluation", due, what, "evaluatie van het OPP met de ouders", ref=e.id)


def conversations(s: Scope) -> Iterable[DueItem]:
    for p in s.state.pending:
        yield s.item(
            "conversation",
            p.due,
            f"{p.contact.label} met de ouders",
            ref=p.after.id,
            key=p.contact.value,
        )


def objection_deadlines(s: Scope) -> Iterable[DueItem]:
    consents = s.of(Consent)
    for e in consents:
        rec = e.record
        assert isinstance(rec, Consent)
        if (
            rec.basis == Basis.no_objection_notice
            and rec.objection_deadline
            and rec.objection_deadline >= s.on - dt.timedelta(days=1)
            and ended_by(e, consents, rec.objection_deadline) is None
        ):
            yield s.item(
                "objection_deadline",
                rec.objection_deadline,
                f"einde bezwaartermijn ({rec.forum.label})",
                ref=e.id,
                overdue=False,
            )


def feedback(s: Scope) -> Iterable[DueItem]:
    for r in s.state.referrals:
        if r.expected and not r.final:
            name = s.partner_name(r.referral.institution)
            yield s.item("feedback", r.expected, f"terugkoppeling van {name}", ref=r.entry.id)


def waiting(s: Scope) -> Iterable[DueItem]:
    norm = waiting_norm_days(s.route, s.config)
    for r in s.state.referrals:
        if r.final or r.started is not None:
            continue
        name = s.partner_name(r.referral.institution)
        limit = r.referral.date + dt.timedelta(days=norm)
        yield s.item(
            "waiting",
            limit,
            f"verwezen naar {name} op {format_date(r.referral.date)}, hulp nog niet gestart "
            f"(norm {norm} dagen)",
            f"wachttijd bij {name} boven de norm van {norm} dagen",
            ref=r.entry.id,
        )


def care_started(s: Scope, since: dt.date) -> bool:
    """A record dated on or after `since` that shows care started: feedback from the
    partner ("hulp gestart") or external care with a start date."""
    referrals = {r.entry.id: r.referral for r in s.state.referrals}
    for e in s.data.entries:
        rec = e.record
        if rec.date < since:
            continue
        if (
            isinstance(rec, Feedback)
            and rec.referral in referrals
            and from_partner(rec, referrals[rec.referral])
            and (rec.status == ReferralStatus.started or rec.feedback == FeedbackKind.care_started)
        ):
            return True
        if isinstance(rec, ExternalCare) and rec.start is not None and rec.start <= s.on:
            return True
    return False


def aftercare(s: Scope) -> Iterable[DueItem]:
    closure = s.state.closure
    rec = closure.record if closure else None
    if (
        closure
        and isinstance(rec, Closure)
        and rec.aftercare_date
        and not care_started(s, rec.date)
    ):
        yield s.item(
            "aftercare",
            rec.aftercare_date,
            "nazorg: is de hulp echt gestart?",
            "nazorg: is de hulp echt gestart?",
            ref=closure.id,
        )


def dormant_review(s: Scope) -> Iterable[DueItem]:
    review = s.state.dormant_review
    if review:
        yield s.item(
            "dormant_review",
            review,
            "slapend dossier opnieuw bekijken",
            ref=s.state.dormant.id if s.state.dormant else None,
            overdue=review <= s.on,
        )


def info_requests(s: Scope) -> Iterable[DueItem]:
    """A parent's request for information or inspection: answered within a month (AVG)."""
    for e in s.state.open_requests:
        req = e.record
        if isinstance(req, InfoRequest):
            yield s.item(
                "info_request",
                req.due,
                f"antwoord op het verzoek om {req.request.label} (AVG: binnen een maand)",
                f"antwoord op het verzoek om {req.request.label}",
                ref=e.id,
            )


def meldcode_steps(s: Scope) -> Iterable[DueItem]:
    """The next step of a running meldcode track, a week after the last one."""
    tracks = meldcode_tracks(s.data, s.on)
    if not tracks or not tracks[-1].open or tracks[-1].next_step is None:
        return
    last = tracks[-1].steps[-1]
    nxt = tracks[-1].next_step
    yield s.item(
        "meldcode",
        last.record.date + dt.timedelta(days=MELDCODE_STEP_DAYS),
        f"meldcode: {nxt.label}",
        f"meldcode: {nxt.label}",
        ref=last.id,
        key=nxt.value,
    )


def mandates(s: Scope) -> Iterable[DueItem]:
    """A decision on youth care without the mandate of the local team of the pupil's home
    municipality: the mandated person's decision, two weeks after the meeting."""
    for check in mandate_checks(s.data, s.config):
        if not check.valid:
            yield s.item(
                "mandate",
                check.meeting.record.date + dt.timedelta(days=MANDATE_DAYS),
                f"besluit over jeugdhulp zonder mandaat ({check.meeting.record.label} van "
                f"{format_date(check.meeting.record.date)})",
                "besluit over jeugdhulp met mandaat van het lokale team",
                ref=check.meeting.id,
            )


def doorbraken(s: Scope) -> Iterable[DueItem]:
    """The outcome of a case put to a doorbraak table, on the follow-up date."""
    for entry in open_doorbraken(s.data):
        rec = entry.record
        assert isinstance(rec, Doorbraak)
        yield s.item(
            "doorbraak",
            rec.follow_up,
            f"uitkomst van de doorbraak ({rec.reason.label})",
            f"uitkomst van de doorbraaktafel ({rec.reason.label})",
            ref=entry.id,
        )


def leerplicht(s: Scope) -> Iterable[DueItem]:
    """Unauthorised absence over the threshold: reported to the leerplicht officer without
    delay (Leerplichtwet art. 21), so due on the day the threshold was reached."""
    for d in open_leerplicht(s.data, s.config.settings):
        yield s.item(
            "leerplicht",
            d.seen,
            d.what(),
            "verzuim melden bij de leerplichtambtenaar",
            ref=d.ref,
        )


def stalled(s: Scope) -> Iterable[DueItem]:
    quiet_after = s.config.settings.stalled_after_days
    since = s.state.last_activity
    if s.state.dormant is None and (s.on - since).days > quiet_after:
        yield s.item(
            "stalled",
            since + dt.timedelta(days=quiet_after + 1),
            f"geen nieuw record sinds {format_date(since)} (norm {quiet_after} dagen)",
            "dossier stilgevallen: geen nieuw record",
            overdue=True,
        )


# --- the table of kinds ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemKind:
    """One kind of due item: its Dutch label, what closes it, and the function that finds
    the open ones. `closed_case`: also looked for once the case is closed. `stalls`: an
    overdue item of this kind makes the case stalled (the school has to act)."""

    kind: str
    label: str
    closed_by: tuple[str, ...]  # the record kinds that can close it
    closed_by_label: str
    find: Callable[[Scope], Iterable[DueItem]]
    stalls: bool = True
    closed_case: bool = False


KINDS: tuple[ItemKind, ...] = (
    ItemKind(
        "action",
        "afspraak",
        ("action_update",),
        "een nieuwe stand van de afspraak: gedaan of vervallen",
        actions,
    ),
    ItemKind(
        "evaluation",
        "evaluatie van een plan",
        ("evaluation",),
        "een evaluatie van het plan",
        evaluations,
    ),
    ItemKind(
        "signature",
        "handtekening van de ouders",
        ("signature", "correction"),
        "de handtekening van iedereen die moet tekenen, of de datum waarop de ouders tekenden",
        signatures,
    ),
    ItemKind(
        "opp_agreement",
        "instemming met het OPP",
        ("signature", "correction"),
        "de instemming of handtekening van iedereen die moet instemmen",
        opp_agreements,
    ),
    ItemKind(
        "opp_evaluation",
        "evaluatie van het OPP",
        ("opp_evaluation",),
        "een evaluatie van het OPP waarbij een ouder was",
        opp_evaluations,
    ),
    ItemKind(
        "conversation",
        "gesprek met de ouders",
        ("conversation",),
        "een gesprek van deze soort waarbij een ouder was",
        conversations,
    ),
    ItemKind(
        "feedback",
        "terugkoppeling van een instelling",
        ("feedback",),
        "een terugkoppeling van de instelling waarnaar is verwezen",
        feedback,
    ),
    ItemKind(
        "objection_deadline",
        "einde bezwaartermijn",
        ("consent",),
        "het einde van de termijn, of een bezwaar of weigering",
        objection_deadlines,
        stalls=False,
    ),
    ItemKind(
        "aftercare",
        "nazorg",
        ("feedback", "external_care"),
        "een terugkoppeling of externe hulp waaruit blijkt dat de hulp is gestart",
        aftercare,
        closed_case=True,
    ),
    ItemKind(
        "waiting",
        "wachttijd boven de norm",
        ("feedback",),
        "een terugkoppeling dat de hulp is gestart, of dat de verwijzing is afgerond",
        waiting,
        stalls=False,
    ),
    ItemKind(
        "info_request",
        "antwoord op een verzoek om informatie of inzage",
        ("info_answer",),
        "een antwoord op het verzoek",
        info_requests,
    ),
    ItemKind(
        "meldcode",
        "volgende stap van de meldcode",
        ("meldcode",),
        "de volgende stap van de meldcode",
        meldcode_steps,
    ),
    ItemKind(
        "mandate",
        "besluit over jeugdhulp zonder mandaat",
        ("mandate",),
        "het besluit van de gemandateerde van het lokale team van de woongemeente",
        mandates,
    ),
    ItemKind(
        "doorbraak",
        "uitkomst van een doorbraak",
        ("doorbraak",),
        "een vervolgrecord met de uitkomst van de tafel",
        doorbraken,
    ),
    ItemKind(
        "leerplicht",
        "verzuim melden bij de leerplichtambtenaar",
        ("leerplicht_report",),
        "een melding van het verzuim aan de leerplichtambtenaar",
        leerplicht,
    ),
    ItemKind(
        "dormant_review",
        "slapend dossier herzien",
        (),
        "een nieuw record in het dossier",
        dormant_review,
    ),
    ItemKind("stalled", "dossier stilgevallen", (), "een nieuw record in het dossier", stalled),
)
BY_KIND: dict[str, ItemKind] = {k.kind: k for k in KINDS}
KIND_LABELS: dict[str, str] = {k.kind: k.label for k in KINDS}


# --- the one function -----------------------------------------------------------------------


def scope(data: CaseData, route: Route, config: Config, on: dt.date) -> Scope:
    """The case as it stood on `on`, every record read with its corrections."""
    upto = data.as_of(on)
    entries = tuple(effective_entries(upto, on))
    fixed = replace(upto, entries=entries, by_id={e.id: e for e in entries})
    return Scope(fixed, derive(fixed, route, config.settings.feedback_days), route, config, on)


def due_items(data: CaseData, route: Route, config: Config, on: dt.date) -> list[DueItem]:
    """Every open follow-up item of one case on `on`, overdue or not, oldest first."""
    s = scope(data, route, config, on)
    out: list[DueItem] = []
    for spec in KINDS:
        if s.state.closed and not spec.closed_case:
            continue
        out.extend(spec.find(s))
    return sorted(out, key=order)


def order(item: DueItem) -> tuple[dt.date, str, str]:
    return (item.date, item.kind, item.key)


def is_stalled(state: CaseState, items: Sequence[DueItem]) -> bool:
    """Stalled: open, not dormant, and something overdue that the school must do, or
    nothing recorded for too long (the "stalled" item)."""
    if state.closed or state.dormant is not None:
        return False
    return any(i.overdue and i.spec.stalls for i in items)


@dataclass(frozen=True)
class DirectEscalation:
    """A registration that skipped levels, with the recorded reason (GUIDE §2.1)."""

    date: dt.date
    record: str
    label: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "date": self.date.isoformat(),
            "record": self.record,
            "label": self.label,
            "reason": self.reason,
        }


def direct_escalations(data: CaseData, on: dt.date) -> list[DirectEscalation]:
    """Registrations with the zorgteam or the ZAT without the earlier steps, as corrected."""
    out = []
    for e in effective_entries(data.as_of(on), on):
        rec = e.record
        if isinstance(rec, CareTeamRegistration | ZatRegistration) and rec.direct_reason:
            out.append(DirectEscalation(rec.date, e.id, rec.label, rec.direct_reason))
    return out
