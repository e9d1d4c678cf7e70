"""The dossier repository on disk: finding it, reading it, and writing to it safely.

Layout::

    zorgroute.yaml                  the school's settings
    cases/<id>/case.yaml            pupil, family, route (written by new-case)
    cases/<id>/records/<rid>.yaml   one record per file, written once
    cases/<id>/documents/           rendered forms and letters
    routes/ templates/ schemas/     the school's own routes, templates, JSON Schemas

Reading never writes. Every write takes the repository lock, writes to a temporary file,
flushes it and links it into place, so a crash leaves the repository before or after the
write and an existing file is never replaced.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, TypeAdapter, ValidationError

from zorgroute.errors import NotFound, Problem, UsageError, WriteFailed
from zorgroute.model.records import CASE_ID_RE, Case, Config, Record, RecordBase
from zorgroute.store import safefs
from zorgroute.store.dossier import CaseData as CaseData  # re-exported: readers import it here
from zorgroute.store.dossier import Entry as Entry
from zorgroute.store.dossier import effective
from zorgroute.store.safefs import TMP_MARK as TMP_MARK
from zorgroute.store.safefs import UnsafeFile
from zorgroute.store.yamlio import Loaded, dump_model, read_yaml, validation_problems

CONFIG_FILE = "zorgroute.yaml"
CASES_DIR = "cases"
RECORDS_DIR = "records"
DOCUMENTS_DIR = "documents"
LOCK_FILE = ".zorgroute.lock"
GITIGNORE = f"""# zorgroute: lokale bestanden die niet in git horen
{LOCK_FILE}
.zorgroute-cache/
*{TMP_MARK}*
"""

# Crockford-like alphabet without i, l, o, u: no look-alikes, no words.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
RECORD_ADAPTER: TypeAdapter[RecordBase] = TypeAdapter(Record)


def new_id(length: int) -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def schema_ref(depth: int, name: str) -> str:
    return "../" * depth + f"schemas/{name}.schema.json"


@dataclass(frozen=True)
class Repository:
    root: Path
    config: Config
    # things read once per run (the routes), so a command over every case reads them once
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # --- paths -------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def cases_dir(self) -> Path:
        return self.root / CASES_DIR

    def case_dir(self, case_id: str) -> Path:
        if not CASE_ID_RE.match(case_id):
            raise NotFound(
                "dat is geen geldig dossiernummer",
                hint="een dossiernummer heeft acht tekens (cijfers en kleine letters); "
                "'zorgroute list' toont ze",
            )
        return self.cases_dir / case_id

    def case_ids(self) -> list[str]:
        """Folders named like a case; a link among them is listed too (also one leading
        out: loading it reports the link), cases/ itself must be a folder inside."""
        if not safefs.is_dir(self.root, self.cases_dir):
            return []
        found = []
        with os.scandir(self.cases_dir) as entries:
            for e in entries:
                if not CASE_ID_RE.match(e.name):
                    continue
                if e.is_symlink():
                    path = Path(e.path)
                    if safefs.kind(self.root, path) == "link-in" and not os.path.isdir(path):
                        continue  # a link to a file inside: not a case
                elif not e.is_dir(follow_symlinks=False):
                    continue
                found.append(e.name)
        return sorted(found)

    # --- reading -----------------------------------------------------------------

    def load_case(self, case_id: str) -> tuple[CaseData | None, list[Problem]]:
        """Read one case and all its records. Collects every problem."""
        folder = self.case_dir(case_id)
        case_file = folder / "case.yaml"
        found = safefs.kind(self.root, folder)
        if found == "link-out":
            return None, [
                Problem(
                    self.rel(folder), 1, 1, "", safefs.LINK_OUT, "koppeling", safefs.LINK_OUT_HINT
                )
            ]
        if not safefs.is_dir(self.root, folder) or safefs.kind(self.root, case_file) == "missing":
            raise NotFound(
                f"dossier {case_id} bestaat niet in deze repository",
                hint="'zorgroute list' toont de dossiers",
            )
        problems: list[Problem] = []
        case = load_model(case_file, self.rel(case_file), Case, problems, self.root)
        if case is not None and case.id != case_id:
            problems.append(
                Problem(
                    self.rel(case_file),
                    1,
                    1,
                    "id",
                    f"het dossiernummer in het bestand ({case.id}) is niet de mapnaam ({case_id})",
                    "dossier-id",
                    "maak beide gelijk",
                )
            )
        entries: list[Entry] = []
        rec_dir = folder / RECORDS_DIR
        rec_kind = safefs.kind(self.root, rec_dir)
        if rec_kind == "link-out":
            problems.append(
                Problem(
                    self.rel(rec_dir), 1, 1, "", safefs.LINK_OUT, "koppeling", safefs.LINK_OUT_HINT
                )
            )
        elif rec_kind != "missing" and not safefs.is_dir(self.root, rec_dir):
            problems.append(
                Problem(
                    self.rel(rec_dir),
                    1,
                    1,
                    "",
                    "records hoort een map te zijn "
                    "met de records van het dossier, maar is een bestand",
                    "indeling",
                    "hernoem of verwijder het bestand en maak een map records",
                )
            )
        elif rec_kind != "missing":
            for item in sorted(os.scandir(rec_dir), key=lambda e: e.name):
                name = item.name
                display = self.rel(Path(item.path))
                if TMP_MARK in name:
                    continue  # reported by check
                if not name.endswith(".yaml"):
                    problems.append(
                        Problem(
                            display,
                            1,
                            1,
                            "",
                            "dit bestand hoort niet in de map records",
                            "indeling",
                            "records zijn .yaml-bestanden; verplaats of verwijder het",
                        )
                    )
                    continue
                record = load_record(Path(item.path), display, problems, self.root)
                if record is not None:
                    entries.append(Entry(name[:-5], display, record))
        if case is None:
            return None, problems
        entries.sort(key=Entry.sort_key)
        data = CaseData(case, self.rel(case_file), tuple(entries), {e.id: e for e in entries})
        return effective(data), problems

    def require_case(self, case_id: str) -> CaseData:
        data, problems = self.load_case(case_id)
        if problems or data is None:
            from zorgroute.errors import ValidationFailed

            raise ValidationFailed(
                f"dossier {case_id} heeft fouten; los die eerst op",
                problems,
                hint="'zorgroute check' toont alle fouten",
            )
        return data

    # --- writing -----------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the repository lock. Re-entrant within one thread: `perform` holds it while
        it judges the rules and writes, and the writes it calls take it again."""
        state = self.memo.setdefault("lock-state", LockState())
        if state.depth:
            state.depth += 1
            try:
                yield
            finally:
                state.depth -= 1
            return
        found = safefs.kind(self.root, self.root / LOCK_FILE)
        if found not in ("missing", "file"):  # a planted link would be opened and written
            raise WriteFailed(
                f"op de plaats van het slot ({LOCK_FILE}) staat geen gewoon bestand; er is "
                "niets geschreven",
                hint=f"verwijder {LOCK_FILE} (zorgroute maakt het zelf opnieuw)",
            )
        lock = FileLock(str(self.root / LOCK_FILE), timeout=15, mode=safefs.FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise WriteFailed(
                "een andere zorgroute-opdracht schrijft op dit moment in deze repository",
                hint="wacht even en probeer het opnieuw",
            ) from None
        except PermissionError:
            raise WriteFailed(
                "de repository kan niet worden beschreven (geen schrijfrechten)",
                hint="controleer de rechten op de map of vraag de beheerder",
            ) from None
        except OSError as exc:  # the disk is full, or gone
            raise WriteFailed(
                f"de repository kan niet worden vergrendeld: {exc.strerror or 'onbekende fout'}",
                hint="controleer of de schijf vol is en of u schrijfrechten heeft",
            ) from None
        state.depth = 1
        try:
            yield
        except PermissionError:
            raise WriteFailed(
                "de repository kan niet worden beschreven (geen schrijfrechten)",
                hint="controleer de rechten op de map of vraag de beheerder",
            ) from None
        finally:
            state.depth = 0
            lock.release()

    def write_new(self, files: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
        """Write new files, each atomically, in order. The caller holds the lock.

        Put the record last: it is what makes the step count, so a crash before it
        leaves at most unreferenced documents, which `check` reports."""
        written: list[Path] = []
        for path, text in files:
            write_atomic(path, text, self.root)
            written.append(path)
        return written

    def record_path(self, case_id: str, record: RecordBase) -> tuple[str, Path]:
        folder = self.case_dir(case_id) / RECORDS_DIR
        kind = getattr(record, "kind")  # noqa: B009
        for _ in range(20):
            rid = f"{record.date.isoformat()}-{kind}-{new_id(4)}"
            path = folder / f"{rid}.yaml"
            if not path.exists():
                return rid, path
        raise WriteFailed(
            "kon geen vrije bestandsnaam vinden",  # pragma: no cover
            hint="voer de opdracht opnieuw uit",
        )

    def record_text(self, record: RecordBase) -> str:
        return dump_model(record, schema_ref(3, f"record-{record.kind}"))


class LockState(threading.local):
    """How deep the current thread holds the repository lock."""

    depth: int = 0


def write_atomic(path: Path, text: str | bytes, root: Path | None = None) -> None:
    """Write a new file atomically, 0600 in 0700 folders, inside `root` (default: the
    file's own folder) and never through a link; refuse to replace an existing one.
    Bytes as they are (a PDF), text as UTF-8."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        if root is None:
            root = path.parent
            root.mkdir(mode=safefs.DIR_MODE, parents=True, exist_ok=True)
        safefs.write_new(root, path, data)
    except FileExistsError:
        raise WriteFailed(
            f"{path.name} bestaat al; zorgroute overschrijft nooit een bestand",
            hint="maak een nieuw record of een correctie",
        ) from None
    except UnsafeFile as exc:
        raise WriteFailed(
            f"er is niets geschreven: {exc.message}", exc.problems, hint=exc.hint
        ) from None
    except OSError as exc:
        raise WriteFailed(
            f"kon niet schrijven in {path.parent.name}: {safefs.os_reason(exc)}",
            hint="controleer of de schijf vol is en of u schrijfrechten heeft",
        ) from None


def load_model(
    path: Path,
    display: str,
    model: type[M],
    problems: list[Problem],
    root: Path | None = None,
) -> M | None:
    return _load(path, display, model.model_validate, problems, root)


def load_record(
    path: Path, display: str, problems: list[Problem], root: Path | None = None
) -> RecordBase | None:
    return _load(path, display, RECORD_ADAPTER.validate_python, problems, root)


def _load(
    path: Path,
    display: str,
    validate: Callable[[Any], T],
    problems: list[Problem],
    root: Path | None,
) -> T | None:
    """Read, parse and validate one file (inside `root`); every problem goes to
    `problems`."""
    loaded, found = read_yaml(path, display, root)
    problems.extend(found)
    if loaded is None:
        return None
    if not isinstance(loaded.data, dict):
        problems.append(_not_a_mapping(loaded))
        return None
    try:
        return validate(loaded.data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, loaded))
        return None


def _not_a_mapping(loaded: Loaded) -> Problem:
    return Problem(
        loaded.display,
        1,
        1,
        "",
        "het bestand bevat geen velden (naam: waarde)",
        "yaml",
        "een record bestaat uit regels als 'date: 2026-09-01'",
    )


# --- finding the repository ------------------------------------------------------------


def find_root(start: Path | None = None) -> Path:
    """Walk up from `start` (default: the working directory) to zorgroute.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / CONFIG_FILE):
            return folder
    raise NotFound(
        "geen zorgdossier-repository gevonden (geen zorgroute.yaml in deze map of erboven)",
        hint="ga naar de map van de repository, gebruik --repo MAP, of maak er een met "
        "'zorgroute init MAP'",
    )


def open_repository(repo: Path | None = None) -> Repository:
    root = find_root(repo)
    problems: list[Problem] = []
    config = load_model(root / CONFIG_FILE, CONFIG_FILE, Config, problems, root)
    if config is None:
        from zorgroute.errors import ValidationFailed

        raise ValidationFailed(
            f"{CONFIG_FILE} heeft fouten",
            problems,
            hint="los de fouten op; het schema staat in schemas/",
        )
    return Repository(root, config)


def ensure_new_case_id(repo: Repository) -> str:
    for _ in range(50):
        case_id = new_id(8)
        if not (repo.cases_dir / case_id).exists():
            return case_id
    raise UsageError(
        "kon geen vrij dossiernummer vinden",  # pragma: no cover
        hint="voer de opdracht opnieuw uit",
    )
