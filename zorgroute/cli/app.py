"""The typer application and its one error handler; commands add themselves to `app`.

A command parses its options, calls the library, prints the result, sets the exit code.
Errors are `ZorgrouteError`s, caught in one place (`ZorgrouteGroup.invoke`) and printed in Dutch
on stderr, never as a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from zorgroute.errors import ZorgrouteError

from .common import Options, err_console, print_error

EXIT_INTERNAL = 70


def _framework(exc: BaseException) -> bool:
    """Exceptions of typer/click themselves (exit, abort, usage); typer vendors click."""
    return type(exc).__module__.split(".")[0] in ("click", "typer")


_ARGUMENTS = {
    "case": "het dossiernummer (CASE)",
    "ref": "de afspraak (RECORD-ID#a1)",
    "record": "het record-id",
    "forum": "het overleg (FORUM)",
}


def _usage_in_dutch(exc: Exception) -> str | None:
    """A Dutch text for the usage errors of the option parser, or None."""
    name = type(exc).__name__
    message = str(getattr(exc, "message", "") or exc)
    param = getattr(exc, "param", None)
    is_argument = getattr(param, "param_type_name", "") == "argument"
    pname = str(getattr(param, "name", "") or "")
    option = getattr(exc, "option_name", None) or (
        _ARGUMENTS.get(pname, pname.upper())
        if is_argument
        else "/".join(getattr(param, "opts", []) or []) or pname
    )
    if name == "NoSuchOption":
        return f"onbekende optie {option}"
    if name == "MissingParameter":
        return f"{option or 'een verplicht argument'} ontbreekt"
    if name == "BadParameter":
        choices = re.findall(r"'([^']*)'", message.partition("is not one of")[2])
        if choices:
            return f"ongeldige waarde voor {option}; kies uit: {', '.join(choices)}"
        return f"ongeldige waarde voor {option}"
    if "extra argument" in message:
        return "te veel argumenten"
    if name in ("BadOptionUsage", "BadArgumentUsage", "UsageError"):
        return f"de opdracht klopt niet ({option or 'controleer de opties'})"
    return None


class ZorgrouteGroup(typer.core.TyperGroup):
    """Catches every zorgroute error (and anything unexpected) in one place."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            self._usage(ctx, exc)
            raise

    def _usage(self, ctx: Any, exc: Exception) -> None:
        text = _usage_in_dutch(exc) if _framework(exc) else None
        if text is None:
            return
        err_console().print(f"zorgroute: {text}", markup=False)
        command = ctx.command_path if hasattr(ctx, "command_path") else "zorgroute"
        sub = getattr(getattr(exc, "ctx", None), "command_path", None) or command
        err_console().print(f"oplossing: zie '{sub} --help'", markup=False)
        ctx.exit(2)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ZorgrouteError as exc:
            print_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            err_console().print("afgebroken; er is niets half geschreven")
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence, no locals shown
            if _framework(exc):
                self._usage(ctx, exc)
                raise
            if os.environ.get("ZORGROUTE_DEBUG"):
                raise
            err_console().print(
                f"zorgroute: interne fout ({type(exc).__name__}). Er is niets half "
                "geschreven. Meld dit aan de beheerder, zonder leerlinggegevens."
            )
            ctx.exit(EXIT_INTERNAL)
        return None  # pragma: no cover

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order in which commands were added


app = typer.Typer(
    cls=ZorgrouteGroup,
    name="zorgroute",
    help="Zorgdossiers van leerlingen langs de zorgroute: signaleren, plannen, zorgteam, "
    "ZAT en verwijzing, met de formulieren en brieven die daarbij horen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="Map van de dossierrepository (anders: zoeken vanaf de huidige map omhoog).",
            file_okay=False,
        ),
    ] = None,
) -> None:
    ctx.obj = Options.create(repo)
