"""`zorgroute report`: anonymous figures per school and in total."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .common import console, opts, parse_date


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    repos: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Repositories om samen te tellen (elk een school); anders --repo of de huidige "
            "map.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Begin van de periode (JJJJ-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Einde van de periode (JJJJ-MM-DD).")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--school-year",
            help="Schooljaar dat in dit jaar begint, bijvoorbeeld 2025 voor 2025-2026.",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Uitvoer: text, markdown, html, csv of json.")
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Schrijf naar dit bestand in plaats van naar het scherm.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Rapportage zonder namen: signaleringen, zorgteam, ZAT, zorg, doorlooptijden,
    verwijzingen en afsluitingen, per school en in totaal (standaard: dit schooljaar)."""
    from zorgroute.errors import UsageError
    from zorgroute.report import report as rp
    from zorgroute.store.repo import open_repository

    o = opts(ctx)
    if fmt not in rp.FORMATS:
        raise UsageError(f"onbekend formaat '{fmt}'", hint="kies uit: " + ", ".join(rp.FORMATS))
    period = rp.make_period(
        o.today, parse_date(start) if start else None, parse_date(end) if end else None, year
    )
    sources = [open_repository(p) for p in repos] if repos else [o.repository()]
    result = rp.build_report(sources, period, o.today)
    if fmt == "text" and output is None:
        out = console()
        for part in rp.terminal(result):
            out.print(part)
        return
    text = rp.render(result, "markdown" if fmt == "text" else fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        from zorgroute.store.safefs import write_export

        write_export(output, text.encode("utf-8"))  # 0600, never through a link
    except OSError as exc:
        from zorgroute.errors import WriteFailed

        raise WriteFailed(
            f"kon {output.name} niet schrijven: {exc.strerror or 'onbekende fout'}"
        ) from None
    typer.echo(f"rapportage geschreven naar {output}")
