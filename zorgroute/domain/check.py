"""`zorgroute check`: validate the whole repository and report every problem.

Stages return problems and never stop at the first. Reading only: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from zorgroute.domain.routes import load_routes
from zorgroute.errors import NotFound, Problem, ZorgrouteError
from zorgroute.model.records import (
    CASE_ID_RE,
    RECORD_TYPES,
    ActionUpdate,
    Closure,
    Config,
    Consent,
    Conversation,
    Correction,
    DocumentRecord,
    Evaluation,
    Feedback,
    Meeting,
    Plan,
    Referral,
    Reopen,
    Void,
)
from zorgroute.model.route import Route
from zorgroute.policy import record_problems
from zorgroute.store import gitio, safefs
from zorgroute.store.cache import CACHE_DIR, per_case
from zorgroute.store.dossier import CASE_TARGET, Entry, apply_correction
from zorgroute.store.repo import (
    CASES_DIR,
    CONFIG_FILE,
    DOCUMENTS_DIR,
    RECORDS_DIR,
    TMP_MARK,
    CaseData,
    Repository,
    find_root,
    load_model,
)
from zorgroute.store.routes import RouteSource
from zorgroute.store.yamlio import compose, position

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
ALLOWED_IN_CASE = {"case.yaml", RECORDS_DIR, DOCUMENTS_DIR}


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # shown, but the check passes
    cases: int = 0
    records: int = 0
    routes: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        files = (
            f"{_count(self.cases, 'dossier', 'dossiers')}, "
            f"{_count(self.records, 'record', 'records')}, "
            f"{_count(self.routes, 'route', 'routes')}"
        )
        if self.ok and self.warnings:
            return (
                f"in orde: {files} gecontroleerd, geen problemen, "
                f"{_count(len(self.warnings), 'waarschuwing', 'waarschuwingen')}"
            )
        if self.ok:
            return f"in orde: {files} gecontroleerd, geen problemen"
        return f"{_count(len(self.problems), 'probleem', 'problemen')} gevonden in {files}"


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _p(
    path: str, message: str, rule: str, hint: str = "", fieldname: str = "", line: int = 1
) -> Problem:
    return Problem(path, line, 1, fieldname, message, rule, hint)


def check_repository(
    start: Path | None,
    today: dt.date,
    *,
    only: Iterable[str] | None = None,
    use_cache: bool = True,
) -> CheckResult:
    """Check the repository: settings, routes, the layout and every case (or the cases in
    `only`). Each case's result is kept in the cache keyed on its files, so an unchanged
    case costs a few stat calls; the result is the same as a check without cache."""
    root = find_root(start)
    wanted = None if only is None else set(only)
    result = CheckResult()
    config = load_model(root / CONFIG_FILE, CONFIG_FILE, Config, result.problems, root)
    repo = Repository(root, config) if config is not None else None
    routes, route_problems = load_routes(repo)
    result.problems += route_problems
    result.routes = len(routes)
    cases_dir = root / CASES_DIR
    if safefs.kind(root, cases_dir) == "link-out":
        result.problems.append(_p(CASES_DIR, safefs.LINK_OUT, "koppeling", safefs.LINK_OUT_HINT))
        return result
    if not safefs.is_dir(root, cases_dir):
        result.problems.append(
            _p(
                CASES_DIR,
                "de map cases ontbreekt",
                "indeling",
                "maak de map aan of gebruik 'zorgroute init'",
            )
        )
        return result
    result.problems += _stray_cases(root, cases_dir)
    from zorgroute.domain.retention import (  # noqa: PLC0415 - only when checking
        log_problems,
        revived_problems,
        tombstones,
    )
    from zorgroute.domain.tamper import tamper_problems  # noqa: PLC0415

    result.problems += cache_problems(root)
    result.warnings += mode_warnings(root, wanted)
    result.problems += log_problems(root)
    # Compared with git history only where zorgroute commits what it writes; the pre-commit
    # check looks at what is staged, not at history.
    commits = config is None or config.settings.git_commit
    if wanted is None and commits:
        tampered, uncommitted = tamper_problems(root, set(tombstones(root)))
        result.problems += tampered
        result.warnings += uncommitted
    if _stale_index_lock(root):
        result.problems.append(
            _p(
                ".git/index.lock",
                "een onderbroken git-opdracht liet een "
                "slot achter; nieuwe records worden zo niet vastgelegd in "
                "git",
                "git-slot",
                "controleer dat er geen git- of "
                "zorgroute-opdracht meer loopt en verwijder dan dit bestand",
            )
        )
    if repo is None:
        return result
    result.problems += instrument_problems(repo)
    ids = repo.case_ids()
    if wanted is None:
        result.problems += revived_problems(root, ids)
    if wanted is not None:
        ids = [case_id for case_id in ids if case_id in wanted]

    def compute(case_id: str) -> CaseOutcome:
        return check_one_case(repo, case_id, routes, today)

    if use_cache:
        outcomes = per_case(
            repo,
            "check",
            (today.isoformat(),),
            ids,
            compute,
            CHECK_DEPENDS_ON,
            some=wanted is not None,
        )
    else:
        outcomes = ((case_id, _outcome_or_error(compute, case_id)) for case_id in ids)
    for case_id, outcome in outcomes:
        if isinstance(outcome, ZorgrouteError):  # an invalid case id: not from case_ids()
            result.problems.append(
                _p(f"{CASES_DIR}/{case_id}", outcome.message, "indeling", outcome.hint)
            )
            continue
        result.problems += [Problem(*p) for p in outcome.problems]
        result.cases += outcome.counted
        result.records += outcome.records
    result.problems.sort(key=lambda p: (p.path, p.line, p.col))
    return result


def instrument_problems(repo: Repository) -> list[Problem]:
    """The school's own SDQ scoring and the register of pupils, when they are there."""
    from zorgroute.store.instruments import read_register, sdq_config  # noqa: PLC0415

    out: list[Problem] = []
    for read in (sdq_config, read_register):
        try:
            read(repo)
        except ZorgrouteError as exc:
            out += exc.problems or [_p("", exc.message, "instrument", exc.hint)]
    return out


def cache_problems(root: Path) -> list[Problem]:
    """The cache is local: never a link, never in git (a committed cache would reach every
    colleague who pulls; zorgroute ignores it, but it holds pupil data)."""
    cache = root / CACHE_DIR
    if not os.path.lexists(cache):
        return []
    if os.path.islink(cache) or not cache.is_dir():
        return [
            _p(
                CACHE_DIR,
                "de cache is geen gewone map (maar een koppeling of bestand); "
                "zorgroute gebruikt hem niet",
                "cache",
                f"verwijder {CACHE_DIR}; zorgroute maakt de cache zelf opnieuw",
            )
        ]
    if not os.path.lexists(root / ".git"):
        return []
    tracked = gitio.tracked(root, CACHE_DIR)
    if not tracked:
        return []
    return [
        _p(
            CACHE_DIR,
            f"de cache staat in git ({_count(len(tracked), 'bestand', 'bestanden')}"
            "); hij hoort alleen op deze computer en bevat leerlinggegevens",
            "cache-in-git",
            f"haal hem uit git met 'git rm -r --cached {CACHE_DIR}' en leg dat vast; "
            f"zorg dat {CACHE_DIR}/ in .gitignore staat",
        )
    ]


def mode_warnings(root: Path, only: Iterable[str] | None = None) -> list[Problem]:
    """Case files or folders that others on this computer may read (after a clone or pull
    under a loose umask); with `only`, in those cases."""
    if only is None:
        loose = safefs.loose_modes(root, root / CASES_DIR)
    else:
        loose = [
            p
            for case_id in sorted(only)
            for p in safefs.loose_modes(root, root / CASES_DIR / case_id)
        ]
    if not loose:
        return []
    return [
        _p(
            CASES_DIR,
            f"{_count(len(loose), 'bestand of map', 'bestanden en mappen')} in "
            "cases/ zijn leesbaar voor andere gebruikers van deze computer",
            "rechten",
            "maak ze privé met 'zorgroute init --fix-modes' (bestanden 0600, mappen 0700)",
        )
    ]


def _leftover(path: str) -> Problem:
    """A temporary file that an interrupted write left behind."""
    return _p(
        path,
        "een onderbroken opdracht liet dit tijdelijke bestand achter; wat erin staat is niet "
        "opgeslagen",
        "tijdelijk-bestand",
        "verwijder het bestand en voer de opdracht opnieuw uit",
    )


def affected_cases(changed: Iterable[str]) -> set[str] | None:
    """The cases a change to these files (relative to the root) can affect; None when it
    can affect every case (the settings or a route). A case's check reads only its own
    folder, the settings and the routes."""
    cases: set[str] = set()
    for name in changed:
        parts = name.split("/")
        if parts[0] == CASES_DIR and len(parts) > 2:
            cases.add(parts[1])
        elif name == CONFIG_FILE or parts[0] == "routes":
            return None
    return cases


def staged_cases(start: Path | None) -> set[str] | None:
    """The cases the commit being made affects (see `affected_cases`); None (every case)
    when the repository is not under git."""
    changed = gitio.staged_paths(find_root(start))
    return None if changed is None else affected_cases(changed)


# What a case's check reads besides case.yaml and records/: the names in the case folder
# (stray files) and the documents (their digests).
CHECK_DEPENDS_ON = ("", DOCUMENTS_DIR)


@dataclass(frozen=True)
class CaseOutcome:
    """The check of one case as plain data, so that it can be kept in the cache."""

    counted: bool  # False: not a case (no case.yaml)
    records: int
    problems: tuple[tuple[str, int, int, str, str, str, str], ...]


def _outcome_or_error(
    compute: Callable[[str], CaseOutcome], case_id: str
) -> CaseOutcome | ZorgrouteError:
    try:
        return compute(case_id)
    except ZorgrouteError as exc:
        return exc


def check_one_case(
    repo: Repository, case_id: str, routes: dict[str, RouteSource], today: dt.date
) -> CaseOutcome:
    """Everything `check` says about one case: its layout, its files, its records."""
    rel = f"{CASES_DIR}/{case_id}"
    found = _stray_in_case(repo.case_dir(case_id), rel)
    if safefs.kind(repo.root, repo.case_dir(case_id) / DOCUMENTS_DIR) == "link-out":
        found.append(
            _p(f"{rel}/{DOCUMENTS_DIR}", safefs.LINK_OUT, "koppeling", safefs.LINK_OUT_HINT)
        )
    try:
        data, problems = repo.load_case(case_id)
    except ZorgrouteError as exc:  # no case.yaml: not counted as a case
        found.append(_p(rel, exc.message, "indeling", exc.hint))
        return CaseOutcome(False, 0, _plain(found))
    found += problems
    records = 0
    if data is not None:
        records = len(data.entries)
        found += check_case(repo, data, routes, today)
    return CaseOutcome(True, records, _plain(found))


def _plain(problems: list[Problem]) -> tuple[tuple[str, int, int, str, str, str, str], ...]:
    return tuple((p.path, p.line, p.col, p.field, p.message, p.rule, p.hint) for p in problems)


def _stale_index_lock(root: Path) -> bool:
    """git's index.lock left behind by an interrupted command. While git runs a hook for
    `git commit -a` or `git commit PATH`, it holds that lock itself and points the hook at
    a temporary index (GIT_INDEX_FILE ending in .lock): then the lock is not stale."""
    if not (root / ".git" / "index.lock").exists():
        return False
    return not os.environ.get("GIT_INDEX_FILE", "").endswith(".lock")


def _stray_cases(root: Path, cases_dir: Path) -> list[Problem]:
    """Temporary cases and files that do not belong directly in cases/."""
    found: list[Problem] = []
    for entry in os.scandir(cases_dir):
        rel = f"{CASES_DIR}/{entry.name}"
        if TMP_MARK in entry.name:
            found.append(
                _p(
                    rel,
                    "een onderbroken opdracht liet dit tijdelijke dossier "
                    "achter; het dossier is niet aangemaakt",
                    "tijdelijk-bestand",
                    "verwijder de map en maak het dossier opnieuw aan",
                )
            )
            continue
        kind = safefs.kind(root, Path(entry.path))
        if kind == "link-out":
            continue  # reported when the case is loaded
        if not safefs.is_dir(root, Path(entry.path)):
            if entry.name != ".gitkeep":
                found.append(
                    _p(
                        rel,
                        "dit bestand hoort niet in de map cases",
                        "indeling",
                        "verplaats of verwijder het",
                    )
                )
            continue
        if not CASE_ID_RE.match(entry.name):
            found += _stray_in_case(Path(entry.path), rel)
    return found


def _stray_in_case(case_dir: Path, rel: str) -> list[Problem]:
    """Unexpected files in a case folder, and temporary files left by an interrupted write."""
    found: list[Problem] = []
    base = os.fspath(case_dir)
    for item in os.scandir(base):
        if TMP_MARK in item.name:
            found.append(_leftover(f"{rel}/{item.name}"))
        elif item.name not in ALLOWED_IN_CASE:
            found.append(
                _p(
                    f"{rel}/{item.name}",
                    "dit hoort niet in een dossiermap",
                    "indeling",
                    "een dossier bevat case.yaml, records/ en "
                    "documents/; verplaats of verwijder de rest",
                )
            )
    for sub in (RECORDS_DIR, DOCUMENTS_DIR):
        folder = f"{base}/{sub}"
        if not os.path.isdir(folder):
            continue
        for item in os.scandir(folder):
            if TMP_MARK in item.name:
                found.append(_leftover(f"{rel}/{sub}/{item.name}"))
    return found


def check_case(
    repo: Repository, data: CaseData, routes: dict[str, RouteSource], today: dt.date
) -> list[Problem]:
    """Cross-record checks: references, dates, order of closures, documents."""
    problems: list[Problem] = []
    case = data.case
    source = routes.get(case.route)
    if source is None:
        problems.append(
            _p(
                data.path,
                f"de route '{case.route}' bestaat niet",
                "route",
                "'zorgroute routes' toont de beschikbare routes",
                "route",
            )
        )
    route: Route | None = None
    if source is not None:
        try:
            route = source.route.at_version(case.route_version)
        except NotFound as exc:
            problems.append(_p(data.path, exc.message, "route-versie", exc.hint, "route_version"))
    adults = {a.id for a in case.family.adults} | {"pupil"}
    partners = {p.id for p in repo.config.partners}
    by_id = {e.id: e for e in data.written}  # a reference to a voided record still resolves
    action_refs = {e.id for e in data.entries if e.kind == "action"}
    for e in data.entries:
        if isinstance(e.record, Meeting):
            action_refs |= {f"{e.id}#{a.id}" for a in e.record.actions}

    def ref(entry_path: str, value: str | None, kinds: Iterable[str], fieldname: str) -> None:
        if value is None:
            return
        target = by_id.get(value.split("#")[0])
        wanted = tuple(kinds)
        if target is None or target.kind not in wanted:
            problems.append(
                _p(
                    entry_path,
                    f"verwijst naar {value}, maar dat record "
                    f"({' of '.join(wanted)}) bestaat niet in dit dossier",
                    "verwijzing",
                    "gebruik het id (de bestandsnaam zonder .yaml) van een bestaand record",
                    fieldname,
                )
            )

    def people(entry_path: str, ids: Iterable[str], fieldname: str) -> None:
        problems.extend(
            _p(
                entry_path,
                f"'{who}' staat niet bij het gezin in case.yaml",
                "verwijzing",
                "gebruik de korte naam (id) van een volwassene, of 'pupil' voor de leerling",
                fieldname,
            )
            for who in ids
            if who not in adults
        )

    open_closure: str | None = None
    documented: set[str] = set()
    for entry in data.entries:
        rec = entry.record
        if rec.date > today:
            problems.append(
                _p(
                    entry.path,
                    f"de datum {rec.date.isoformat()} ligt na vandaag",
                    "datum",
                    "een record beschrijft wat al gebeurd is",
                    "date",
                )
            )
        if route is not None:
            problems += record_problems(
                data, route, repo.config, rec, at=locator(repo, entry), record_id=entry.id
            )
        if isinstance(rec, Evaluation):
            ref(entry.path, rec.plan, ["plan"], "plan")
        elif isinstance(rec, Feedback):
            ref(entry.path, rec.referral, ["referral"], "referral")
        elif isinstance(rec, ActionUpdate):
            if rec.action not in action_refs:
                problems.append(
                    _p(
                        entry.path,
                        f"afspraak {rec.action} bestaat niet in dit dossier",
                        "verwijzing",
                        "gebruik RECORD-ID#NUMMER voor een afspraak uit een overleg",
                        "action",
                    )
                )
        elif isinstance(rec, Consent):
            people(entry.path, rec.given_by, "given_by")
        elif isinstance(rec, Conversation):
            people(entry.path, rec.adults, "adults")
        elif isinstance(rec, Correction):
            if rec.supersedes != CASE_TARGET:
                ref(entry.path, rec.supersedes, list(RECORD_TYPES), "supersedes")
        elif isinstance(rec, Referral):
            if rec.institution not in partners:
                problems.append(
                    _p(
                        entry.path,
                        f"instelling '{rec.institution}' staat niet in de partnerlijst",
                        "verwijzing",
                        "voeg de instelling toe aan partners in zorgroute.yaml",
                        "institution",
                    )
                )
        elif isinstance(rec, Plan):
            if rec.evaluation_date < rec.start:
                problems.append(
                    _p(
                        entry.path,
                        "de evaluatiedatum ligt voor het begin van het plan",
                        "datum",
                        "",
                        "evaluation_date",
                    )
                )
        elif isinstance(rec, DocumentRecord):
            problems += _check_document(repo, data, entry.path, rec)
            documented |= {f.path for f in rec.files}
        if isinstance(rec, Closure):
            if open_closure is not None:
                problems.append(
                    _p(
                        entry.path,
                        f"het dossier is twee keer afgesloten zonder "
                        f"heropening (ook in {open_closure})",
                        "dubbele-afsluiting",
                        f"trek er één in met 'zorgroute void {case.id} "
                        f'{entry.id.rsplit("-", 1)[-1]} --reden "dubbel afgesloten"\'',
                    )
                )
            open_closure = entry.path
        elif isinstance(rec, Reopen):
            if open_closure is None:
                problems.append(
                    _p(
                        entry.path,
                        "heropend terwijl het dossier niet was afgesloten",
                        "heropening",
                        f"trek de heropening in met 'zorgroute void {case.id} "
                        f'{entry.id.rsplit("-", 1)[-1]} --reden "dubbel heropend"\'',
                    )
                )
            open_closure = None
    for entry in data.written:
        rec = entry.record
        if isinstance(rec, DocumentRecord) and entry.id in data.voided:
            documented |= {f.path for f in rec.files}
        elif isinstance(rec, Void):
            ref(entry.path, rec.voids, [k for k in RECORD_TYPES if k != "void"], "voids")
        elif isinstance(rec, Correction) and entry.id not in data.voided:
            problems += _correction_fits(data, entry, rec)
    problems += _unrecorded_documents(repo, data, documented)
    return problems


def _correction_fits(data: CaseData, entry: Entry, rec: Correction) -> list[Problem]:
    """A correction must still fit the record it corrects (a file edited by hand may not)."""
    target: BaseModel | None
    if rec.supersedes == CASE_TARGET:
        target = data.as_written
    else:
        found = data.original(rec.supersedes)
        target = found.record if found is not None else None
    if target is None:
        return []  # reported as a dangling reference
    try:
        apply_correction(target, rec.field, rec.value)
    except (ValueError, ValidationError):
        return [
            _p(
                entry.path,
                "deze correctie past niet (meer) bij het record dat ze corrigeert: het veld "
                "bestaat niet of de waarde past er niet in",
                "correctie",
                "trek de correctie in met 'zorgroute void' en leg een juiste vast",
                "value",
            )
        ]
    return []


def locator(repo: Repository, entry: Entry) -> Callable[[str], tuple[str, int, int]]:
    """Where a field of a stored record is: its file, line and column (read when asked)."""
    root: list[yaml.Node | None] = []

    def at(fieldname: str) -> tuple[str, int, int]:
        if not root:
            try:
                root.append(compose((repo.root / entry.path).read_text(encoding="utf-8")))
            except OSError:
                root.append(None)
        line, col = position(root[0], [fieldname])
        return entry.path, line, col

    return at


def _unrecorded_documents(repo: Repository, data: CaseData, documented: set[str]) -> list[Problem]:
    folder = repo.case_dir(data.id) / DOCUMENTS_DIR
    if not folder.is_dir():
        return []
    return [
        _p(
            repo.rel(Path(item.path)),
            "dit document is niet vastgelegd in een record; mogelijk is het maken onderbroken",
            "document",
            "verwijder het bestand en maak het opnieuw met 'zorgroute render'",
        )
        for item in sorted(os.scandir(folder), key=lambda i: i.name)
        if safefs.is_file(repo.root, Path(item.path))
        and TMP_MARK not in item.name
        and f"{DOCUMENTS_DIR}/{item.name}" not in documented
    ]


def _check_document(
    repo: Repository, data: CaseData, path: str, rec: DocumentRecord
) -> list[Problem]:
    problems = []
    case_dir = repo.case_dir(data.id)
    for produced in rec.files:
        file = (case_dir / produced.path).resolve()
        if case_dir.resolve() not in file.parents:
            problems.append(
                _p(path, f"{produced.path} ligt buiten het dossier", "document", "", "files")
            )
            continue
        if not file.is_file():
            problems.append(
                _p(
                    path,
                    f"het document {produced.path} ontbreekt",
                    "document",
                    "maak het opnieuw met 'zorgroute render'",
                    "files",
                )
            )
            continue
        try:
            content = safefs.read_bytes(file, produced.path, MAX_DOCUMENT_BYTES, repo.root)
        except safefs.UnsafeFile as exc:
            problems.append(
                _p(
                    path,
                    f"het document {produced.path} kan niet worden gelezen: "
                    f"{exc.problems[0].message}",
                    "document",
                    exc.hint,
                    "files",
                )
            )
            continue
        digest = hashlib.sha256(content).hexdigest()
        if digest != produced.sha256:
            problems.append(
                _p(
                    path,
                    f"het document {produced.path} is gewijzigd na het maken",
                    "document",
                    "maak een nieuwe versie met 'zorgroute "
                    "render' in plaats van het bestand te bewerken",
                    "files",
                )
            )
    return problems
