"""Creating a repository and cases, writing records, and listing cases."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zorgroute.domain.routes import get_route
from zorgroute.errors import Problem, UsageError, ValidationFailed, WriteFailed
from zorgroute.model.records import Case, Config, Family, Pupil, RecordBase
from zorgroute.store import gitio, safefs
from zorgroute.store.repo import (
    CASES_DIR,
    CONFIG_FILE,
    GITIGNORE,
    TMP_MARK,
    Repository,
    ensure_new_case_id,
    schema_ref,
    write_atomic,
)
from zorgroute.store.yamlio import dump_model, field_path


def model_errors(exc: ValidationError, what: str) -> ValidationFailed:
    """Validation errors on input that did not come from a file (options, prompts)."""
    from zorgroute.store.yamlio import dutch_message

    problems = []
    for err in exc.errors(include_url=False):
        message, hint = dutch_message(dict(err))
        loc = [p for p in err["loc"] if isinstance(p, int | str)]
        problems.append(Problem("", 0, 0, field_path(loc), message, "invoer", hint))
    return ValidationFailed(f"{what} kloppen niet", problems)


# --- init -------------------------------------------------------------------------------


def init_repository(folder: Path, config: Config) -> list[Path]:
    """Create a dossier repository in `folder`. Refuses when one is already there."""
    folder = folder.resolve()
    if (folder / CONFIG_FILE).exists():
        raise UsageError(
            f"in {folder.name} staat al een {CONFIG_FILE}",
            hint="kies een andere map, of werk met de bestaande repository; "
            "'zorgroute init --fix-modes' maakt de bestanden ervan privé",
        )
    from zorgroute.store.schemas import write_schemas

    try:
        existed = folder.is_dir()
        folder.mkdir(mode=safefs.DIR_MODE, parents=True, exist_ok=True)
        if not existed:
            os.chmod(folder, safefs.DIR_MODE)  # private whatever the umask
        safefs.ensure_dir(folder, folder / CASES_DIR)
    except OSError as exc:
        raise WriteFailed(f"kan de map niet maken: {safefs.os_reason(exc)}") from None
    except safefs.UnsafeFile as exc:
        raise WriteFailed(
            f"er is niets geschreven: {exc.message}", exc.problems, hint=exc.hint
        ) from None
    in_git = gitio.inside_work_tree(folder)
    # git that cannot run: the people in zorgroute.yaml get their identities later
    with contextlib.suppress(gitio.GitDidNotRun):
        config = with_identity(config, gitio.identity(folder))
    written = [folder / CONFIG_FILE, folder / ".gitignore", folder / CASES_DIR / ".gitkeep"]
    if not os.path.lexists(folder / CASES_DIR / ".gitkeep"):
        write_atomic(folder / CASES_DIR / ".gitkeep", "", folder)
    write_atomic(folder / CONFIG_FILE, dump_model(config, "schemas/config.schema.json"), folder)
    if not os.path.lexists(folder / ".gitignore"):
        write_atomic(folder / ".gitignore", GITIGNORE, folder)
    if not os.path.lexists(folder / gitio.ATTRIBUTES):
        write_atomic(folder / gitio.ATTRIBUTES, gitio.GITATTRIBUTES, folder)
        written.append(folder / gitio.ATTRIBUTES)
    written += write_schemas(folder / "schemas", folder)
    if not in_git and gitio.init(folder):
        gitio.keep_private(folder)
        gitio.configure_team(folder)
        gitio.commit(folder, written, "zorgroute: nieuwe dossierrepository")
    elif in_git:
        gitio.configure_team(folder)
    return written


def with_identity(config: Config, identity: tuple[str, str] | None) -> Config:
    """The first care coordinator in `config` knows the git identity of whoever creates the
    repository, so that person's records are signed without a default."""
    if identity is None or not config.people:
        return config
    name, email = identity
    if any(p.known_as(email) or p.known_as(name) for p in config.people if email or name):
        return config
    people = list(config.people)
    first = people[0]
    people[0] = first.model_copy(update={"identities": [*first.identities, email or name]})
    return config.model_copy(update={"people": people})


def fix_modes(root: Path) -> int:
    """Make an existing repository private: files 0600 (0400 when read-only), folders
    0700, links untouched; git keeps its own new files private from then on. Returns how
    many files and folders were changed."""
    changed = safefs.make_private(safefs.loose_modes(root, root))
    if os.path.isdir(root / ".git"):
        gitio.keep_private(root)
    return changed


# --- new case ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCase:
    pupil: dict[str, Any]
    adults: list[dict[str, Any]]
    custody: str | None = None
    route: str | None = None


def build_case(repo: Repository, spec: NewCase, today: dt.date, case_id: str) -> Case:
    route = get_route(repo, spec.route or repo.config.route)
    family: dict[str, Any] = {"adults": spec.adults}
    if spec.custody:
        family["custody"] = spec.custody
    try:
        case = Case(
            id=case_id,
            created=today,
            route=route.id,
            route_version=route.version,
            pupil=Pupil.model_validate(spec.pupil),
            family=Family.model_validate(family),
        )
    except ValidationError as exc:
        raise model_errors(exc, "de gegevens van het nieuwe dossier") from None
    born = case.pupil.birth_date
    if born > today or born.year < today.year - 30:
        raise ValidationFailed(
            "de gegevens van het nieuwe dossier kloppen niet",
            [
                Problem(
                    "",
                    0,
                    0,
                    "birth_date",
                    "de geboortedatum ligt na vandaag of meer dan 30 jaar terug",
                    "invoer",
                    "controleer de geboortedatum (JJJJ-MM-DD)",
                )
            ],
        )
    return case


def create_case(repo: Repository, spec: NewCase, today: dt.date) -> tuple[str, str | None]:
    """Create a case folder atomically: build it under a temporary name, then rename."""
    with repo.locked():
        case_id = ensure_new_case_id(repo)
        case = build_case(repo, spec, today, case_id)
        staging = repo.cases_dir / f"{TMP_MARK}{case_id}"
        target = repo.cases_dir / case_id
        try:
            write_atomic(staging / "case.yaml", dump_model(case, schema_ref(2, "case")), repo.root)
            safefs.rename_dir(repo.root, staging, target)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise WriteFailed(
                f"kon het dossier niet aanmaken: {exc.strerror}",
                hint="controleer schijfruimte en schrijfrechten",
            ) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        warning = None
        if repo.config.settings.git_commit:
            warning = gitio.commit(
                repo.root, [target / "case.yaml"], f"zorgroute: dossier {case_id} aangemaakt"
            )
    return case_id, warning


def parse_adult(text: str) -> dict[str, Any]:
    """`--adult "id=moeder;name=...;relation=mother;authority=ja;phone=..."`."""
    out: dict[str, Any] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise UsageError(
                "--adult verwacht velden als naam=waarde, gescheiden door ;",
                hint='bijvoorbeeld --adult "id=moeder;name=A. de Vries;relation=mother;'
                'authority=ja"',
            )
        key, value = key.strip(), value.strip()
        if key in (
            "authority",
            "may_contact",
            "info_requested",
            "pupil_refuses_info",
            "pupil_agrees_contact",
        ):
            out[key] = value.lower() in ("ja", "j", "yes", "true", "1")
        else:
            out[key] = value
    return out


# --- writing a record -------------------------------------------------------------------


def write_record(
    repo: Repository,
    case_id: str,
    record: RecordBase,
    extra_files: list[tuple[Path, str | bytes]] | None = None,
    step: str = "",
) -> tuple[str, Path, str | None]:
    """Write one record (and files that belong to it, first). Returns id, path, warning."""
    with repo.locked():
        rid, path = repo.record_path(case_id, record)
        files = [*(extra_files or []), (path, repo.record_text(record))]
        written = repo.write_new(files)
        warning = None
        if repo.config.settings.git_commit:
            kind = getattr(record, "kind")  # noqa: B009
            warning = gitio.commit(repo.root, written, f"zorgroute: {case_id} {step or kind}")
    return rid, path, warning


@dataclass(frozen=True)
class Batch:
    """The records of one case written by one act, each with the files that belong to it
    (written before it)."""

    case_id: str
    records: list[tuple[RecordBase, list[tuple[Path, str | bytes]]]]


def write_batch(
    repo: Repository, batches: list[Batch], message: str
) -> tuple[list[list[tuple[str, Path]]], str | None]:
    """Write the records of one act, in one or more cases, under one lock and one commit.
    Returns the (id, path) of each record per case, and a warning when git failed."""
    ids: list[list[tuple[str, Path]]] = []
    written: list[Path] = []
    with repo.locked():
        for batch in batches:
            mine: list[tuple[str, Path]] = []
            for record, extra in batch.records:
                rid, path = repo.record_path(batch.case_id, record)
                files = [*extra, (path, repo.record_text(record))]
                written += repo.write_new(files)
                mine.append((rid, path))
            ids.append(mine)
        warning = None
        if repo.config.settings.git_commit:
            warning = gitio.commit(repo.root, written, message)
    return ids, warning


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    id: str
    pupil: str
    group: str
    step: str
    step_title: str
    last_activity: dt.date
    days_in_step: int
    blockers: int
    overdue: list[str]
    stalled: bool
    dormant: bool
    problems: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pupil": self.pupil,
            "group": self.group,
            "step": self.step,
            "step_title": self.step_title,
            "last_activity": self.last_activity.isoformat(),
            "days_in_step": self.days_in_step,
            "blockers": self.blockers,
            "overdue": self.overdue,
            "stalled": self.stalled,
            "dormant": self.dormant,
            "problems": self.problems,
        }
