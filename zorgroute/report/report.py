"""Anonymous monitoring reports over one or more repositories, per school and in total.

Everything is counted from the records through the derived state (`state.derive`), never
from a second copy of the route logic. A report holds no names and no ids; counts from 1 up
to `small_count - 1` are shown as "<N" everywhere (terminal, Markdown, HTML, CSV, JSON),
and figures that would reveal such a count (a percentage, a median over too few pupils)
are left out.

Counting rules, also printed in the report's notes:
- a pupil counts once per line, whatever the number of records;
- "in the period" means the record's date lies in the period;
- a snapshot (open, stalled, dormant, waiting for feedback) is the state on the last day of
  the period, or today when the period has not ended yet; records after that day are not
  looked at.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from zorgroute.domain.due import KIND_LABELS, direct_escalations, due_items, is_stalled
from zorgroute.domain.instruments import leerplicht_due
from zorgroute.domain.state import CaseState
from zorgroute.domain.tracks import missing_roles
from zorgroute.errors import UsageError
from zorgroute.model.records import (
    CareTeamRegistration,
    Closure,
    Config,
    ExternalCare,
    Meeting,
    MeldcodeStep,
    Plan,
    Referral,
    Signal,
    ZatRegistration,
)
from zorgroute.model.vocab import (
    Category,
    ClosureReason,
    Decision,
    Destination,
    Forum,
    MeldcodeDecision,
    MeldcodeStepKind,
    PlanType,
    ReferralStatus,
)
from zorgroute.policy.mandate import mandate_checks
from zorgroute.store.repo import CaseData, Repository

Value = int | float | str | None

# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (
            8,
            1,
            7,
            31,
        ) and self.end.year == self.start.year + 1:
            return f"schooljaar {self.start.year}-{self.end.year}"
        return f"{self.start.isoformat()} t/m {self.end.isoformat()}"


def school_year(day: dt.date) -> Period:
    """The school year (1 August to 31 July) that `day` falls in."""
    first = day.year if day.month >= 8 else day.year - 1
    return Period(dt.date(first, 8, 1), dt.date(first + 1, 7, 31))


def make_period(
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    year: int | None = None,
) -> Period:
    """The period asked for: a school year (starting in `year`), or from/to, or this year."""
    if year is not None:
        if start or end:
            raise UsageError(
                "geef een schooljaar óf een begin- en einddatum, niet allebei",
                hint="laat --schooljaar weg, of --van en --tot",
            )
        return Period(dt.date(year, 8, 1), dt.date(year + 1, 7, 31))
    current = school_year(today)
    period = Period(start or current.start, end or current.end)
    if period.end < period.start:
        raise UsageError("de einddatum ligt voor de begindatum", hint="draai --van en --tot om")
    return period


# --- the report as data -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "count"  # count | pct | days | text


@dataclass
class Table:
    key: str
    title: str
    labels: list[str]  # headers of the label columns
    columns: list[Column]
    rows: list[tuple[list[str], list[Value]]] = field(default_factory=list)
    note: str = ""
    bar: int | None = 0  # index of the column drawn as a bar, None for no bars

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "note": self.note,
            "columns": [*self.labels, *(c.title for c in self.columns)],
            "rows": [[*labels, *values] for labels, values in self.rows],
        }


@dataclass
class Section:
    title: str
    tables: list[Table]


@dataclass
class Report:
    period: Period
    as_of: dt.date
    small_count: int
    sections: list[Section]
    skipped: int = 0  # cases with errors, left out

    @property
    def title(self) -> str:
        return f"Monitor zorgroute, {self.period.label}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "as_of": self.as_of.isoformat(),
            "small_count": self.small_count,
            "skipped_cases": self.skipped,
            "notes": notes(self),
            "sections": [
                {"title": s.title, "tables": [t.as_dict() for t in s.tables]} for s in self.sections
            ],
        }


def notes(report: Report) -> list[str]:
    k = report.small_count
    out = [
        f"Aantallen van 1 tot {k} staan als '<{k}', zodat geen leerling herkenbaar is; "
        "percentages en doorlooptijden over zo weinig leerlingen worden niet getoond.",
        "Een leerling telt één keer per regel. 'In de periode' betekent: de datum van het "
        "record ligt in de periode.",
        f"Stand van zaken (open, stilgevallen, slapend, wachten op terugkoppeling) op "
        f"{report.as_of.isoformat()}.",
    ]
    if report.skipped:
        out.append(
            f"{report.skipped} dossier(s) met fouten zijn niet meegeteld; "
            "'zorgroute check' toont de fouten."
        )
    return out


# --- counting ---------------------------------------------------------------------------

STEPS = [
    ("signal", "signalering"),
    ("care_team", "zorgteam"),
    ("zat", "ZAT"),
    ("referral", "verwijzing"),
    ("care", "start van de hulp"),
]
LEADS = [
    ("signal", "care_team"),
    ("care_team", "zat"),
    ("zat", "referral"),
    ("referral", "care"),
    ("signal", "care"),
]
STATUS_TITLES = {
    ReferralStatus.sent: "verstuurd",
    ReferralStatus.accepted: "aangenomen",
    ReferralStatus.waiting_list: "wachtlijst",
    ReferralStatus.started: "gestart",
    ReferralStatus.finished: "afgerond",
    ReferralStatus.broken_off: "afgebroken",
    ReferralStatus.refused: "geweigerd",
}
CARE_DECISIONS = [
    Decision.advice,
    Decision.light_help,
    Decision.diagnostics,
    Decision.guide_to_care,
    Decision.extra_support,
]


@dataclass
class Tally:
    """Counts for one school (or the total); pupils unless the name says otherwise."""

    active: int = 0
    signalled: int = 0
    care_team_registered: int = 0
    care_team_discussed: int = 0
    zat: int = 0
    care_team_to_zat: int = 0
    direct_care_team: int = 0
    direct_zat: int = 0
    override_records: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    care: Counter[str] = field(default_factory=Counter)
    leads: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    referrals: Counter[tuple[str, str]] = field(default_factory=Counter)  # referrals
    feedback: Counter[str] = field(default_factory=Counter)  # referrals
    open: int = 0
    stalled: int = 0
    dormant: int = 0
    closures: Counter[str] = field(default_factory=Counter)
    municipalities: Counter[tuple[str, str]] = field(default_factory=Counter)
    elsewhere: int = 0
    youth_care: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # referrals
    meldcode: Counter[str] = field(default_factory=Counter)  # pupils per step / outcome
    mandate: Counter[str] = field(default_factory=Counter)  # meetings with/without mandate
    composition: Counter[str] = field(default_factory=Counter)  # incomplete meetings per forum
    absence_recorded: int = 0
    leerplicht_reached: int = 0
    leerplicht_reported: int = 0
    leerplicht_open: int = 0
    sdq_taken: int = 0
    due_overdue: Counter[str] = field(default_factory=Counter)  # due items, per kind
    direct_reasons: Counter[str] = field(default_factory=Counter)  # names taken out

    def compact(self) -> dict[str, Any]:
        """Only the fields that are not zero or empty: small to keep in the cache."""
        return {name: value for name, value in vars(self).items() if value}

    def add(self, other: Tally | dict[str, Any]) -> None:
        for name, value in (other if isinstance(other, dict) else vars(other)).items():
            mine = getattr(self, name)
            if isinstance(value, int):
                setattr(self, name, mine + value)
            elif isinstance(value, Counter):
                mine.update(value)
            else:
                for key, days in value.items():
                    mine.setdefault(key, []).extend(days)


@dataclass(frozen=True)
class CaseInput:
    """What a report needs of one case: its records and its state on the report day."""

    data: CaseData
    state: CaseState
    config: Config

    @property
    def school_municipality(self) -> str:
        return self.config.school.municipality

    def partner_municipality(self, partner: str) -> str:
        """The municipality of a partner's team ("" when the partner names none)."""
        return next((p.municipality or "" for p in self.config.partners if p.id == partner), "")


def count_case(item: CaseInput, period: Period, as_of: dt.date) -> Tally:
    """The counts of one case, as a tally of its own (a pupil is 0 or 1 per line)."""
    t = Tally()
    data, state = item.data, item.state
    in_period = [e for e in data.entries if e.record.date in period]
    if not in_period:
        return _snapshot(t, item, as_of)
    t.active = 1
    pupil = data.case.pupil
    t.municipalities[(pupil.home_municipality, item.school_municipality)] = 1
    t.elsewhere = int(pupil.home_municipality != item.school_municipality)
    categories: set[str] = set()
    care: set[str] = set()
    kinds = Counter(e.kind for e in in_period)
    discussed = False
    for entry in in_period:
        rec = entry.record
        if rec.overrides:
            t.override_records.update({o.rule for o in rec.overrides})
        if isinstance(rec, Signal):
            categories.update(c.value for c in rec.categories)
        elif isinstance(rec, CareTeamRegistration):
            t.direct_care_team |= bool(rec.direct_reason)
        elif isinstance(rec, ZatRegistration):
            t.direct_zat |= bool(rec.direct_reason)
        elif isinstance(rec, Meeting):
            discussed |= rec.forum == Forum.zorgteam
            care.update(f"decision:{d.value}" for d in rec.decisions if d in CARE_DECISIONS)
        elif isinstance(rec, Plan):
            care.add(f"plan:{rec.plan_type.value}")
        elif isinstance(rec, ExternalCare):
            care.add("external_care")
        elif isinstance(rec, Referral):
            care.add(f"referral:{rec.destination.value}")
        elif isinstance(rec, Closure):
            t.closures[rec.reason.value] += 1
    for direct in direct_escalations(data, period.end):
        if direct.date in period:
            t.direct_reasons[without_names(direct.reason, data)] = 1
    t.signalled = int(kinds["signal"] > 0)
    t.care_team_registered = int(kinds["care_team_registration"] > 0)
    t.care_team_discussed = int(discussed)
    t.zat = int(kinds["zat_registration"] > 0)
    t.care_team_to_zat = int(discussed and t.zat == 1)
    t.categories.update(categories)
    t.care.update(care)
    _absence(t, item, period, kinds)
    _lead_times(t, item, period)
    _tracks(t, item, period)
    for ref in state.referrals:
        rec = ref.referral
        if rec.date not in period:
            continue
        t.referrals[(rec.destination.value, ref.status.value)] += 1
        if rec.destination == Destination.youth_care:
            team = item.partner_municipality(rec.institution)
            t.youth_care[(pupil.home_municipality, item.school_municipality, team)] += 1
        if ref.feedback:
            first = ref.feedback[0].record.date
            original = rec.expected_feedback or ref.entry.record.date
            if rec.expected_feedback and first > original:
                t.feedback["late"] += 1
    return _snapshot(t, item, as_of)


def _tracks(t: Tally, item: CaseInput, period: Period) -> None:
    """Meldcode steps and outcomes (pupils), decisions on youth care with and without
    mandate, and meetings without the roles the route names (meetings)."""
    data = item.data
    steps = {
        e.record.step.value
        for e in data.entries
        if isinstance(e.record, MeldcodeStep) and e.record.date in period
    }
    t.meldcode.update({f"step:{s}": 1 for s in steps})
    decided = [
        e.record
        for e in data.entries
        if isinstance(e.record, MeldcodeStep) and e.record.date in period and e.record.decisions
    ]
    if any(MeldcodeDecision.report_vt in r.decisions for r in decided):
        t.meldcode["reported"] = 1
    if any(r.without_consent for r in decided):
        t.meldcode["without_consent"] = 1
    for check in mandate_checks(data, item.config):
        if check.meeting.record.date in period:
            t.mandate["with" if check.valid else "without"] += 1
    for entry in data.entries:
        rec = entry.record
        incomplete = isinstance(rec, Meeting) and bool(missing_roles(item.state.route, rec))
        if incomplete and rec.date in period:
            t.composition[getattr(rec, "forum").value] += 1  # noqa: B009 - a Meeting


def _absence(t: Tally, item: CaseInput, period: Period, kinds: Counter[str]) -> None:
    t.absence_recorded = int(kinds["absence"] > 0)
    t.sdq_taken = int(kinds["sdq"] > 0)
    t.leerplicht_reported = int(kinds["leerplicht_report"] > 0)
    due = leerplicht_due(item.data, item.config.settings)
    t.leerplicht_reached = int(any(d.seen in period for d in due))


def _lead_times(t: Tally, item: CaseInput, period: Period) -> None:
    first: dict[str, dt.date] = {}
    for visit in item.state.visits:
        first.setdefault(visit.step, visit.since)
    started = [r.started for r in item.state.referrals if r.started is not None]
    if started:
        first["care"] = min(started)
    for a, b in LEADS:
        if a in first and b in first and first[b] in period and first[b] >= first[a]:
            t.leads.setdefault((a, b), []).append((first[b] - first[a]).days)


def _snapshot(t: Tally, item: CaseInput, as_of: dt.date) -> Tally:
    """The state on the report day, from the same due items `status` and `agenda` show."""
    state = item.state
    items = due_items(item.data, state.route, item.config, as_of)
    t.due_overdue.update(i.kind for i in items if i.overdue and i.kind != "stalled")
    if state.closed:
        return t
    t.open = 1
    t.leerplicht_open = int(any(i.kind == "leerplicht" for i in items))
    t.dormant = int(state.dormant is not None)
    t.stalled = int(is_stalled(state, items))
    heard = {r.entry.id: bool(r.feedback) for r in state.referrals}
    for i in items:
        if i.kind == "feedback" and i.overdue:
            t.feedback["overdue" if heard.get(i.ref or "") else "missing"] += 1
    return t


def without_names(text: str, data: CaseData) -> str:
    """Free text for an anonymous report: the names of the pupil and the family taken out."""
    pupil = data.case.pupil
    names = [pupil.full_name, pupil.first_name, pupil.last_name, *pupil.last_name.split()]
    for adult in data.case.family.adults:
        names += [adult.name, *adult.name.split()]
    out = " ".join(text.split())
    for name in sorted({n for n in names if len(n) >= 3}, key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(name)}\b", "[naam]", out, flags=re.IGNORECASE)
    return out


# --- from tallies to tables, with suppression -------------------------------------------


def suppress(n: int, k: int) -> int | str:
    """A count as it may be shown: 0 and counts of k and more as they are, others '<k'."""
    return n if n == 0 or n >= k else f"<{k}"


def percent(part: int, whole: int, k: int) -> float | None:
    if whole == 0 or 0 < part < k or whole < k:
        return None
    return round(100 * part / whole, 1)


def nearest_rank(values: Sequence[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def median(values: Sequence[int]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def tables(t: Tally, k: int) -> list[Table]:
    def s(n: int) -> int | str:
        return suppress(n, k)

    key = Table("kerncijfers", "Kerncijfers", ["onderwerp"], [Column("leerlingen")])
    key.rows = [
        (["actief in de periode"], [s(t.active)]),
        (["gesignaleerd"], [s(t.signalled)]),
        (["aangemeld bij het zorgteam"], [s(t.care_team_registered)]),
        (["besproken in het zorgteam"], [s(t.care_team_discussed)]),
        (["aangemeld bij het ZAT"], [s(t.zat)]),
        (["besproken in het zorgteam én aangemeld bij het ZAT"], [s(t.care_team_to_zat)]),
        (["rechtstreeks naar het zorgteam (stappen overgeslagen)"], [s(t.direct_care_team)]),
        (["rechtstreeks naar het ZAT (stappen overgeslagen)"], [s(t.direct_zat)]),
        (["woont buiten de gemeente van de school"], [s(t.elsewhere)]),
    ]
    absence = Table(
        "verzuim",
        "Verzuim en leerplicht",
        ["onderwerp"],
        [Column("leerlingen")],
        note="De meldgrens is die uit zorgroute.yaml (standaard de wettelijke: 16 uur "
        "ongeoorloofd verzuim binnen 4 schoolweken). 'Nog niet gemeld' is de stand op de "
        "einddatum.",
    )
    absence.rows = [
        (["verzuim vastgelegd"], [s(t.absence_recorded)]),
        (["meldgrens leerplicht bereikt"], [s(t.leerplicht_reached)]),
        (["gemeld bij de leerplichtambtenaar"], [s(t.leerplicht_reported)]),
        (["meldgrens bereikt, nog niet gemeld"], [s(t.leerplicht_open)]),
        (["SDQ afgenomen"], [s(t.sdq_taken)]),
    ]
    share = Table(
        "aandeel_zat",
        "Aandeel zorgteamleerlingen dat naar het ZAT gaat",
        ["onderwerp"],
        [Column("procent", "pct")],
        bar=None,
        note="Van de leerlingen die in de periode in het zorgteam zijn besproken: "
        "het deel dat in de periode ook bij het ZAT is aangemeld.",
    )
    share.rows = [(["naar het ZAT"], [percent(t.care_team_to_zat, t.care_team_discussed, k)])]

    overrides = Table(
        "overgeslagen_regels",
        "Bewust overgeslagen regels",
        ["regel"],
        [Column("records")],
        note="Records in de periode waarbij een regel van de route met een reden is overgeslagen.",
    )
    overrides.rows = [([rule], [s(n)]) for rule, n in sorted(t.override_records.items())]

    cats = Table(
        "probleemcategorieen",
        "Soort problemen bij signalering",
        ["categorie"],
        [Column("leerlingen")],
    )
    cats.rows = [([c.label], [s(t.categories[c.value])]) for c in Category if t.categories[c.value]]

    care = Table("ingezette_zorg", "Ingezette zorg", ["soort zorg"], [Column("leerlingen")])
    care_rows: list[tuple[str, str]] = [(f"plan:{p.value}", p.label) for p in PlanType]
    care_rows += [(f"decision:{d.value}", d.label) for d in CARE_DECISIONS]
    care_rows += [("external_care", "externe hulp vastgelegd")]
    care_rows += [(f"referral:{d.value}", f"verwijzing: {d.label}") for d in Destination]
    care.rows = [([title], [s(t.care[name])]) for name, title in care_rows if t.care[name]]

    leads = Table(
        "doorlooptijden",
        "Doorlooptijden (dagen)",
        ["van", "naar"],
        [Column("leerlingen"), Column("mediaan", "days"), Column("80e percentiel", "days")],
        bar=1,
        note="Telt mee als het tweede moment in de periode ligt; 'start van de "
        "hulp' is de eerste terugkoppeling met de stand 'hulp gestart'.",
    )
    names = dict(STEPS)
    for a, b in LEADS:
        days = t.leads.get((a, b), [])
        shown = len(days) >= k
        leads.rows.append(
            (
                [names[a], names[b]],
                [
                    s(len(days)),
                    median(days) if shown else None,
                    nearest_rank(days, 0.8) if shown else None,
                ],
            )
        )

    statuses = list(ReferralStatus)
    refs = Table(
        "verwijzingen",
        "Verwijzingen naar bestemming en stand",
        ["bestemming"],
        [Column("totaal"), *(Column(STATUS_TITLES[r]) for r in statuses)],
        note="Verwijzingen (niet leerlingen) met een datum in de periode, met hun "
        "stand op de peildatum.",
    )
    for dest in Destination:
        per = [t.referrals[(dest.value, r.value)] for r in statuses]
        if sum(per):
            refs.rows.append(([dest.label], [s(sum(per)), *(s(n) for n in per)]))

    feedback = Table(
        "terugkoppeling", "Terugkoppeling van instellingen", ["situatie"], [Column("verwijzingen")]
    )
    feedback.rows = [
        (["termijn verstreken, nog niets gehoord"], [s(t.feedback["missing"])]),
        (["vervolg-terugkoppeling te laat"], [s(t.feedback["overdue"])]),
        (["eerste terugkoppeling later dan afgesproken"], [s(t.feedback["late"])]),
    ]

    overdue = Table(
        "over_tijd",
        "Openstaande punten over tijd",
        ["soort"],
        [Column("punten")],
        note="Punten (niet leerlingen) die op de peildatum over tijd zijn: dezelfde lijst "
        "als in 'zorgroute status' en 'zorgroute agenda'.",
    )
    overdue.rows = [
        ([label], [s(t.due_overdue[kind])])
        for kind, label in KIND_LABELS.items()
        if t.due_overdue[kind]
    ]

    direct_total = t.direct_care_team + t.direct_zat
    shown = direct_total >= k
    direct = Table(
        "redenen_rechtstreeks",
        "Redenen om stappen over te slaan",
        ["reden"],
        [Column("leerlingen")],
        note=(
            "Zoals vastgelegd, met de namen uit het dossier weggelaten."
            if shown or not direct_total
            else f"Niet getoond: minder dan {k} leerlingen."
        ),
    )
    if shown:
        direct.rows = [([reason], [s(n)]) for reason, n in sorted(t.direct_reasons.items())]

    snapshot = Table("stand", "Stand van de open dossiers", ["stand"], [Column("leerlingen")])
    snapshot.rows = [
        (["open dossiers"], [s(t.open)]),
        (["stilgevallen"], [s(t.stalled)]),
        (["slapend"], [s(t.dormant)]),
    ]

    closures = Table("afsluitingen", "Afgesloten naar reden", ["reden"], [Column("dossiers")])
    closures.rows = [
        ([r.label], [s(t.closures[r.value])]) for r in ClosureReason if t.closures[r.value]
    ]

    munis = Table(
        "gemeenten",
        "Woongemeente en schoolgemeente",
        ["woongemeente", "schoolgemeente"],
        [Column("leerlingen")],
        note="Leerlingen die in de periode actief waren.",
    )
    munis.rows = [
        ([home, school], [s(n)])
        for (home, school), n in sorted(t.municipalities.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    youth = Table(
        "jeugdhulp_gemeenten",
        "Verwijzingen naar jeugdhulp: woongemeente en lokaal team",
        ["woongemeente", "schoolgemeente", "lokaal team van"],
        [Column("verwijzingen")],
        note="Jeugdhulp loopt via het lokale team van de woongemeente.",
    )
    youth.rows = [
        ([home, school, team or "onbekend"], [s(n)])
        for (home, school, team), n in sorted(t.youth_care.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    tracks = Table(
        "meldcode_mandaat_samenstelling",
        "Meldcode, mandaat en samenstelling",
        ["onderwerp"],
        [Column("aantal")],
        note="Meldcode: leerlingen met die stap in de periode. Mandaat: besluiten over "
        "jeugdhulp in een overleg. Samenstelling: overleggen waarbij een functie ontbrak die "
        "de route noemt.",
    )
    tracks.rows = [
        ([f"meldcode, {m.label}"], [s(t.meldcode[f"step:{m.value}"])]) for m in MeldcodeStepKind
    ]
    tracks.rows += [
        (["meldcode: gemeld bij Veilig Thuis"], [s(t.meldcode["reported"])]),
        (["meldcode: gemeld zonder toestemming"], [s(t.meldcode["without_consent"])]),
        (["besluit over jeugdhulp met mandaat"], [s(t.mandate["with"])]),
        (["besluit over jeugdhulp zonder mandaat"], [s(t.mandate["without"])]),
    ]
    tracks.rows += [
        ([f"overleg niet compleet: {f.label}"], [s(t.composition[f.value])])
        for f in Forum
        if t.composition[f.value] or f in (Forum.zorgteam, Forum.zat, Forum.mdo)
    ]
    return [
        key,
        absence,
        share,
        overrides,
        cats,
        care,
        leads,
        refs,
        feedback,
        overdue,
        direct,
        snapshot,
        closures,
        munis,
        youth,
        tracks,
    ]


# --- building a report over repositories -------------------------------------------------


@dataclass(frozen=True)
class School:
    key: str
    name: str


def school_of(repo: Repository, data: CaseData) -> School:
    school = repo.config.school
    brin = data.case.school or school.brin
    return School(brin, school.name if brin == school.brin else f"school {brin}")


def build_report(
    repos: Iterable[Repository], period: Period, today: dt.date, use_cache: bool = True
) -> Report:
    """Count every case of every repository into a report per school and in total.

    The counts of each case are kept in the cache (keyed on the case's files, the settings,
    the routes and the period), so a second report over unchanged cases reads no YAML."""
    from zorgroute.store.cache import (  # noqa: PLC0415
        CaseCache,
        context_key,
        read_summary,
        signature,
        summary_key,
        write_summary,
    )

    repos = list(repos)
    if not repos:
        raise UsageError(
            "geen repository om over te rapporteren",
            hint="geef een of meer mappen met een zorgroute.yaml mee",
        )
    as_of = min(today, period.end)
    k = max(r.config.settings.small_count for r in repos)
    per_school: dict[School, Tally] = {}
    skipped = 0
    for repo in repos:
        context = context_key(repo, period, as_of)
        cache = CaseCache(repo, use_cache, "report", context)
        ids = repo.case_ids()
        sigs = [signature(repo.cases_dir / case_id) for case_id in ids]
        whole = summary_key(context, ids, sigs)
        mine: dict[School, Tally] | None = (
            read_summary(repo, "report-summary", whole) if cache.enabled else None
        )
        if mine is None:
            mine, errors = _count_repository(repo, cache, ids, sigs, period, as_of)
            skipped += errors
            cache.save()
            if cache.enabled and not errors and len(cache.fresh) == len(ids):
                write_summary(repo, "report-summary", whole, mine)
        for school, tally in mine.items():
            per_school.setdefault(school, Tally()).add(tally)
    total = Tally()
    for tally in per_school.values():
        total.add(tally)
    sections = []
    if len(per_school) > 1:
        sections = [
            Section(f"{school.name} ({school.key})", tables(per_school[school], k))
            for school in sorted(per_school, key=lambda s: (s.name, s.key))
        ]
    title = (
        "Totaal" if len(per_school) != 1 else "{0.name} ({0.key})".format(next(iter(per_school)))
    )
    sections.append(Section(title, tables(total, k)))
    return Report(period, as_of, k, sections, skipped)


def _count_repository(
    repo: Repository, cache: Any, ids: list[str], sigs: list[Any], period: Period, as_of: dt.date
) -> tuple[dict[School, Tally], int]:
    """Counts per school of one repository, case by case (cached per case)."""
    from zorgroute.domain.loading import Loader  # noqa: PLC0415

    loader = Loader(repo)
    out: dict[School, Tally] = {}
    errors = 0
    for case_id, sig in zip(ids, sigs, strict=True):
        _, value = cache.lookup(case_id, sig)
        if value is None:
            data, state = loader.case(case_id, as_of)
            if data is None or state is None:
                errors += 1
                continue
            item = CaseInput(data, state, repo.config)
            value = (school_of(repo, data), count_case(item, period, as_of).compact())
            cache.store(case_id, sig, value)
        school, tally = value
        out.setdefault(school, Tally()).add(tally)
    return out, errors


def case_inputs(
    repos: Iterable[Repository], as_of: dt.date
) -> Iterator[tuple[Repository, CaseInput | None]]:
    """Every case of every repository as it stood on `as_of` (None: a case with errors)."""
    from zorgroute.domain.loading import load_all  # noqa: PLC0415 - whole-repository loading path

    for repo in repos:
        for data, state in load_all(repo, as_of):
            if data is None or state is None:
                yield repo, None
                continue
            yield repo, CaseInput(data, state, repo.config)


# --- rendering ----------------------------------------------------------------------------


def show(value: Value, kind: str = "count") -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind == "pct":
        return f"{value:.1f}%".replace(".", ",")
    if isinstance(value, float):
        return (f"{value:.1f}" if value % 1 else f"{value:.0f}").replace(".", ",")
    return str(value)


def _bar_scale(table: Table) -> float:
    if table.bar is None:
        return 0.0
    values = [v for _, vs in table.rows if isinstance(v := vs[table.bar], int | float)]
    return float(max(values, default=0))


def to_markdown(report: Report) -> str:
    out = [f"# {report.title}", ""]
    out += [f"- {n}" for n in notes(report)]
    for section in report.sections:
        out += ["", f"## {section.title}"]
        for table in section.tables:
            out += ["", f"### {table.title}", ""]
            if table.note:
                out += [f"_{table.note}_", ""]
            if not table.rows:
                out.append("Geen.")
                continue
            heads = [*table.labels, *(c.title for c in table.columns)]
            out.append("| " + " | ".join(heads) + " |")
            out.append(
                "|" + "|".join(["---"] * len(table.labels) + ["---:"] * len(table.columns)) + "|"
            )
            for labels, values in table.rows:
                cells = [
                    *labels,
                    *(show(v, c.kind) for v, c in zip(values, table.columns, strict=True)),
                ]
                out.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(out) + "\n"


HTML_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.8rem;background:#3a7ca5;border-radius:2px}
.note{color:#555;font-size:.9rem}
"""


def to_html(report: Report) -> str:
    e = html.escape
    out = [
        "<!doctype html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title><style>{HTML_STYLE}</style></head><body>",
        f"<h1>{e(report.title)}</h1><ul>",
    ]
    out += [f"<li>{e(n)}</li>" for n in notes(report)]
    out.append("</ul>")
    for section in report.sections:
        out.append(f"<h2>{e(section.title)}</h2>")
        for table in section.tables:
            out.append(f"<h3>{e(table.title)}</h3>")
            if table.note:
                out.append(f'<p class="note">{e(table.note)}</p>')
            if not table.rows:
                out.append("<p>Geen.</p>")
                continue
            scale = _bar_scale(table)
            heads = [*table.labels, *(c.title for c in table.columns)]
            if scale:
                heads.append("")
            out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>")
            for labels, values in table.rows:
                cells = "".join(f"<td>{e(x)}</td>" for x in labels)
                cells += "".join(
                    f'<td class="n">{e(show(v, c.kind))}</td>'
                    for v, c in zip(values, table.columns, strict=True)
                )
                if scale and table.bar is not None:
                    v = values[table.bar]
                    width = round(200 * v / scale) if isinstance(v, int | float) else 0
                    cells += f'<td><span class="bar" style="width:{width}px"></span></td>'
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def to_csv(report: Report) -> str:
    """Long format: one line per figure, so every table fits one sheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["deel", "tabel", "rij", "kolom", "waarde"])
    for section in report.sections:
        for table in section.tables:
            for labels, values in table.rows:
                for column, value in zip(table.columns, values, strict=True):
                    writer.writerow(
                        [
                            section.title,
                            table.title,
                            " / ".join(labels),
                            column.title,
                            "" if value is None else value,
                        ]
                    )
    return buf.getvalue()


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def bar(value: Value, scale: float, width: int = 24) -> str:
    if not isinstance(value, int | float) or not scale or value <= 0:
        return ""
    return "█" * max(1, round(width * value / scale))


def terminal(report: Report) -> list[Any]:
    """Rich renderables: a table per figure with small bars."""
    from rich.table import Table as RichTable  # noqa: PLC0415 - only when printing
    from rich.text import Text

    parts: list[Any] = [Text(report.title, style="bold")]
    parts += [Text(f"  {n}", style="dim") for n in notes(report)]
    for section in report.sections:
        parts.append(Text(f"\n{section.title}", style="bold underline"))
        for table in section.tables:
            rich = RichTable(
                title=table.title,
                title_justify="left",
                title_style="bold",
                caption=table.note or None,
                caption_justify="left",
            )
            for head in table.labels:
                rich.add_column(head)
            for column in table.columns:
                rich.add_column(column.title, justify="right")
            scale = _bar_scale(table)
            if scale:
                rich.add_column("")
            if not table.rows:
                rich.add_row("geen", *[""] * (len(table.columns) + (1 if scale else 0)))
            for labels, values in table.rows:
                cells = [
                    *labels,
                    *(show(v, c.kind) for v, c in zip(values, table.columns, strict=True)),
                ]
                if scale and table.bar is not None:
                    cells.append(bar(values[table.bar], scale))
                rich.add_row(*cells)
            parts.append(rich)
    return parts


FORMATS = ("text", "markdown", "html", "csv", "json")


def render(report: Report, fmt: str) -> str:
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    raise UsageError(f"onbekend formaat '{fmt}'", hint="kies uit: " + ", ".join(FORMATS))
