"""Commands for the route as schools run it today: the meldcode, the decision on youth care
with mandate after an MDO, and the doorbraak. Each records one act through the same engine
as the steps (rules, the policy layer, documents, one commit)."""

from __future__ import annotations

from typing import Annotated

import typer

from zorgroute.model.vocab import MeldcodeDecision, MeldcodeStepKind, Participant, StuckReason

from .app import app
from .common import Ask, CaseArg, complete_partner, fill, opts
from .frame import date_option, vocab_option
from .steps import ByOpt, DateOpt, DryRunOpt, LateOpt, OverrideOpt, run_act, values_of


@app.command("meldcode")
def meldcode_cmd(
    ctx: typer.Context,
    case: CaseArg,
    step: Annotated[
        MeldcodeStepKind | None,
        vocab_option(MeldcodeStepKind, "Welke stap van de meldcode.", "STAP"),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(help="Wat is er gedaan of gezien (feitelijk: wat, wanneer, door wie)."),
    ] = None,
    consulted: Annotated[
        list[str] | None,
        typer.Option(help="Stap 2: wie is geraadpleegd (functie); herhaal voor meer."),
    ] = None,
    veilig_thuis_advice: Annotated[
        bool,
        typer.Option("--veilig-thuis-advice", help="Stap 2: Veilig Thuis is om advies gevraagd."),
    ] = False,
    with_: Annotated[
        list[Participant] | None,
        vocab_option(
            Participant, "Stap 3: wie waren bij het gesprek; herhaal voor meer.", "WIE", "--with"
        ),
    ] = None,
    skip_reason: Annotated[
        str | None,
        typer.Option(
            help="Stap 3: waarom er geen gesprek met de ouders was (alleen als het de "
            "veiligheid van de leerling of van anderen in gevaar brengt)."
        ),
    ] = None,
    suspicion: Annotated[
        bool | None,
        typer.Option(
            "--suspicion/--no-suspicion",
            help="Stap 4, vraag 1: is er een vermoeden van huiselijk geweld of kindermishandeling?",
            show_default=False,
        ),
    ] = None,
    unsafe: Annotated[
        bool | None,
        typer.Option(
            "--unsafe/--not-unsafe",
            help="Stap 4, vraag 2: is er acute of structurele onveiligheid?",
            show_default=False,
        ),
    ] = None,
    can_help: Annotated[
        bool | None,
        typer.Option(
            "--can-help/--cannot-help",
            help="Stap 4, vraag 3: kan de school passende hulp bieden of organiseren?",
            show_default=False,
        ),
    ] = None,
    help_accepted: Annotated[
        bool | None,
        typer.Option(
            "--help-accepted/--help-refused",
            help="Stap 4, vraag 4: aanvaarden de betrokkenen die hulp?",
            show_default=False,
        ),
    ] = None,
    help_enough: Annotated[
        bool | None,
        typer.Option(
            "--help-enough/--help-not-enough",
            help="Stap 4, vraag 5: leidt de hulp op tijd tot blijvende veiligheid?",
            show_default=False,
        ),
    ] = None,
    decision: Annotated[
        list[MeldcodeDecision] | None,
        vocab_option(
            MeldcodeDecision,
            "Stap 5: het besluit; herhaal voor meer (melden en hulp kan samen).",
            "BESLUIT",
        ),
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een stap van de meldcode huiselijk geweld en kindermishandeling vast.

    De vijf stappen volgen elkaar op: signalen in kaart brengen; een collega raadplegen en
    zo nodig Veilig Thuis om advies vragen; een gesprek met de leerling en de ouders; wegen
    met het afwegingskader; beslissen over melden en hulp. Een melding bij Veilig Thuis mag
    zonder toestemming en wordt zo vastgelegd. Zolang de meldcode loopt, gaan er geen brieven
    of verslagen naar de ouders."""
    o = opts(ctx)
    values = fill(
        {"step": step, "description": description},
        [
            Ask("step", "--step", "Welke stap van de meldcode", vocab=MeldcodeStepKind),
            Ask("description", "--description", "Wat is er gedaan of gezien"),
        ],
        o,
    )
    values.update(
        consulted=consulted or None,
        veilig_thuis_advice=veilig_thuis_advice,
        participants=values_of(with_) or None,
        talk_skipped_reason=skip_reason,
        suspicion=suspicion,
        unsafe=unsafe,
        can_help=can_help,
        help_accepted=help_accepted,
        help_enough=help_enough,
        decisions=values_of(decision) or None,
    )
    run_act(ctx, case, "meldcode", "meldcode", values, date, by, override, dry_run)


@app.command("mandate")
def mandate_cmd(
    ctx: typer.Context,
    case: CaseArg,
    meeting: Annotated[
        str | None, typer.Option(help="Record-id van het MDO waar het besluit over gaat.")
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            help="Korte naam van het lokale team van de woongemeente (partnerlijst).",
            autocompletion=complete_partner,
        ),
    ] = None,
    person: Annotated[str | None, typer.Option(help="De gemandateerde: naam en functie.")] = None,
    decision: Annotated[
        str | None, typer.Option(help="Het besluit, bijvoorbeeld een beschikking.")
    ] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg het besluit over jeugdhulp vast van de gemandateerde van het lokale team.

    Een besluit over jeugdhulp in een MDO geldt alleen als de gemandateerde van het lokale
    team van de woongemeente erbij was, of later zelf besliste; dat laatste legt dit vast.
    'zorgroute status' toont de besluiten zonder mandaat met hun record-id."""
    o = opts(ctx)
    values = fill(
        {"meeting": meeting, "team": team, "person": person, "decision": decision},
        [
            Ask("meeting", "--meeting", "Record-id van het MDO"),
            Ask("team", "--team", "Lokaal team (korte naam uit de partnerlijst)"),
            Ask("person", "--person", "De gemandateerde (naam en functie)"),
            Ask("decision", "--decision", "Het besluit"),
        ],
        o,
    )
    run_act(ctx, case, "mandate", "mandate", values, date, by, None, dry_run)


@app.command("doorbraak")
def doorbraak_cmd(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[
        StuckReason | None, vocab_option(StuckReason, "Waarom het dossier vastzit.", "REDEN")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="De tafel, bijvoorbeeld de perspectieftafel.")
    ] = None,
    question: Annotated[str | None, typer.Option(help="De vraag aan de tafel.")] = None,
    follow_up: Annotated[str | None, date_option("Terugkoppeling verwacht op.")] = None,
    outcome: Annotated[
        str | None, typer.Option(help="Bij een vervolg: wat de tafel besloot.")
    ] = None,
    refers_to: Annotated[
        str | None, typer.Option(help="Bij een vervolg: record-id van de voorlegging.")
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een vastgelopen dossier voor aan een doorbraaktafel, of leg de uitkomst vast.

    Dat kan als het dossier langer dan de norm van de route vastzit: een besluit over
    jeugdhulp zonder mandaat, een wachtlijst, of hulp die niet start. De voorlegging gaat
    als document naar de tafel; 'zorgroute status' toont wanneer de terugkoppeling komt.
    Een uitkomst: --refers-to met het record-id van de voorlegging en --outcome."""
    o = opts(ctx)
    values: dict[str, object] = {
        "reason": reason,
        "table": table,
        "question": question,
        "follow_up": follow_up,
        "outcome": outcome,
        "refers_to": refers_to,
    }
    if refers_to:
        earlier = o.repository().require_case(case).by_id.get(refers_to)
        if earlier is not None and earlier.kind == "doorbraak":
            for name in ("reason", "table", "question", "follow_up"):
                if values[name] is None:
                    value = getattr(earlier.record, name)
                    values[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    filled = fill(
        values,
        [
            Ask("reason", "--reason", "Waarom het dossier vastzit", vocab=StuckReason),
            Ask("table", "--table", "Welke tafel"),
            Ask("question", "--question", "De vraag aan de tafel"),
            Ask("follow_up", "--follow-up", "Terugkoppeling verwacht op", date=True),
        ],
        o,
    )
    run_act(ctx, case, "doorbraak", "doorbraak", filled, date, by, override, dry_run)
