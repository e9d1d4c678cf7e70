"""Retention: which cases are past their retention period, and deleting them.

The period (`settings.retention_years`, default 2) counts from the case's closure or from
the day the pupil left school, whichever is later. A case that is open and whose pupil is
still at school is never due. Deleting keeps a log in the repository (`retention-log.yaml`)
with case ids and dates only, never personal data, and commits the deletion. The git
history still holds the deleted files: `HISTORY_ADVICE` says how a school removes them too.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from zorgroute.domain import engine
from zorgroute.errors import Problem, ValidationFailed, WriteFailed, ZorgrouteError
from zorgroute.model.nl import format_date
from zorgroute.model.records import Model
from zorgroute.store import gitio
from zorgroute.store.repo import CASES_DIR, TMP_MARK, Repository
from zorgroute.store.yamlio import dump_model, read_yaml, validation_problems

LOG_FILE = "retention-log.yaml"

HISTORY_ADVICE = (
    "De verwijderde dossiers staan nog in de geschiedenis van git, in elke kloon, op de "
    "gedeelde remote en in back-ups. Zo haalt de school ze daar ook weg:\n"
    "  1. spreek een moment af waarop niemand schrijft, en laat iedereen zijn wijzigingen "
    "eerst pushen;\n"
    "  2. verwijder de mappen uit de hele geschiedenis, bijvoorbeeld met "
    "'git filter-repo --invert-paths --path cases/DOSSIER/' (één --path per dossier), of "
    "begin een nieuwe repository met alleen de huidige bestanden;\n"
    "  3. vervang de repository op de remote (force-push of een nieuwe remote) en laat "
    "iedereen opnieuw klonen; oude klonen bevatten de gegevens nog;\n"
    "  4. vraag de beheerder om oude back-ups volgens het back-upschema te laten verlopen."
)


Reason = Literal["closure", "left_school", "revived"]
REASON_LABELS = {
    "closure": "afgesloten",
    "left_school": "van school",
    "revived": "al eerder verwijderd, teruggekomen bij het samenvoegen",
}


class Deleted(Model):
    """Eén verwijderd dossier: alleen nummer en data, geen persoonsgegevens."""

    case: str = Field(title="Dossiernummer", pattern=r"^[0-9a-hjkmnp-tv-z]{8}$")
    deleted_on: dt.date = Field(title="Verwijderd op")
    counted_from: dt.date = Field(title="Bewaartermijn geteld vanaf")
    reason: Reason = Field(title="Geteld vanaf afsluiting of vertrek van school")
    retention_years: int = Field(title="Bewaartermijn (jaren)", ge=1, le=20)


class RetentionLog(Model):
    """Verwijderde dossiers na het verstrijken van de bewaartermijn."""

    deleted: list[Deleted] = Field(default_factory=list, title="Verwijderde dossiers")


@dataclass(frozen=True)
class Due:
    """A case and when its retention period ends."""

    case: str
    counted_from: dt.date
    reason: Reason
    delete_after: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "counted_from": self.counted_from.isoformat(),
            "reason": self.reason,
            "reason_label": REASON_LABELS[self.reason],
            "delete_after": self.delete_after.isoformat(),
        }


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _counted_from(repo: Repository, case_id: str) -> tuple[dt.date, Reason] | None:
    loaded = engine.load(repo, case_id)
    left = loaded.case.pupil.left_school
    closure = None
    if loaded.state.closed and loaded.state.closure is not None:
        record = loaded.state.closure.record
        # a closure dated back starts the clock no earlier than the day it was recorded
        closure = max(record.date, record.recorded_at.date())
    if closure is not None and (left is None or closure >= left):
        return closure, "closure"
    if left is not None:
        return left, "left_school"
    return None


def review(repo: Repository, today: dt.date) -> tuple[list[Due], list[Due], list[Problem]]:
    """(due, coming, problems): cases past their period, cases whose period runs, and
    cases that cannot be read (those are never deleted)."""
    years = repo.config.settings.retention_years
    due: list[Due] = []
    coming: list[Due] = []
    problems: list[Problem] = []
    gone = tombstones(repo.root)
    for case_id in repo.case_ids():
        if case_id in gone:  # deleted before, brought back by merging an older clone
            old = gone[case_id]
            due.append(Due(case_id, old.counted_from, "revived", old.deleted_on))
            continue
        try:
            found = _counted_from(repo, case_id)
        except ZorgrouteError as exc:
            problems.append(
                Problem(
                    f"{CASES_DIR}/{case_id}",
                    1,
                    1,
                    "",
                    exc.message,
                    "bewaartermijn",
                    "los de fouten op ('zorgroute check'); "
                    "een dossier met fouten wordt niet verwijderd",
                )
            )
            problems += exc.problems
            continue
        if found is None:
            continue
        since, reason = found
        item = Due(case_id, since, reason, add_years(since, years))
        (due if item.delete_after <= today else coming).append(item)
    return due, coming, problems


def log_problems(root: Path) -> list[Problem]:
    """For `check`: the log, when there is one, must be valid."""
    try:
        _read_log(root)
    except ValidationFailed as exc:
        return exc.problems
    return []


def tombstones(root: Path) -> dict[str, Deleted]:
    """The cases retention deleted, by id; empty when the log is missing or unreadable
    (check reports an unreadable log)."""
    try:
        log = _read_log(root)
    except ValidationFailed:
        return {}
    return {d.case: d for d in log.deleted}


def revived_problems(root: Path, case_ids: list[str]) -> list[Problem]:
    """Cases that retention deleted but that a merge of an older clone brought back."""
    gone = tombstones(root)
    return [
        Problem(
            f"{CASES_DIR}/{case_id}",
            1,
            1,
            "",
            f"dit dossier is op {format_date(gone[case_id].deleted_on)} verwijderd omdat de "
            "bewaartermijn verstreken was, maar staat er weer (teruggekomen uit een oudere "
            "kopie van een collega)",
            "bewaartermijn",
            "verwijder het opnieuw met 'zorgroute retention --apply'",
        )
        for case_id in case_ids
        if case_id in gone
    ]


def read_log(repo: Repository) -> RetentionLog:
    return _read_log(repo.root)


def _read_log(root: Path) -> RetentionLog:
    path = root / LOG_FILE
    if not path.exists():
        return RetentionLog()
    loaded, problems = read_yaml(path, LOG_FILE, root)
    if loaded is not None and not isinstance(loaded.data, dict):
        problems = [
            Problem(LOG_FILE, 1, 1, "", "het bestand bevat geen velden (naam: waarde)", "yaml")
        ]
    if loaded is not None and not problems:
        try:
            return RetentionLog.model_validate(loaded.data)
        except ValidationError as exc:
            problems = validation_problems(exc, loaded)
    raise ValidationFailed(
        f"{LOG_FILE} heeft fouten; er is niets verwijderd",
        problems,
        hint="herstel het bestand (git log -p toont eerdere versies)",
    )


def _replace_atomic(path: Path, text: str) -> None:
    from zorgroute.store.safefs import replace  # noqa: PLC0415

    try:
        replace(path.parent, path, text.encode("utf-8"))  # 0600, never through a link
    except OSError as exc:
        raise WriteFailed(
            f"kon {path.name} niet schrijven: {exc.strerror or 'onbekende fout'}",
            hint="controleer schijfruimte en schrijfrechten",
        ) from None


@dataclass(frozen=True)
class Applied:
    deleted: list[Due]
    warning: str | None


def apply(repo: Repository, due: list[Due], today: dt.date) -> Applied:
    """Delete the due cases: log first (so a crash never loses the record of a deletion;
    running again finishes the job), then remove each folder, then commit."""
    if not due:
        return Applied([], None)
    years = repo.config.settings.retention_years
    with repo.locked():
        log = read_log(repo)
        logged = {d.case for d in log.deleted}
        entries = list(log.deleted) + [
            Deleted(
                case=d.case,
                deleted_on=today,
                counted_from=d.counted_from,
                reason=d.reason,
                retention_years=years,
            )
            for d in due
            if d.case not in logged
        ]
        _replace_atomic(repo.root / LOG_FILE, dump_model(RetentionLog(deleted=entries), None))
        for d in due:
            folder = repo.case_dir(d.case)
            trash = repo.cases_dir / f"{TMP_MARK}{d.case}-weg"
            try:
                os.rename(folder, trash)  # one step: the case is there or it is not
            except OSError as exc:
                raise WriteFailed(
                    f"kon dossier {d.case} niet verwijderen: {exc.strerror or 'onbekende fout'}",
                    hint="controleer de schrijfrechten en probeer het opnieuw",
                ) from None
            shutil.rmtree(trash, ignore_errors=True)
        from zorgroute.store.cache import clear  # noqa: PLC0415

        clear(repo)  # the cache may still hold data of the deleted cases
        warning = None
        if repo.config.settings.git_commit:
            paths = [repo.root / LOG_FILE, *(repo.cases_dir / d.case for d in due)]
            warning = gitio.commit(
                repo.root,
                paths,
                f"zorgroute: bewaartermijn verstreken, {len(due)} "
                f"dossier{'' if len(due) == 1 else 's'} verwijderd",
            )
    return Applied(due, warning)
