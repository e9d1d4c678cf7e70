"""Questionnaires, absence, test results and the leerplicht report: each command parses its
options and records one act through the route (`cli.forms.record_act`)."""

from __future__ import annotations

from typing import Annotated

import typer

from zorgroute.errors import UsageError
from zorgroute.model.vocab import SdqVersion

from .app import app
from .common import CaseArg, parse_date
from .forms import record_act
from .frame import vocab_option
from .steps import ByOpt, DateOpt

SDQ_ITEMS = 25


def parse_answers(text: str) -> dict[int, int]:
    """25 answers in item order ("0,1,2,...", or without commas "0120...") or by item
    number ("1=0,2=1,...")."""
    raw = text.replace(";", ",").replace(" ", ",")
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == SDQ_ITEMS:
        parts = list(parts[0])
    answers: dict[int, int] = {}
    try:
        if parts and all("=" in p for p in parts):
            for p in parts:
                item, value = p.split("=", 1)
                answers[int(item)] = int(value)
        else:
            answers = {n: int(v) for n, v in enumerate(parts, start=1)}
    except ValueError:
        raise UsageError(
            "--answers: de antwoorden zijn geen getallen",
            hint='geef 25 antwoorden (0, 1 of 2) met komma\'s: --answers "0,1,2,..." of per '
            'itemnummer "1=0,2=1,..."',
        ) from None
    if len(answers) > 100:
        raise UsageError("--answers: te veel antwoorden", hint="de SDQ heeft 25 items")
    return answers


def _hours(value: float, option: str) -> float:
    if value < 0:
        raise UsageError(f"{option}: het aantal uren kan niet negatief zijn", hint="geef 0 of meer")
    return value


@app.command("sdq")
def sdq_cmd(
    ctx: typer.Context,
    case: CaseArg,
    version: Annotated[
        SdqVersion, vocab_option(SdqVersion, "Welke versie: leerkracht, ouder of zelf.", "VERSIE")
    ],
    answers: Annotated[
        str,
        typer.Option(
            help='De 25 antwoorden (0, 1 of 2) in de volgorde van de items: "0,1,2,..." of '
            'per itemnummer "1=0,2=1,...". Alleen de cijfers: de vragen zelf staan niet in '
            "zorgroute.",
        ),
    ],
    informant: Annotated[
        str | None, typer.Option(help="Ingevuld door (functie of relatie, geen naam nodig).")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een afname van de SDQ vast; de scores per schaal volgen uit het scoringsbestand.

    'zorgroute show' toont de scores en het verloop over de afnames. Een stap kan de afname
    als onderbouwing noemen met --evidence RECORD."""
    fields = {"version": version.value, "answers": parse_answers(answers), "informant": informant}
    record_act(ctx, case, "sdq", "sdq", fields, date, by)


@app.command("absence")
def absence_cmd(
    ctx: typer.Context,
    case: CaseArg,
    start: Annotated[str, typer.Option("--from", help="Begin van de periode (JJJJ-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="Einde van de periode (JJJJ-MM-DD).")],
    unauthorised: Annotated[float, typer.Option(help="Uren ongeoorloofd verzuim.")] = 0,
    authorised: Annotated[float, typer.Option(help="Uren geoorloofd verzuim (ziek, verlof).")] = 0,
    late: Annotated[int, typer.Option(help="Aantal keer te laat.", min=0)] = 0,
    note: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg het verzuim over een periode vast, in uren.

    Komt het ongeoorloofd verzuim op de meldgrens (standaard 16 uur binnen 4 schoolweken,
    settings.leerplicht_hours en leerplicht_weeks in zorgroute.yaml), dan staat de melding
    bij de leerplichtambtenaar als open punt in status en agenda."""
    fields = {
        "start": parse_date(start).isoformat(),
        "end": parse_date(end).isoformat(),
        "authorised_hours": _hours(authorised, "--authorised"),
        "unauthorised_hours": _hours(unauthorised, "--unauthorised"),
        "late_count": late,
        "note": note,
    }
    record_act(ctx, case, "absence", "absence", fields, date or end, by)


@app.command("leerplicht")
def leerplicht_cmd(
    ctx: typer.Context,
    case: CaseArg,
    officer: Annotated[
        str,
        typer.Option(
            help="De leerplichtambtenaar: de korte naam uit de partnerlijst (soort "
            "leerplicht), of naam en gemeente."
        ),
    ],
    hours: Annotated[float, typer.Option(help="Gemelde uren ongeoorloofd verzuim.")],
    start: Annotated[str | None, typer.Option("--from", help="Verzuim vanaf (JJJJ-MM-DD).")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Verzuim tot en met (JJJJ-MM-DD).")
    ] = None,
    duo: Annotated[
        bool, typer.Option("--duo/--no-duo", help="Ook gemeld in het verzuimregister van DUO.")
    ] = True,
    note: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Meld het verzuim bij de leerplichtambtenaar: legt de melding vast en maakt de brief.

    Daarmee is het open punt uit status en agenda afgehandeld."""
    fields = {
        "officer": officer,
        "hours": hours,
        "via_duo": duo,
        "period_start": parse_date(start).isoformat() if start else None,
        "period_end": parse_date(end).isoformat() if end else None,
        "note": note,
    }
    record_act(ctx, case, "leerplicht", "leerplicht_report", fields, date, by)


@app.command("test-result")
def test_result_cmd(
    ctx: typer.Context,
    case: CaseArg,
    instrument: Annotated[str, typer.Option(help="Toets of instrument.")],
    area: Annotated[str, typer.Option(help="Vakgebied of ontwikkelingsgebied.")],
    score: Annotated[str, typer.Option(help="De score zoals de toets die geeft.")],
    level: Annotated[
        str | None, typer.Option(help="Niveau of norm, bijvoorbeeld IV of percentiel 20.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een toets- of volgresultaat vast; het komt op het ZAT-formulier."""
    fields = {"instrument": instrument, "area": area, "score": score, "level": level, "note": note}
    record_act(ctx, case, "test-result", "test_result", fields, date, by)
