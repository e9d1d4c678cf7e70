"""Commands that keep a dossier true over the years: withdrawing a record made by mistake,
the dated records of the family and the pupil's own say, and working together (sync)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from zorgroute.errors import UsageError
from zorgroute.model.vocab import AnswerOutcome, Custody, RequestKind

from .app import app
from .common import CaseArg, console, lazy, opts, split_list, warn
from .frame import DutchTyper
from .steps import ByOpt, DateOpt, run_act

cases = lazy("zorgroute.domain.cases")
sync_lib = lazy("zorgroute.domain.sync")

RecordArg = Annotated[
    str,
    typer.Argument(
        help="Record-id (zie zorgroute timeline); het laatste deel, bijvoorbeeld k3f9, is genoeg."
    ),
]


@app.command("void")
def void_cmd(
    ctx: typer.Context,
    case: CaseArg,
    record: RecordArg,
    reden: Annotated[
        str | None,
        typer.Option("--reden", "--reason", help="Waarom het record niet had mogen bestaan."),
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Trek een record in dat per vergissing is gemaakt; het blijft in de geschiedenis."""
    if not reden or not reden.strip():
        raise UsageError(
            "geef met --reden op waarom het record wordt ingetrokken; er is niets vastgelegd",
            hint=f'zorgroute void {case} {record} --reden "dubbel vastgelegd"',
        )
    run_act(ctx, case, "void", "void", {"voids": record, "reason": reden}, date, by)


family_app = DutchTyper(
    help="Wat verandert in het gezin of in wat de leerling zelf besluit, met datum.",
    no_args_is_help=True,
)
app.add_typer(family_app, name="family")


@family_app.command("authority")
def family_authority_cmd(
    ctx: typer.Context,
    case: CaseArg,
    custody: Annotated[Custody, typer.Option(help="Het gezag vanaf deze datum.")],
    holders: Annotated[
        str, typer.Option(help="Wie gezag heeft: korte namen, gescheiden door komma's.")
    ],
    new_adult: Annotated[
        list[str] | None,
        typer.Option(
            "--new-adult",
            help='Een nieuwe volwassene, bijvoorbeeld een voogd: "id=voogd;name=...;'
            'relation=guardian;authority=ja".',
        ),
    ] = None,
    family_guardian: Annotated[
        str | None,
        typer.Option(help="Bij een ondertoezichtstelling: de korte naam van de gezinsvoogd."),
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een wijziging in het gezag vast: gezag, voogdij of ondertoezichtstelling."""
    adults: list[dict[str, Any]] = [cases.parse_adult(a) for a in new_adult or []]
    fields = {
        "custody": custody.value,
        "holders": split_list(holders),
        "new_adults": adults,
        "family_guardian": family_guardian,
    }
    run_act(ctx, case, "family authority", "authority_change", fields, date, by)


@family_app.command("contact")
def family_contact_cmd(
    ctx: typer.Context,
    case: CaseArg,
    adult: Annotated[str, typer.Argument(help="Korte naam van de volwassene.")],
    allowed: Annotated[
        bool,
        typer.Option(
            "--mag/--mag-niet", help="Mag deze volwassene vanaf deze datum benaderd worden?"
        ),
    ],
    reason: Annotated[str | None, typer.Option(help="Reden (zonder namen).")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg vast of een volwassene vanaf een datum benaderd mag worden."""
    fields = {"adult": adult, "may_contact": allowed, "reason": reason}
    run_act(ctx, case, "family contact", "contact_restriction", fields, date, by)


@family_app.command("pupil")
def family_pupil_cmd(
    ctx: typer.Context,
    case: CaseArg,
    decision: Annotated[
        str,
        typer.Argument(
            help="weigert (16+: geen informatie naar de ouder) of stemt-in (18+: contact met "
            "de ouder mag)."
        ),
    ],
    adult: Annotated[
        str | None,
        typer.Option(help="Voor welke volwassenen (komma's); zonder: alle ouders."),
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg vast wat de leerling zelf besluit over informatie aan en contact met de ouders."""
    choices = {"weigert": "refuses_info", "stemt-in": "agrees_contact"}
    if decision not in choices and decision not in choices.values():
        raise UsageError(
            "kies 'weigert' of 'stemt-in'; er is niets vastgelegd",
            hint=f"zorgroute family pupil {case} weigert --adult vader",
        )
    fields = {
        "decision": choices.get(decision, decision),
        "adults": split_list(adult) if adult else [],
    }
    run_act(ctx, case, "family pupil", "pupil_voice", fields, date, by)


@family_app.command("request")
def family_request_cmd(
    ctx: typer.Context,
    case: CaseArg,
    adult: Annotated[str, typer.Argument(help="Korte naam van wie het vraagt.")],
    kind: Annotated[RequestKind, typer.Option("--kind", help="Informatie of inzage.")] = (
        RequestKind.information
    ),
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een verzoek om informatie of inzage vast; het antwoord komt op de agenda."""
    fields = {"adult": adult, "request": kind.value}
    run_act(ctx, case, "family request", "info_request", fields, date, by)


@family_app.command("answer")
def family_answer_cmd(
    ctx: typer.Context,
    case: CaseArg,
    request: RecordArg,
    outcome: Annotated[AnswerOutcome, typer.Option(help="Het antwoord.")] = AnswerOutcome.given,
    motivation: Annotated[
        str | None, typer.Option(help="Bij weigeren: waarom het tegen het belang van het kind is.")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg het antwoord op een verzoek om informatie of inzage vast."""
    fields = {"request": request, "outcome": outcome.value, "motivation": motivation}
    run_act(ctx, case, "family answer", "info_answer", fields, date, by)


@app.command("verwijsindex")
def verwijsindex_cmd(
    ctx: typer.Context,
    case: CaseArg,
    action: Annotated[str, typer.Argument(help="gemeld of ingetrokken.")],
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg vast dat (en wanneer) de leerling in de Verwijsindex is gemeld of de melding is
    ingetrokken. Nooit met inhoud."""
    choices = {"gemeld": "registered", "ingetrokken": "withdrawn"}
    if action not in choices and action not in choices.values():
        raise UsageError(
            "kies 'gemeld' of 'ingetrokken'; er is niets vastgelegd",
            hint=f"zorgroute verwijsindex {case} gemeld",
        )
    fields = {"action": choices.get(action, action)}
    run_act(ctx, case, "verwijsindex", "registry", fields, date, by)


@app.command("sync")
def sync_cmd(ctx: typer.Context) -> None:
    """Haal het werk van collega's op, voeg het samen, controleer en deel uw eigen werk."""
    o = opts(ctx)
    result = sync_lib.sync(o.repository(), o.today)
    out = console()
    for line in result.lines:
        out.print(line, markup=False)
    for warning in result.warnings:
        warn(warning)
