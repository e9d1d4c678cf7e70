"""The command line: thin commands over the library.

A command parses its options, calls the library, prints the result, sets the exit code.
Errors are `ZorgrouteError`s, caught in one place (`_Group.invoke`) and printed in Dutch
on stderr, never as a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
import typer.core

from ..errors import ZorgrouteError
from .common import Options, err_console, print_error

EXIT_INTERNAL = 70


class _Group(typer.core.TyperGroup):
    """Catches every zorgroute error (and anything unexpected) in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ZorgrouteError as exc:
            print_error(exc)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            err_console().print("afgebroken; er is niets half geschreven")
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence, no locals shown
            if os.environ.get("ZORGROUTE_DEBUG"):
                raise
            err_console().print(
                f"zorgroute: interne fout ({type(exc).__name__}). Er is niets half "
                "geschreven. Meld dit aan de beheerder, zonder leerlinggegevens."
            )
            ctx.exit(EXIT_INTERNAL)
        return None  # pragma: no cover

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # keep the order in which commands were added


app = typer.Typer(
    cls=_Group,
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
        typer.Option("--repo", help="Map van de dossierrepository (anders: zoeken vanaf de "
                     "huidige map omhoog).", file_okay=False),
    ] = None,
) -> None:
    ctx.obj = Options.create(repo)


# Commands register themselves on `app` when their module is imported.
from . import core, steps  # noqa: E402,F401


def main() -> None:
    """Console entry point."""
    try:
        app()
    except SystemExit:
        raise
    sys.exit(0)  # pragma: no cover
