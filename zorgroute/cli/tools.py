"""Finding things: `zoek` searches cases; `completion` prints the shell's completion script."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .app import app
from .common import Format, console, opts, print_json, print_table


@app.command("zoek")
def zoek_cmd(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help="Naam (of deel ervan), groep of begin van het dossiernummer.", metavar="TEKST"
        ),
    ],
    format: Annotated[
        Format, typer.Option("--format", help="Uitvoer: text of json.")
    ] = Format.text,
) -> None:
    """Zoek dossiers op naam van de leerling, groep of dossiernummer."""
    from zorgroute.model.nl import plural
    from zorgroute.views.search import search

    found = search(opts(ctx).repository(), text)
    if format == Format.json:
        print_json({"query": text, "cases": [f.as_dict() for f in found]})
        return
    if not found:
        console().print("geen dossiers gevonden", markup=False)
        raise typer.Exit(1)
    print_table(
        ("dossier", "leerling", "groep", "geboren"),
        [(f.id, f.pupil, f.group, _date(f.birth_date)) for f in found],
        plural(len(found), "dossier gevonden", "dossiers gevonden"),
    )


def _date(iso: str) -> str:
    import datetime as dt

    from zorgroute.model.nl import format_date

    return format_date(dt.date.fromisoformat(iso))


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion_cmd(
    shell: Annotated[Shell, typer.Argument(help="Uw shell: bash, zsh of fish.", metavar="SHELL")],
) -> None:
    """Toon het script voor aanvullen met Tab (opdrachten, opties, dossiers, partners).

    Zet het in uw shell, bijvoorbeeld: zorgroute completion bash >> ~/.bashrc
    """
    from typer.completion import (  # type: ignore[attr-defined]
        completion_init,
        get_completion_script,
    )

    completion_init()
    typer.echo(
        get_completion_script(
            prog_name="zorgroute", complete_var="_ZORGROUTE_COMPLETE", shell=shell.value
        )
    )
