"""What is due and overdue, per case and across the repository, and the calendar file.

`domain.due` decides every open follow-up item (open actions, plan evaluations, the
parents' signatures, OPP agreement and evaluations, parent conversations, expected
feedback, the end of a notice period, aftercare, the review of a dormant case, waiting
norms, cases gone quiet); this module lists them across cases for `zorgroute agenda` and
writes them as an iCalendar file. Reading only: nothing is written, except the calendar
file the user asks for with `write_ics`.

Privacy: an item's `what` may contain free text from the dossier (an action's description)
and is meant for the IB's own screen. The calendar file carries the item's `title` (what
is to be done) with the names of the pupil and the family removed, the case id and fixed
words: never more than the agenda itself shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zorgroute.domain import due, engine
from zorgroute.errors import WriteFailed, ZorgrouteError
from zorgroute.model.vocab import Role
from zorgroute.store.repo import CaseData, Repository

#: Default look-ahead of `zorgroute agenda`: overdue items plus the next four weeks.
DEFAULT_DAYS = 28

KIND_LABELS = due.KIND_LABELS


@dataclass(frozen=True)
class AgendaItem:
    """One due item of one case, with whose case it is and who follows it up."""

    date: dt.date
    case: str
    kind: str
    what: str
    title: str  # what is to be done, for the calendar (names are removed when written)
    overdue: bool
    owner: str | None = None
    ref: str | None = None  # the record (or action) the item is about
    pupil: str = ""  # the pupil's name, for the IB's own screen only
    key: str = ""  # the item's identity across carried-over dates (see `uid`)

    @property
    def kind_label(self) -> str:
        return due.BY_KIND[self.kind].label

    @property
    def uid(self) -> str:
        """The calendar UID: the same for an item whatever its date, so a carried-over
        action moves in the calendar instead of appearing twice. Opaque: no ids in it."""
        digest = hashlib.blake2b(f"{self.case}|{self.key}".encode(), digest_size=16)
        return f"{digest.hexdigest()}@zorgroute"

    def as_dict(self) -> dict[str, Any]:
        spec = due.BY_KIND[self.kind]
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
            "closed_by": list(spec.closed_by),
            "closed_by_label": spec.closed_by_label,
        }


def coordinator(repo: Repository) -> str | None:
    """The person who follows up on what no one else owns: the IB (or zorgcoördinator)."""
    for role in (Role.ib, Role.zorgcoordinator, Role.zorgspecialist):
        person = repo.config.person(role)
        if person:
            return person.name
    return None


def agenda_items(loaded: engine.Loaded, items: Iterable[due.DueItem]) -> list[AgendaItem]:
    """Due items as agenda lines: what no one else owns lies with the coordinator."""
    ib = coordinator(loaded.repo)
    pupil = loaded.case.pupil.full_name
    return [
        AgendaItem(
            i.date,
            loaded.case.id,
            i.kind,
            i.what,
            i.title,
            i.overdue,
            i.owner if i.owner is not None else ib,
            i.ref,
            pupil,
            i.key,
        )
        for i in items
    ]


def case_items(loaded: engine.Loaded, today: dt.date) -> list[AgendaItem]:
    """Every open item of one case, overdue or not, oldest first: `domain.due` decides."""
    return agenda_items(loaded, due_items(loaded, today))


def due_items(loaded: engine.Loaded, today: dt.date) -> list[due.DueItem]:
    return due.due_items(loaded.data, loaded.route, loaded.repo.config, today)


def _order(item: AgendaItem) -> tuple[dt.date, str, str, str]:
    return (item.date, item.case, item.kind, item.key)


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
    wanted = owner.casefold().strip() if owner else None

    def compute(case_id: str) -> tuple[bool, list[AgendaItem]]:
        loaded = engine.load(repo, case_id)
        found = due_items(loaded, period.today)
        return (due.is_stalled(loaded.state, found), agenda_items(loaded, found))

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


# --- iCalendar (RFC 5545), through the icalendar library -------------------------------------


_NAME_CACHE: dict[str, re.Pattern[str]] = {}


def _scrub(text: str, names: Iterable[str]) -> str:
    """A name of the pupil or the family never reaches the calendar, whatever the field."""
    for name in sorted(set(names), key=len, reverse=True):
        if len(name) < 3:  # never scrub "de", "van" and the like
            continue
        pattern = _NAME_CACHE.setdefault(name, re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE))
        text = pattern.sub("[leerling]", text)
    return text


def names_of(data: CaseData) -> list[str]:
    """The names to keep out of a calendar: the pupil's and the family's, whole and parts."""
    pupil = data.case.pupil
    out = [pupil.full_name, pupil.first_name, pupil.last_name, *pupil.last_name.split()]
    for adult in data.case.family.adults:
        out += [adult.name, *adult.name.split()]
    return out


def ics_bytes(agenda: Agenda, names: dict[str, list[str]], stamp: dt.datetime) -> bytes:
    """The agenda as an iCalendar file: one all-day event per item, titled with what is
    to be done; no names of pupils or their families.

    `names` maps a case id to the names removed from every text of that case."""
    from icalendar import Calendar, Event  # noqa: PLC0415 - only when a calendar is asked for

    cal = Calendar()
    cal.add("prodid", "-//zorgroute//agenda//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "zorgroute")
    utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    for item in agenda.items:
        hidden = names.get(item.case, [])
        summary = _scrub(item.title + (" (over tijd)" if item.overdue else ""), hidden)
        details = [f"Dossier {item.case} — {item.kind_label}."]
        if item.owner:
            details.append(f"Wie: {_scrub(item.owner, hidden)}.")
        details.append(f"Afgerond met: {due.BY_KIND[item.kind].closed_by_label}.")
        details.append(f"Meer in: zorgroute status {item.case}")
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", utc)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", " ".join(details))
        event.add("categories", [item.kind_label])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_ics(repo: Repository, agenda: Agenda, target: Path, stamp: dt.datetime) -> Path:
    """Write the calendar file the user asked for (outside the dossiers is advised)."""
    names = {
        case_id: names_of(repo.require_case(case_id)) for case_id in {i.case for i in agenda.items}
    }
    raw = ics_bytes(agenda, names, stamp)
    try:
        from zorgroute.store.safefs import write_export  # noqa: PLC0415

        write_export(target, raw)  # 0600, never through a link
    except OSError as exc:
        raise WriteFailed(
            f"kan het agendabestand niet schrijven: {exc.strerror}",
            hint="kies een map waarin je mag schrijven",
        ) from None
    return target
