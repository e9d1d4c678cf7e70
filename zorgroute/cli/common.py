"""What every command shares: options, output, prompts."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from zorgroute import clock
from zorgroute.errors import Problem, UsageError, ZorgrouteError
from zorgroute.model.nl import DATE_HINT

if TYPE_CHECKING:
    from zorgroute.store.repo import Repository

T = TypeVar("T")


def lazy(name: str) -> ModuleType:
    """A module that is imported on first use: commands import only what they run."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


class Format(StrEnum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class Options:
    """Settings for one run, passed down; nothing global."""

    repo_dir: Path | None
    today: dt.date
    interactive: bool

    @classmethod
    def create(cls, repo_dir: Path | None) -> Options:
        forced = os.environ.get("ZORGROUTE_INTERACTIVE")
        interactive = forced == "1" if forced in ("0", "1") else sys.stdin.isatty()
        return cls(repo_dir, clock.today(), interactive)

    def repository(self) -> Repository:
        from zorgroute.store.repo import open_repository

        return open_repository(self.repo_dir)


def opts(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    assert isinstance(obj, Options)
    return obj


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


RICH_ROWS = 200


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """A table of plain text cells (never read as markup). A screenful gets rich's boxes;
    a long list gets plain aligned columns, because rich needs seconds for 10,000 rows."""
    if len(rows) <= RICH_ROWS:
        from rich.table import Table
        from rich.text import Text

        table = Table(*headers, title=title or None)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console().print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [title] if title else []
    lines += [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    typer.echo("\n".join(lines))


SCHEMA_VERSION = 1
JSON_ERRORS = "zorgroute.json_errors"  # key in click's ctx.meta: errors as JSON on stderr


def print_json(data: Any) -> None:
    """Machine output: an object always carries `schema_version` (see schemas/cli-*.json)."""
    if isinstance(data, dict) and "schema_version" not in data:
        data = {"schema_version": SCHEMA_VERSION, **data}
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_json_error(
    message: str, hint: str, exit_code: int, problems: Sequence[Problem] = ()
) -> None:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "error": {
            "message": message,
            "hint": hint,
            "exit_code": exit_code,
            "problems": [p.as_dict() for p in problems],
        },
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2), err=True)


def print_problems(problems: list[Problem]) -> None:
    out = err_console()
    for problem in problems:
        out.print(problem.format(), markup=False)


def print_error(exc: ZorgrouteError, as_json: bool = False) -> None:
    if as_json:
        print_json_error(exc.message, exc.hint, exc.exit_code, exc.problems)
        return
    out = err_console()
    out.print(f"zorgroute: {exc.message}", markup=False)
    for problem in exc.problems:
        out.print(problem.format(), markup=False)
    if exc.hint:
        out.print(f"oplossing: {exc.hint}", markup=False)


def warn(message: str | None) -> None:
    if message:
        err_console().print(f"let op: {message}", markup=False)


# --- asking for what is missing ----------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One value a command needs: its option name, a Dutch question, and a parser (or a
    vocabulary to pick from, or `date=True` for a date)."""

    key: str
    option: str
    question: str
    parse: Callable[[str], Any] = str
    vocab: Any = None
    many: bool = False
    date: bool = False
    required: bool = True


def fill(values: dict[str, Any], asks: list[Ask], o: Options) -> dict[str, Any]:
    """Ask for missing values in a terminal; otherwise fail with the whole list."""
    from .frame import ask_choice, ask_date, ask_text

    missing = [a for a in asks if a.required and values.get(a.key) in (None, "", [], ())]
    if not missing:
        return values
    if not o.interactive:
        raise UsageError(
            "niet alle gegevens zijn opgegeven: " + ", ".join(a.option for a in missing),
            hint="geef ze als opties mee, of voer de opdracht uit in een terminal om ernaar "
            "gevraagd te worden",
        )
    out = dict(values)
    for ask in missing:
        if ask.vocab is not None:
            picked = [p.value for p in ask_choice(ask.question, ask.vocab, many=ask.many)]
            out[ask.key] = picked if ask.many else picked[0]
            continue
        if ask.date:
            out[ask.key] = ask_date(ask.question)
            continue
        while True:
            raw = ask_text(ask.question)
            try:
                out[ask.key] = ask.parse(raw)
                break
            except (ValueError, ZorgrouteError) as exc:
                typer.echo(f"  dat klopt niet: {getattr(exc, 'message', None) or exc}")
    return out


def parse_date(text: str) -> dt.date:
    """A date as a user writes it (14-5-2026, 14 mei 2026, vandaag, over 2 weken, ISO)."""
    from zorgroute.model.nl import DateError
    from zorgroute.model.nl import parse_date as parse

    try:
        return parse(text, clock.today())
    except DateError as exc:
        raise UsageError(str(exc), hint=DATE_HINT) from None


def iso(text: str | None) -> str | None:
    """An optional date from an option, as the ISO text the records keep."""
    return parse_date(text).isoformat() if text else None


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


# --- finding cases, partners and persons -------------------------------------------------


def _completion_repo(ctx: typer.Context) -> Repository | None:
    """The repository during shell completion, when no callback has run."""
    from zorgroute.store.repo import open_repository

    root = ctx.find_root()
    given = root.params.get("repo") if root.params else None
    env = os.environ.get("ZORGROUTE_REPO", "").strip()
    try:
        return open_repository(Path(given) if given else Path(env) if env else None)
    except ZorgrouteError:
        return None


def complete_case(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Case ids for the shell, with the pupil's name as help; a typed name finds the id."""
    from zorgroute.model.vocab import normalize
    from zorgroute.views.search import directory

    repo = _completion_repo(ctx)
    if repo is None:
        return []
    wanted = normalize(incomplete)
    out = []
    for found in directory(repo):
        if found.id.startswith(incomplete) or (wanted and wanted in normalize(found.pupil)):
            out.append((found.id, f"{found.pupil}, groep {found.group}"))
    return out


def complete_partner(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    repo = _completion_repo(ctx)
    if repo is None:
        return []
    return [(p.id, p.name) for p in repo.config.partners if p.id.startswith(incomplete)]


def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The adults of the case on the line, 'pupil', and the people of zorgroute.yaml."""
    from zorgroute.views.search import resolve

    repo = _completion_repo(ctx)
    if repo is None:
        return []
    out: list[tuple[str, str]] = []
    case = ctx.params.get("case")
    if case:
        try:
            data = repo.require_case(resolve(repo, str(case)))
        except ZorgrouteError:
            data = None
        if data is not None:
            out += [(a.id, f"{a.relation.label}") for a in data.case.family.adults]
            out.append(("pupil", "de leerling zelf"))
    out += [(p.name, p.role.label) for p in repo.config.people]
    return [(value, label) for value, label in out if value.startswith(incomplete)]


def resolve_case(ctx: typer.Context, value: str | None) -> str | None:
    """CASE may be an id, the start of an id, or the pupil's name."""
    if value is None or ctx.resilient_parsing:
        return value
    from zorgroute.views.search import resolve

    return resolve(opts(ctx).repository(), value)


CASE_HELP = "Dossiernummer, het begin ervan, of de naam van de leerling."
CaseArg = Annotated[
    str,
    typer.Argument(
        help=CASE_HELP,
        metavar="DOSSIER",
        callback=resolve_case,
        autocompletion=complete_case,
        show_default=False,
    ),
]
