"""Reading data in from elsewhere and handing a dossier over: `zorgroute import leerlingen`
(the pupil tracking system's CSV export), `zorgroute export` and `zorgroute import dossier`
(a handover bundle). Each command calls one library function and prints the result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zorgroute.errors import EXIT_PROBLEMS
from zorgroute.model.nl import plural

from .app import app
from .common import CaseArg, Format, console, lazy, opts, parse_date, print_json, warn
from .frame import DutchTyper
from .steps import ByOpt, DateOpt, recorder

pupils = lazy("zorgroute.domain.pupils")
FormatOpt = Annotated[Format, typer.Option("--format", help="Uitvoer: text of json.")]

import_app = DutchTyper(
    help="Lees gegevens in: leerlingen en groepen uit het leerlingvolgsysteem, of een "
    "overgedragen dossier.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")


@import_app.command("leerlingen")
def import_pupils_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="De CSV-export uit het leerlingvolgsysteem.")],
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Schrijf de wijzigingen echt weg; zonder: alleen laten zien wat er zou gebeuren.",
        ),
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            help="Een meegeleverd voorbeeld van de kolommen: parnassys, magister of esis; "
            "anders 'pupil_import' uit zorgroute.yaml.",
        ),
    ] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Lees leerlingen en groepen in uit een CSV-export (ParnasSys, Magister, ESIS).

    Zonder --apply wordt er niets geschreven. Leerlingen worden herkend aan hun
    leerlingnummer: een tweede keer inlezen verandert niets. Elke afgewezen regel wordt
    gemeld met het regelnummer en wat er mis is; de goede regels worden ingelezen."""
    o = opts(ctx)
    result = pupils.import_pupils(
        o.repository(), file, apply=apply, today=o.today, mapping_name=mapping
    )
    if format == Format.json:
        print_json(result.as_dict())
    else:
        out = console()
        verb = (
            "ingelezen"
            if apply
            else "proef: er is niets geschreven; met --apply wordt het ingelezen"
        )
        out.print(
            f"{result.rows} regels: {result.created} nieuw, {result.updated} bijgewerkt, "
            f"{result.unchanged} ongewijzigd, {len(result.rejected)} afgewezen; "
            f"{result.groups_created} nieuwe en {result.groups_updated} bijgewerkte groepen "
            f"— {verb}",
            markup=False,
        )
        for r in result.rejected:
            out.print(f"  {file.name}:{r.line}: {r.reason}", markup=False)
    warn(result.warning)
    if result.rejected:
        raise typer.Exit(EXIT_PROBLEMS)


# --- handover -------------------------------------------------------------------------------


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    case: CaseArg,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="Korte naam van de ontvanger (de nieuwe school of het SWV), zoals in de "
            "toestemming.",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", help="Map of bestandsnaam voor de bundel, buiten de repository."),
    ],
    date: DateOpt = None,
) -> None:
    """Maak een overdrachtsbundel van een dossier voor een andere school of het SWV.

    Alleen wat de schriftelijke toestemming voor het uitwisselen van verslagen met die
    ontvanger op die datum dekt, gaat mee; documenten, de meldcode en vertrouwelijke
    bijdragen nooit. De bundel heeft een overzicht van alle bestanden en een controlegetal;
    de naam noemt alleen het dossiernummer en de datum."""
    from zorgroute.domain.handover import export_case

    o = opts(ctx)
    day = parse_date(date) if date else o.today
    done = export_case(o.repository(), case, to, day, out)
    console().print(
        f"bundel geschreven: {done.path} ({plural(done.records, 'record', 'records')}, "
        f"{done.left_out} niet meegegeven; controlegetal {done.checksum})",
        markup=False,
    )


@import_app.command("dossier")
def import_case_cmd(
    ctx: typer.Context,
    bundle: Annotated[Path, typer.Argument(help="De overdrachtsbundel (van zorgroute export).")],
    by: ByOpt = None,
) -> None:
    """Neem een dossier over uit een overdrachtsbundel van een andere school of het SWV.

    Het wordt een nieuw dossier met een record van waar het vandaan komt. Een bundel die al
    is ingelezen voegt niets toe; een latere bundel van hetzelfde dossier voegt alleen de
    records toe die er nog niet zijn."""
    from zorgroute.domain.handover import import_bundle

    o = opts(ctx)
    repo = o.repository()
    done = import_bundle(repo, bundle, o.today, recorder(repo, by))
    out = console()
    if done.existing:
        out.print(
            f"deze bundel is al ingelezen in dossier {done.case_id}; er is niets toegevoegd",
            markup=False,
        )
        return
    out.print(
        f"overgenomen in dossier {done.case_id} "
        f"({plural(done.records, 'record', 'records')} toegevoegd)",
        markup=False,
    )
    out.print(f"controleer het dossier: zorgroute check; zorgroute show {done.case_id}")
