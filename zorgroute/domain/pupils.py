"""`zorgroute import leerlingen`: pupils and groups from a tracking system's CSV export.

The column mapping lives in `zorgroute.yaml` (`pupil_import`); example mappings for
ParnasSys-, Magister- and ESIS-style exports ship in `zorgroute/instruments/imports/` and can
be named with `--mapping`. A run is a dry run unless asked otherwise. Every row is matched on
the pupil number, so a second run over the same file changes nothing. A rejected row is
reported with its line number and the rule it breaks, never with its content (names!).

The file comes from someone else's system: it is read through the guard (no link is
followed), with limits on its size, its rows and its cells; it is only ever parsed as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zorgroute.errors import Problem, UsageError
from zorgroute.model.instruments import Group, Groups, ImportMapping, RegisteredPupil
from zorgroute.model.records import PupilImport
from zorgroute.model.vocab import Sex
from zorgroute.store import gitio, safefs
from zorgroute.store.instruments import (
    builtin_imports,
    new_pupil_path,
    read_register,
    write_register,
)
from zorgroute.store.repo import Repository, load_model

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL = 200  # a name, a date, a group: nothing longer is real
NUMBER_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")
MAPPINGS = ("parnassys", "magister", "esis")


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason}


@dataclass
class ImportResult:
    applied: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    groups_created: int = 0
    groups_updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warning: str | None = None

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.groups_created + self.groups_updated

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "groups_created": self.groups_created,
            "groups_updated": self.groups_updated,
            "rejected": [r.as_dict() for r in self.rejected],
        }


def mapping(repo: Repository, name: str | None) -> PupilImport:
    """The mapping named on the command line (a shipped example), else zorgroute.yaml's."""
    if name is not None:
        key = name.strip().lower()
        if key not in MAPPINGS:
            raise UsageError(
                "--mapping: onbekend voorbeeld",
                hint="kies uit: "
                + ", ".join(MAPPINGS)
                + "; of zet 'pupil_import' in zorgroute.yaml",
            )
        problems: list[Problem] = []
        path = builtin_imports() / f"{key}.yaml"
        found = load_model(
            path, f"zorgroute/instruments/imports/{key}.yaml", ImportMapping, problems
        )
        assert found is not None, problems  # shipped files are tested
        return found.pupil_import
    spec = repo.config.pupil_import
    if spec is None:
        raise UsageError(
            "zorgroute.yaml zegt niet hoe de export gelezen moet worden",
            hint="neem een voorbeeld over uit zorgroute/instruments/imports/ (parnassys.yaml, "
            "magister.yaml, esis.yaml) onder 'pupil_import' in zorgroute.yaml, of gebruik "
            "--mapping parnassys|magister|esis",
        )
    return spec


def _cell(row: dict[str | None, Any], column: str | None) -> str:
    if not column:
        return ""
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def parse_row(
    row: dict[str | None, Any], spec: PupilImport, today: dt.date
) -> tuple[RegisteredPupil | None, str | None, str]:
    """One row as a pupil (and its group's teacher), or the reason it is rejected."""
    cols = spec.columns
    if any(isinstance(v, str) and len(v) > MAX_CELL for v in row.values()):
        return None, None, f"een veld is langer dan {MAX_CELL} tekens"
    number = _cell(row, cols.number)
    if not number:
        return None, None, f"het leerlingnummer (kolom {cols.number}) ontbreekt"
    if not NUMBER_RE.match(number):
        return None, None, "het leerlingnummer mag alleen letters, cijfers, - en _ bevatten"
    first, last, prefix = (
        _cell(row, cols.first_name),
        _cell(row, cols.last_name),
        _cell(row, cols.prefix),
    )
    if not first:
        return None, None, f"de roepnaam (kolom {cols.first_name}) ontbreekt"
    if not last:
        return None, None, f"de achternaam (kolom {cols.last_name}) ontbreekt"
    raw_date = _cell(row, cols.birth_date)
    example = dt.date(2015, 12, 31).strftime(spec.date_format)
    try:
        born = dt.datetime.strptime(raw_date, spec.date_format).date()
    except ValueError:
        return (
            None,
            None,
            f"de geboortedatum (kolom {cols.birth_date}) is geen datum zoals {example}",
        )
    if born > today or born.year < today.year - 30:
        return None, None, "de geboortedatum ligt na vandaag of meer dan 30 jaar terug"
    group = _cell(row, cols.group)
    if not group:
        return None, None, f"de groep of klas (kolom {cols.group}) ontbreekt"
    raw_sex = _cell(row, cols.sex)
    sex = spec.sex_values.get(raw_sex, Sex.other) if raw_sex else Sex.other
    try:
        pupil = RegisteredPupil(
            number=number,
            first_name=first,
            last_name=f"{prefix} {last}" if prefix else last,
            birth_date=born,
            group=group,
            sex=sex,
            home_municipality=_cell(row, cols.home_municipality) or None,
        )
    except ValidationError:
        return None, None, "een veld heeft een waarde die niet kan"
    return pupil, _cell(row, cols.teacher) or None, ""


def _read_text(path: Path, spec: PupilImport) -> str:
    display = path.name
    try:
        raw = safefs.read_bytes(path, display, MAX_BYTES, follow_links=False)
    except safefs.UnsafeFile as exc:
        raise UsageError(exc.message, exc.problems, hint=exc.hint) from None
    except OSError:
        raise UsageError(
            f"{display}: het bestand kan niet worden gelezen",
            hint="controleer de naam en de map van het bestand",
        ) from None
    try:
        text = raw.decode(spec.encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{display}:{line}: het bestand is niet in tekenset {spec.encoding}",
            hint="zet 'encoding' onder pupil_import in zorgroute.yaml op de tekenset van de "
            "export, bijvoorbeeld cp1252",
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise UsageError(
            f"{display}:{line}: het bestand bevat binaire gegevens",
            hint="exporteer de leerlingen opnieuw als CSV (tekst)",
        )
    return text


def import_pupils(
    repo: Repository,
    path: Path,
    *,
    apply: bool,
    today: dt.date,
    mapping_name: str | None = None,
) -> ImportResult:
    """Read the export and (with `apply`) create or update pupils and groups."""
    spec = mapping(repo, mapping_name)
    text = _read_text(path, spec)
    display = path.name
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=spec.delimiter)
    try:
        headers = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error:
        raise UsageError(
            f"{display}:1: de kopregel is geen geldige CSV",
            hint="exporteer de leerlingen opnieuw als CSV",
        ) from None
    reader.fieldnames = headers
    cols = spec.columns
    needed = [cols.number, cols.first_name, cols.last_name, cols.birth_date, cols.group]
    missing = [c for c in needed if c not in headers]
    if missing:
        raise UsageError(
            f"{display}:1: deze kolommen ontbreken in de kopregel: {', '.join(missing)}",
            hint="zet onder pupil_import.columns in zorgroute.yaml de kolomkoppen van de export, "
            f"of kies het juiste scheidingsteken (nu '{spec.delimiter}')",
        )
    result = ImportResult(applied=apply)
    with repo.locked() if apply else nullcontext():  # a dry run only reads
        register = read_register(repo)
        groups = {g.name: g for g in register.groups.groups}
        seen: dict[str, int] = {}
        changed: list[tuple[Path, RegisteredPupil]] = []
        taken: set[Path] = set()
        new_groups: dict[str, Group] = {}
        next_line = 2
        while True:
            line = next_line
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                result.rejected.append(Rejected(line, "de regel is geen geldige CSV"))
                next_line = reader.line_num + 1
                continue
            next_line = reader.line_num + 1
            result.rows += 1
            if result.rows > MAX_ROWS:
                raise UsageError(
                    f"{display}: meer dan {MAX_ROWS} leerlingen; er is niets ingelezen",
                    hint="splits het bestand",
                )
            if None in row:
                result.rejected.append(Rejected(line, "de regel heeft meer velden dan kolommen"))
                continue
            if any(v is None for v in row.values()):
                result.rejected.append(Rejected(line, "de regel heeft minder velden dan kolommen"))
                continue
            pupil, teacher, reason = parse_row(row, spec, today)
            if pupil is None:
                result.rejected.append(Rejected(line, reason))
                continue
            if pupil.number in seen:
                result.rejected.append(
                    Rejected(
                        line, f"hetzelfde leerlingnummer staat al op regel {seen[pupil.number]}"
                    )
                )
                continue
            seen[pupil.number] = line
            before = register.pupils.get(pupil.number)
            if before is not None and before[1] == pupil:
                result.unchanged += 1
            elif before is not None:
                result.updated += 1
                changed.append((before[0], pupil))
            else:
                result.created += 1
                target = new_pupil_path(repo, taken)
                taken.add(target)
                changed.append((target, pupil))
            known = new_groups.get(pupil.group) or groups.get(pupil.group)
            if known is None:
                new_groups[pupil.group] = Group(name=pupil.group, teacher=teacher)
                result.groups_created += 1
            elif teacher and known.teacher != teacher and pupil.group not in new_groups:
                new_groups[pupil.group] = Group(name=pupil.group, teacher=teacher)
                result.groups_updated += 1
        if apply and (changed or new_groups):
            merged = Groups(groups=sorted({**groups, **new_groups}.values(), key=lambda g: g.name))
            result.written = write_register(repo, changed, merged if new_groups else None)
            if repo.config.settings.git_commit:
                result.warning = gitio.commit(
                    repo.root,
                    result.written,
                    f"zorgroute: leerlingen ingelezen ({result.created} nieuw, "
                    f"{result.updated} bijgewerkt)",
                )
    return result


def problems_of(result: ImportResult, display: str) -> list[Problem]:
    return [
        Problem(display, r.line, 1, "", r.reason, "import", "verbeter de regel in de export")
        for r in result.rejected
    ]
