"""What is due and overdue, per case and across the repository.

One place computes every date a careful IB follows up on: open actions, plan evaluations,
parent conversations after a meeting, expected feedback, the end of a notice period,
aftercare of a closed case, the review of a dormant case, referrals waiting longer than the
norm, and cases that have gone quiet. `views.deadlines` (status) and `zorgroute agenda`
both read from here. Reading only: nothing is written, except the calendar file the user
asks for with `write_ics`.

Privacy: an item's `what` may contain free text from the dossier (an action's description)
and is meant for the IB's own screen. The calendar export uses `calendar_text`, which is
built from the case id and fixed vocabulary only, because a calendar file leaves zorgroute
(calendar apps, synchronisation to online services).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zorgroute.domain import engine
from zorgroute.domain.instruments import open_leerplicht
from zorgroute.errors import WriteFailed, ZorgrouteError
from zorgroute.model.records import Closure, Consent, ExternalCare, Feedback, Plan, shorten
from zorgroute.model.vocab import Basis, Role
from zorgroute.policy.consent import ended_by
from zorgroute.store.repo import Repository

#: Default look-ahead of `zorgroute agenda`: overdue items plus the next four weeks.
DEFAULT_DAYS = 28

KIND_LABELS: dict[str, str] = {
    "action": "afspraak",
    "evaluation": "evaluatie van een plan",
    "conversation": "gesprek met de ouders",
    "feedback": "terugkoppeling van een instelling",
    "objection_deadline": "einde bezwaartermijn",
    "aftercare": "nazorg",
    "dormant_review": "slapend dossier herzien",
    "waiting": "wachttijd boven de norm",
    "stalled": "dossier stilgevallen",
    "leerplicht": "verzuim melden bij de leerplichtambtenaar",
}


@dataclass(frozen=True)
class AgendaItem:
    """One date to follow up on. `what` is for the IB's screen; `calendar_text` for export."""

    date: dt.date
    case: str
    kind: str
    what: str
    calendar_text: str
    overdue: bool
    owner: str | None = None
    ref: str | None = None  # the record (or action) the item is about
    pupil: str = ""  # the pupil's name, for the IB's own screen only

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "case": self.case,
            "pupil": self.pupil,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "what": self.what,
            "owner": self.owner,
            "overdue": self.overdue,
            "ref": self.ref,
        }


def coordinator(repo: Repository) -> str | None:
    """The person who follows up on what no one else owns: the IB (or zorgcoördinator)."""
    for role in (Role.ib, Role.zorgcoordinator, Role.zorgspecialist):
        person = repo.config.person(role)
        if person:
            return person.name
    return None


def waiting_norm(loaded: engine.Loaded) -> int:
    """Days a referral may wait for care to start: the route's norm, else the school's."""
    return loaded.route.norms.waiting_days or loaded.repo.config.settings.waiting_norm_days


def _aftercare_done(loaded: engine.Loaded, closure_day: dt.date) -> bool:
    """Aftercare is done once something was heard after closing: feedback or external care."""
    return any(
        isinstance(e.record, Feedback | ExternalCare) and e.record.date >= closure_day
        for e in loaded.data.entries
    )


def case_items(loaded: engine.Loaded, today: dt.date) -> list[AgendaItem]:
    """Every open date of one case, overdue or not, oldest first."""
    state, data, cid = loaded.state, loaded.data, loaded.case.id
    ib = coordinator(loaded.repo)
    pupil = loaded.case.pupil.full_name
    out: list[AgendaItem] = []

    def add(
        date: dt.date,
        kind: str,
        what: str,
        calendar: str,
        overdue: bool,
        owner: str | None = None,
        ref: str | None = None,
    ) -> None:
        out.append(
            AgendaItem(
                date,
                cid,
                kind,
                what,
                f"{cid}: {calendar}",
                overdue,
                owner if owner is not None else ib,
                ref,
                pupil,
            )
        )

    if state.closed:
        closure = state.closure.record if state.closure else None
        if (
            isinstance(closure, Closure)
            and closure.aftercare_date
            and not _aftercare_done(loaded, closure.date)
        ):
            add(
                closure.aftercare_date,
                "aftercare",
                "nazorg: is de hulp echt gestart?",
                "nazorg — is de hulp echt gestart?",
                closure.aftercare_date < today,
                ref=state.closure.id if state.closure else None,
            )
        return sorted(out, key=_order)

    for a in state.open_actions():
        add(
            a.due,
            "action",
            f"afspraak {a.ref}: {a.owner} — {shorten(a.description, 50)}",
            f"afspraak {a.ref.split('#')[-1] if '#' in a.ref else 'buiten overleg'} ({a.owner})",
            a.due < today,
            owner=a.owner,
            ref=a.ref,
        )
    evaluated = {getattr(e.record, "plan", None) for e in data.entries if e.kind == "evaluation"}
    consents = [e for e in data.entries if isinstance(e.record, Consent)]
    for e in data.entries:
        rec = e.record
        if isinstance(rec, Plan) and e.id not in evaluated:
            add(
                rec.evaluation_date,
                "evaluation",
                f"evaluatie {rec.plan_type.label} {rec.area}",
                f"evaluatie {rec.plan_type.label}",
                rec.evaluation_date < today,
                owner=rec.responsible,
                ref=e.id,
            )
        if (
            isinstance(rec, Consent)
            and rec.basis == Basis.no_objection_notice
            and rec.objection_deadline
            and rec.objection_deadline >= today - dt.timedelta(days=1)
            and ended_by(e, consents, rec.objection_deadline) is None
        ):
            add(
                rec.objection_deadline,
                "objection_deadline",
                f"einde bezwaartermijn ({rec.forum.label})",
                f"einde bezwaartermijn ({rec.forum.label})",
                False,
                ref=e.id,
            )
    for p in state.pending:
        add(
            p.due,
            "conversation",
            f"{p.contact.label} met de ouders",
            f"{p.contact.label} met de ouders",
            p.due < today,
            ref=p.after.id,
        )
    norm = waiting_norm(loaded)
    for r in state.referrals:
        inst = r.referral.institution
        if r.expected and not r.final:
            add(
                r.expected,
                "feedback",
                f"terugkoppeling van {inst}",
                f"terugkoppeling van {inst}",
                r.expected < today,
                ref=r.entry.id,
            )
        if not r.final and r.started is None:
            limit = r.referral.date + dt.timedelta(days=norm)
            add(
                limit,
                "waiting",
                f"verwezen naar {inst} op {r.referral.date.isoformat()}, hulp nog niet "
                f"gestart (norm {norm} dagen)",
                f"wachttijd bij {inst} boven de norm van {norm} dagen",
                limit < today,
                ref=r.entry.id,
            )
    for item in open_leerplicht(data, loaded.repo.config.settings):
        add(
            item.seen,
            "leerplicht",
            item.what(),
            "verzuim melden bij de leerplichtambtenaar",
            item.seen < today,
            ref=item.ref,
        )
    review = state.dormant_review
    if review:
        add(
            review,
            "dormant_review",
            "slapend dossier opnieuw bekijken",
            "slapend dossier opnieuw bekijken",
            review <= today,
            ref=state.dormant.id if state.dormant else None,
        )
    quiet_after = loaded.repo.config.settings.stalled_after_days
    if state.dormant is None and (today - state.last_activity).days > quiet_after:
        since = state.last_activity
        add(
            since + dt.timedelta(days=quiet_after + 1),
            "stalled",
            f"geen nieuw record sinds {since.isoformat()} (norm {quiet_after} dagen)",
            f"dossier stilgevallen, geen nieuw record sinds {since.isoformat()}",
            True,
        )
    return sorted(out, key=_order)


def _order(item: AgendaItem) -> tuple[dt.date, str, str, str]:
    return (item.date, item.case, item.kind, item.ref or "")


# --- across the repository ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Which dates to show. Without `start`: everything overdue plus today up to `end`."""

    today: dt.date
    start: dt.date | None
    end: dt.date

    @classmethod
    def make(
        cls, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
    ) -> Period:
        if end is None:
            end = (start or today) + dt.timedelta(days=DEFAULT_DAYS)
        if start is not None and end < start:
            from zorgroute.errors import UsageError

            raise UsageError(
                "het einde van de periode ligt voor het begin",
                hint="geef --to een datum op of na --from",
            )
        return cls(today, start, end)

    def holds(self, item: AgendaItem) -> bool:
        if item.date > self.end:
            return False
        if self.start is not None:
            return item.date >= self.start
        return item.overdue or item.date >= self.today


@dataclass
class Agenda:
    period: Period
    items: list[AgendaItem]
    stalled: list[str]  # case ids that are stalled (overdue items, or quiet too long)
    errors: dict[str, str]  # case id → why it could not be read

    def as_dict(self) -> dict[str, Any]:
        p = self.period
        return {
            "today": p.today.isoformat(),
            "from": p.start.isoformat() if p.start else None,
            "to": p.end.isoformat(),
            "items": [i.as_dict() for i in self.items],
            "stalled": self.stalled,
            "errors": [{"case": c, "error": m} for c, m in self.errors.items()],
        }


def build(
    repo: Repository, period: Period, *, owner: str | None = None, cases: Sequence[str] = ()
) -> Agenda:
    """The agenda of all (or some) cases in a period, optionally for one owner."""
    ids = list(cases) or repo.case_ids()
    items: list[AgendaItem] = []
    stalled: list[str] = []
    errors: dict[str, str] = {}
    stalled_after = repo.config.settings.stalled_after_days
    wanted = owner.casefold().strip() if owner else None

    def compute(case_id: str) -> tuple[bool, list[AgendaItem]]:
        loaded = engine.load(repo, case_id)
        return (loaded.state.stalled(period.today, stalled_after), case_items(loaded, period.today))

    from zorgroute.store.cache import per_case  # noqa: PLC0415 - only the whole-repository agenda needs it

    for case_id, found in per_case(repo, "agenda", (period.today,), ids, compute):
        if isinstance(found, ZorgrouteError):
            if cases:
                raise found
            errors[case_id] = found.message
            continue
        is_stalled, case_found = found
        if is_stalled:
            stalled.append(case_id)
        for item in case_found:
            if not period.holds(item):
                continue
            if wanted and wanted not in (item.owner or "").casefold():
                continue
            items.append(item)
    return Agenda(period, sorted(items, key=_order), stalled, errors)


# --- iCalendar (RFC 5545) ----------------------------------------------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


_NAME_CACHE: dict[str, re.Pattern[str]] = {}


def _scrub(text: str, names: Iterable[str]) -> str:
    """Belt and braces: a pupil's name never reaches the calendar, even via an owner field."""
    for name in names:
        if len(name) < 3:  # never scrub "de", "van" and the like
            continue
        pattern = _NAME_CACHE.setdefault(name, re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE))
        text = pattern.sub("[leerling]", text)
    return text


def ics_text(agenda: Agenda, names: dict[str, list[str]], stamp: dt.datetime) -> str:
    """The agenda as an iCalendar file: one all-day event per item, no pupil names.

    `names` maps a case id to the pupil's names, which are removed from every text."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//zorgroute//agenda//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:zorgroute",
    ]
    utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
    dtstamp = utc.strftime("%Y%m%dT%H%M%SZ")
    for item in agenda.items:
        hidden = names.get(item.case, [])
        summary = _scrub(item.calendar_text + (" (over tijd)" if item.overdue else ""), hidden)
        owner = _scrub(item.owner, hidden) if item.owner else None
        details = [f"Dossier {item.case} — {item.kind_label}."]
        if owner:
            details.append(f"Wie: {owner}.")
        details.append(f"Meer in: zorgroute status {item.case}")
        uid_ref = re.sub(r"[^0-9A-Za-z-]", "-", item.ref or "case")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.case}-{item.kind}-{uid_ref}-{item.date:%Y%m%d}@zorgroute",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{item.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(' '.join(details))}",
            f"CATEGORIES:{_escape(item.kind_label)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_ics(repo: Repository, agenda: Agenda, target: Path, stamp: dt.datetime) -> Path:
    """Write the calendar file the user asked for (outside the dossiers is advised)."""
    names: dict[str, list[str]] = {}
    for case_id in {i.case for i in agenda.items}:
        data = repo.require_case(case_id)
        pupil = data.case.pupil
        names[case_id] = [
            pupil.full_name,
            pupil.first_name,
            pupil.last_name,
            pupil.last_name.split()[-1],
        ]
    text = ics_text(agenda, names, stamp)
    try:
        from zorgroute.store.safefs import write_export  # noqa: PLC0415

        write_export(target, text.encode("utf-8"))  # 0600, never through a link
    except OSError as exc:
        raise WriteFailed(
            f"kan het agendabestand niet schrijven: {exc.strerror}",
            hint="kies een map waarin je mag schrijven",
        ) from None
    return target
