"""`zorgroute retention`: cases past their retention period; `--apply` deletes them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from zorgroute.errors import UsageError

from .app import app
from .common import Format, console, lazy, opts, print_json, print_problems, warn

retention = lazy("zorgroute.domain.retention")


@app.command("retention")
def retention_cmd(
    ctx: typer.Context,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Verwijder de dossiers waarvan de bewaartermijn voorbij is (na bevestiging).",
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Niet om bevestiging vragen (voor scripts).")
    ] = False,
    format: Annotated[
        Format, typer.Option("--format", help="Uitvoer: text of json.")
    ] = Format.text,
) -> None:
    """Toon dossiers waarvan de bewaartermijn voorbij is; met --apply: verwijder ze."""
    o = opts(ctx)
    repo = o.repository()
    due, coming, problems = retention.review(repo, o.today)
    years = repo.config.settings.retention_years
    if format == Format.json and not apply:
        print_json(
            {
                "today": o.today.isoformat(),
                "retention_years": years,
                "due": [d.as_dict() for d in due],
                "coming": [d.as_dict() for d in coming],
                "problems": [p.as_dict() for p in problems],
            }
        )
        return
    print_problems(problems)
    out = console()
    table = Table(
        "dossier",
        "geteld vanaf",
        "reden",
        "verwijderen na",
        title=f"Bewaartermijn voorbij ({years} jaar, op {o.today.isoformat()})",
    )
    for d in due:
        table.add_row(
            d.case,
            d.counted_from.isoformat(),
            retention.REASON_LABELS[d.reason],
            d.delete_after.isoformat(),
        )
    if due:
        out.print(table)
    else:
        out.print("geen dossiers waarvan de bewaartermijn voorbij is", markup=False)
    if coming and not apply:
        out.print(
            f"{len(coming)} afgesloten dossier(s) wachten nog op het einde van de bewaartermijn",
            markup=False,
        )
    if not apply:
        if due:
            out.print("verwijderen: zorgroute retention --apply", markup=False)
        return
    if not due:
        return
    if not yes:
        if not o.interactive:
            raise UsageError(
                "verwijderen vraagt om bevestiging",
                hint="voeg --yes toe, of voer de opdracht uit in een terminal",
            )
        if not typer.confirm(f"{len(due)} dossier(s) definitief verwijderen?", default=False):
            out.print("niets verwijderd", markup=False)
            raise typer.Exit(1)
    if problems:
        warn("dossiers met fouten zijn overgeslagen; los de fouten op en voer dit opnieuw uit")
    done = retention.apply(repo, due, o.today)
    warn(done.warning)
    out.print(
        f"{len(done.deleted)} dossier(s) verwijderd; vastgelegd in {retention.LOG_FILE}",
        markup=False,
    )
    out.print(retention.HISTORY_ADVICE, markup=False)
