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
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

from zorgroute import clock
from zorgroute.errors import Problem, UsageError, ZorgrouteError

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


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_problems(problems: list[Problem]) -> None:
    out = err_console()
    for problem in problems:
        out.print(problem.format(), markup=False)


def print_error(exc: ZorgrouteError) -> None:
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
    """One value a command needs: its option name, a Dutch question, and a parser."""

    key: str
    option: str
    question: str
    parse: Callable[[str], Any] = str
    choices: tuple[str, ...] = ()
    required: bool = True


def fill(values: dict[str, Any], asks: list[Ask], o: Options) -> dict[str, Any]:
    """Ask for missing values in a terminal; otherwise fail with the whole list."""
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
        suffix = f" ({'/'.join(ask.choices)})" if ask.choices else ""
        while True:
            raw = typer.prompt(ask.question + suffix)
            try:
                value = ask.parse(raw.strip())
            except (ValueError, ZorgrouteError) as exc:
                typer.echo(f"  dat klopt niet: {getattr(exc, 'message', None) or exc}")
                continue
            if ask.choices and str(value) not in ask.choices:
                typer.echo(f"  kies uit: {', '.join(ask.choices)}")
                continue
            out[ask.key] = value
            break
    return out


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"'{text[:20]}' is geen datum; schrijf JJJJ-MM-DD") from None


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
