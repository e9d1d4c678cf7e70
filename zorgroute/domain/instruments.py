"""SDQ scores and their trend, absence figures and the leerplicht reporting duty, and the
instrument records a step may cite as its evidence.

Everything here is derived from the records, like the case state; nothing is stored.
Messages never hold free text from the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zorgroute.model.instruments import Band, SdqConfig
from zorgroute.model.nl import format_date
from zorgroute.model.records import Absence, LeerplichtReport, RecordBase, Sdq, Settings
from zorgroute.store.repo import CaseData, Entry

#: The record kinds a step may cite as its evidence (trigger): questionnaires, absence,
#: test and tracking results.
EVIDENCE_KINDS = ("sdq", "absence", "test_result")
BANDS = ("normal", "borderline", "abnormal")
BAND_LABELS = {"normal": "normaal", "borderline": "verhoogd", "abnormal": "hoog"}
#: For a strength (prosocial behaviour) a low score is the concern.
STRENGTH_LABELS = {"normal": "normaal", "borderline": "verlaagd", "abnormal": "laag"}


# --- SDQ ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    scale: str
    title: str
    score: int
    band: str  # normal, borderline, abnormal, or "" without bands for this version
    strength: bool = False

    @property
    def band_label(self) -> str:
        return (STRENGTH_LABELS if self.strength else BAND_LABELS).get(self.band, "")

    def text(self) -> str:
        return f"{self.title} {self.score}" + (f" ({self.band_label})" if self.band else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "title": self.title,
            "score": self.score,
            "band": self.band,
            "band_label": self.band_label,
        }


def _band(score: int, band: Band | None, strength: bool) -> str:
    if band is None:
        return ""
    if strength:  # a strength: low is the concern
        if score <= band.abnormal:
            return "abnormal"
        return "borderline" if score <= band.borderline else "normal"
    if score >= band.abnormal:
        return "abnormal"
    return "borderline" if score >= band.borderline else "normal"


def sdq_scores(sdq: Sdq, config: SdqConfig) -> list[Score]:
    """Score per scale, then the total, each with its band from the scoring file."""

    def value(item: int) -> int:
        answer = sdq.answers[item]
        return 2 - answer if item in config.reversed else answer

    bands = config.bands.get(sdq.version, {})
    out: list[Score] = []
    by_scale: dict[str, int] = {}
    for scale in config.scales:
        score = sum(value(n) for n in scale.items)
        by_scale[scale.id] = score
        band = _band(score, bands.get(scale.id), scale.strength)
        out.append(Score(scale.id, scale.title, score, band, scale.strength))
    total = sum(by_scale[s] for s in config.total.scales)
    out.append(Score("total", config.total.title, total, _band(total, bands.get("total"), False)))
    return out


def sdq_total(sdq: Sdq, config: SdqConfig) -> Score:
    return sdq_scores(sdq, config)[-1]


def sdq_text(sdq: Sdq, config: SdqConfig) -> str:
    """One line for a form: the total first, then the scales."""
    scores = sdq_scores(sdq, config)
    who = f", ingevuld door {sdq.informant}" if sdq.informant else ""
    return f"{sdq.version.label}{who}: {scores[-1].text()}; " + "; ".join(
        s.text() for s in scores[:-1]
    )


def sdq_trend(data: CaseData, config: SdqConfig) -> list[dict[str, Any]]:
    """Every SDQ administration with its scores, oldest first; the change of the total
    against the previous administration of the same version."""
    out: list[dict[str, Any]] = []
    previous: dict[str, int] = {}
    for entry in data.entries:
        rec = entry.record
        if not isinstance(rec, Sdq):
            continue
        scores = sdq_scores(rec, config)
        total = scores[-1].score
        before = previous.get(rec.version.value)
        out.append(
            {
                "id": entry.id,
                "date": rec.date.isoformat(),
                "version": rec.version.value,
                "version_label": rec.version.label,
                "informant": rec.informant,
                "scores": [s.as_dict() for s in scores],
                "total": scores[-1].as_dict(),
                "change": None if before is None else total - before,
            }
        )
        previous[rec.version.value] = total
    return out


def elevated(
    sdq: Sdq, config: SdqConfig, scale: str = "total", at_least: str = "borderline"
) -> bool:
    """Is the score on `scale` in the band `at_least` or higher?"""
    score = next((s for s in sdq_scores(sdq, config) if s.scale == scale), None)
    if score is None or not score.band:
        return False
    return BANDS.index(score.band) >= BANDS.index(at_least)


# --- absence and leerplicht -------------------------------------------------------------------


@dataclass(frozen=True)
class LeerplichtDue:
    """Unauthorised absence that reached the reporting threshold within the window."""

    seen: dt.date  # the date of the record with which the threshold was reached
    start: dt.date
    end: dt.date
    hours: float
    ref: str  # that record's id
    reported: str | None  # the id of the report that covers it

    def what(self) -> str:
        return (
            f"melden bij de leerplichtambtenaar: {self.hours:g} uur ongeoorloofd verzuim "
            f"van {format_date(self.start)} tot en met {format_date(self.end)}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen.isoformat(),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "hours": self.hours,
            "ref": self.ref,
            "reported": self.reported,
            "what": self.what(),
        }


def _absences(data: CaseData) -> list[tuple[Entry, Absence]]:
    pairs = [(e, e.record) for e in data.entries if isinstance(e.record, Absence)]
    return sorted(pairs, key=lambda p: (p[1].start, p[1].end, p[0].id))


def leerplicht_due(data: CaseData, settings: Settings) -> list[LeerplichtDue]:
    """Each stretch in which the unauthorised hours of the periods that lie within
    `leerplicht_weeks` weeks from a period's start reach `leerplicht_hours` (by law: 16
    hours within 4 consecutive school weeks). A stretch is reported by a leerplicht report
    dated on or after the record with which the threshold was reached."""
    periods = _absences(data)
    reports = sorted(
        ((e.record.date, e.id) for e in data.entries if isinstance(e.record, LeerplichtReport)),
    )
    span = dt.timedelta(days=7 * settings.leerplicht_weeks)
    out: list[LeerplichtDue] = []
    covered_until: dt.date | None = None
    for _, first in periods:
        if covered_until is not None and first.start <= covered_until:
            continue  # part of a stretch already counted
        window_end = first.start + span
        inside = [(e, a) for e, a in periods if a.start >= first.start and a.end < window_end]
        hours = 0.0
        crossing: tuple[Entry, Absence] | None = None
        for e, a in sorted(inside, key=lambda p: (p[1].date, p[1].end)):
            hours += a.unauthorised_hours
            if crossing is None and hours >= settings.leerplicht_hours:
                crossing = (e, a)
        if crossing is None:
            continue
        covered_until = max(a.end for _, a in inside)
        seen = crossing[1].date
        report = next((rid for day, rid in reports if day >= seen), None)
        out.append(LeerplichtDue(seen, first.start, covered_until, hours, crossing[0].id, report))
    return out


def open_leerplicht(data: CaseData, settings: Settings) -> list[LeerplichtDue]:
    return [d for d in leerplicht_due(data, settings) if d.reported is None]


def absence_totals(data: CaseData) -> dict[str, Any]:
    rows = [a for _, a in _absences(data)]
    return {
        "periods": [
            {
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "authorised_hours": r.authorised_hours,
                "unauthorised_hours": r.unauthorised_hours,
                "late_count": r.late_count,
            }
            for r in rows
        ],
        "authorised_hours": sum(r.authorised_hours for r in rows),
        "unauthorised_hours": sum(r.unauthorised_hours for r in rows),
        "late_count": sum(r.late_count for r in rows),
    }


# --- evidence ----------------------------------------------------------------------------------


def evidence_problems(data: CaseData, draft: RecordBase) -> list[tuple[str, str]]:
    """A step that cites evidence must cite instrument records of this case, dated on or
    before the step: (message, fix) per wrong reference. Ids only, never content."""
    cited = getattr(draft, "evidence", None) or []
    out: list[tuple[str, str]] = []
    cid = data.case.id
    for rid in cited:
        entry = data.by_id.get(rid)
        if entry is None:
            out.append(
                (
                    f"de onderbouwing {rid} bestaat niet in dit dossier",
                    f"zorgroute show {cid} toont de records; noem een SDQ, verzuim of "
                    "toetsuitslag met --evidence",
                )
            )
        elif entry.kind not in EVIDENCE_KINDS:
            out.append(
                (
                    f"de onderbouwing {rid} is geen SDQ, verzuim of toets- of volgresultaat",
                    "noem met --evidence alleen een SDQ, verzuim of toetsuitslag",
                )
            )
        elif entry.record.date > draft.date:
            out.append(
                (
                    f"de onderbouwing {rid} is van na de datum van deze stap",
                    "noem een record van op of voor de datum van de stap",
                )
            )
    return out
