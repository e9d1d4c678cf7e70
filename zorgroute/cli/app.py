"""The typer application and its one error handler; commands add themselves to `app`.

Errors are `ZorgrouteError`s, caught in one place (`ZorgrouteGroup.invoke`) and printed in
Dutch on stderr (as JSON when `--format json` was asked), never as a traceback. Usage
errors of the option parser, an interrupt and a prompt left with Ctrl-D are Dutch too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from zorgroute.errors import EXIT_USAGE, ZorgrouteError

from .common import JSON_ERRORS, Options, err_console, print_error, print_json_error
from .frame import DutchTyper, first_sentence, translate_help, usage_in_dutch

EXIT_INTERNAL = 70
EXIT_ABORTED = 130


def _framework(exc: BaseException) -> bool:
    """Exceptions of typer/click themselves (exit, abort, usage); typer vendors click."""
    return type(exc).__module__.split(".")[0] in ("click", "typer")


def hoist_repo(args: list[str]) -> list[str]:
    """`--repo DIR` may stand anywhere on the line: move it before the command."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--repo" and i + 1 < len(args):
            front += args[i : i + 2]
            i += 2
            continue
        if arg.startswith("--repo="):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def wants_json(args: list[str]) -> bool:
    """Was JSON asked (`--format json`)? Then errors come as JSON on stderr too."""
    return any(
        a == "--format=json" or (a == "--format" and args[i + 1 : i + 2] == ["json"])
        for i, a in enumerate(args)
    )


class ZorgrouteGroup(typer.core.TyperGroup):
    """The top level: Dutch help, `--repo` anywhere, and the one error handler."""

    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_sentence(self.help)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = hoist_repo(list(args))
        ctx.meta[JSON_ERRORS] = wants_json(args)
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            self._usage(ctx, exc)
            raise

    def _usage(self, ctx: Any, exc: Exception) -> None:
        text = usage_in_dutch(exc, list(self.commands)) if _framework(exc) else None
        if text is None:
            return
        sub = getattr(getattr(exc, "ctx", None), "command_path", None) or "zorgroute"
        hint = f"zie '{sub} --help'"
        if ctx.meta.get(JSON_ERRORS):
            print_json_error(text, hint, EXIT_USAGE)
        else:
            err_console().print(f"zorgroute: {text}", markup=False)
            err_console().print(f"oplossing: {hint}", markup=False)
        ctx.exit(EXIT_USAGE)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ZorgrouteError as exc:
            print_error(exc, as_json=bool(ctx.meta.get(JSON_ERRORS)))
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, EOFError):
            self._aborted(ctx)
        except Exception as exc:  # noqa: BLE001 - last line of defence, no locals shown
            if _framework(exc):
                if type(exc).__name__ == "Abort":
                    self._aborted(ctx)
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

    def _aborted(self, ctx: Any) -> None:
        err_console().print("\nafgebroken; er is niets vastgelegd", markup=False)
        ctx.exit(EXIT_ABORTED)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order in which commands were added


app = DutchTyper(
    cls=ZorgrouteGroup,
    name="zorgroute",
    help="Zorgdossiers van leerlingen langs de zorgroute: signaleren, plannen, zorgteam, "
    "ZAT en verwijzing, met de formulieren en brieven die daarbij horen.",
    no_args_is_help=True,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("zorgroute")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            from zorgroute import __version__ as number
        typer.echo(f"zorgroute {number}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="Map van de dossierrepository; mag overal in de regel "
            "staan. Anders: $ZORGROUTE_REPO, of zoeken vanaf de huidige map omhoog.",
            file_okay=False,
            metavar="MAP",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", help="Toon het versienummer.", is_eager=True, callback=_version),
    ] = False,
) -> None:
    env = os.environ.get("ZORGROUTE_REPO", "").strip()
    ctx.obj = Options.create(repo or (Path(env) if env else None))
