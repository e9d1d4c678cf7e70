"""The records behind the full form set: groeidocument factors, the OPP and its evaluation,
expert advice and signatures for a TLV request, and the transfer to another school."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from zorgroute.errors import UsageError
from zorgroute.model.vocab import Expertise, SignedDocument

from .app import app
from .common import CaseArg, console, lazy, opts, parse_date, warn
from .steps import ByOpt, DateOpt, recorder

engine = lazy("zorgroute.domain.engine")


def record_act(
    ctx: typer.Context,
    case: str,
    command: str,
    kind: str,
    fields: dict[str, Any],
    date: str | None,
    by: str | None,
) -> None:
    """Record one act through the route (rules, documents, one commit) and say what was made."""
    from zorgroute.documents.catalogue import documents_for_act

    o = opts(ctx)
    repo = o.repository()
    day = parse_date(date) if date else o.today
    if day > o.today:
        raise UsageError(
            "de datum ligt na vandaag",
            hint="leg vast wat gebeurd is; plan toekomstige zaken als afspraak",
        )
    done = engine.perform(
        repo,
        case,
        command,
        kind,
        fields,
        day=day,
        by=recorder(repo, by),
        documents=documents_for_act,
    )
    for warning in done.warnings:
        warn(warning)
    out = console()
    out.print(f"vastgelegd: {repo.rel(done.path)}", markup=False)
    for doc in done.documents:
        out.print(f"document: {repo.rel(doc)}", markup=False)


def _need(value: Any, option: str, what: str) -> None:
    if value in (None, [], ""):
        raise UsageError(f"{option} ontbreekt: {what}", hint=f"geef {option} op")


@app.command("factors")
def factors_cmd(
    ctx: typer.Context,
    case: CaseArg,
    child_helps: Annotated[
        list[str] | None, typer.Option("--child-helps", help="Kind: wat helpt (herhaal).")
    ] = None,
    child_hinders: Annotated[
        list[str] | None, typer.Option("--child-hinders", help="Kind: wat belemmert.")
    ] = None,
    school_helps: Annotated[
        list[str] | None, typer.Option("--school-helps", help="Onderwijs: wat helpt.")
    ] = None,
    school_hinders: Annotated[
        list[str] | None, typer.Option("--school-hinders", help="Onderwijs: wat belemmert.")
    ] = None,
    home_helps: Annotated[
        list[str] | None, typer.Option("--home-helps", help="Opvoeding: wat helpt.")
    ] = None,
    home_hinders: Annotated[
        list[str] | None, typer.Option("--home-hinders", help="Opvoeding: wat belemmert.")
    ] = None,
    pupil_view: Annotated[
        str | None, typer.Option(help="Wat de leerling er zelf over zegt.")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg per domein (kind, onderwijs, opvoeding) vast wat helpt en wat belemmert."""
    fields = {
        "child_supporting": child_helps,
        "child_hindering": child_hinders,
        "education_supporting": school_helps,
        "education_hindering": school_hinders,
        "upbringing_supporting": home_helps,
        "upbringing_hindering": home_hinders,
        "pupil_view": pupil_view,
    }
    record_act(ctx, case, "factors", "factors", fields, date, by)


@app.command("opp")
def opp_cmd(
    ctx: typer.Context,
    case: CaseArg,
    perspective: Annotated[
        str | None, typer.Option(help="Uitstroomperspectief, bijvoorbeeld 'vmbo basis'.")
    ] = None,
    supporting: Annotated[
        list[str] | None, typer.Option(help="Wat helpt (bevorderende factor); herhaal.")
    ] = None,
    hindering: Annotated[
        list[str] | None, typer.Option(help="Wat belemmert (belemmerende factor); herhaal.")
    ] = None,
    support: Annotated[
        str | None, typer.Option(help="De ondersteuning: wat, door wie, hoe vaak.")
    ] = None,
    goal: Annotated[list[str] | None, typer.Option(help="Een doel; herhaal.")] = None,
    parents_view: Annotated[str | None, typer.Option(help="Wat de ouders ervan vinden.")] = None,
    parents_agreed: Annotated[
        str | None, typer.Option(help="Datum waarop de ouders instemden (JJJJ-MM-DD).")
    ] = None,
    agreed_by: Annotated[
        list[str] | None, typer.Option(help="Wie instemde (korte naam, of pupil); herhaal.")
    ] = None,
    evaluation_date: Annotated[
        str | None, typer.Option(help="Evaluatie met de ouders uiterlijk op (JJJJ-MM-DD).")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Stel een ontwikkelingsperspectiefplan (OPP) op."""
    _need(perspective, "--perspective", "het uitstroomperspectief")
    _need(support, "--support", "de ondersteuning")
    _need(evaluation_date, "--evaluation-date", "de datum van de evaluatie met de ouders")
    fields = {
        "exit_perspective": perspective,
        "supporting": supporting,
        "hindering": hindering,
        "support": support,
        "goals": goal,
        "parents_view": parents_view,
        "parents_agreed": parents_agreed,
        "agreed_by": agreed_by,
        "evaluation_date": evaluation_date,
    }
    record_act(ctx, case, "opp", "opp", fields, date, by)


@app.command("opp-evaluate")
def opp_evaluate_cmd(
    ctx: typer.Context,
    case: CaseArg,
    opp: Annotated[
        str | None, typer.Option(help="Record-id van het OPP (anders het laatste).")
    ] = None,
    with_parent: Annotated[
        list[str] | None, typer.Option(help="Ouder die erbij was (korte naam); herhaal.")
    ] = None,
    pupil_present: Annotated[bool, typer.Option(help="De leerling was erbij.")] = False,
    outcome: Annotated[str | None, typer.Option(help="Wat bereikt is en wat verandert.")] = None,
    perspective_changed: Annotated[
        bool, typer.Option(help="Het uitstroomperspectief is aangepast.")
    ] = False,
    next_evaluation: Annotated[
        str | None, typer.Option(help="Volgende evaluatie uiterlijk op (JJJJ-MM-DD).")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg de evaluatie van het OPP met de ouders vast."""
    _need(outcome, "--outcome", "de uitkomst van de evaluatie")
    if opp is None:
        from zorgroute.model.records import Opp

        data = opts(ctx).repository().require_case(case)
        found = [e.id for e in data.entries if isinstance(e.record, Opp)]
        if not found:
            raise UsageError(
                "dit dossier heeft nog geen OPP", hint=f"zorgroute opp {case} ... eerst"
            )
        opp = found[-1]
    fields = {
        "opp": opp,
        "with_parents": with_parent,
        "pupil_present": pupil_present,
        "outcome": outcome,
        "perspective_holds": not perspective_changed,
        "next_evaluation": next_evaluation,
    }
    record_act(ctx, case, "opp-evaluate", "opp_evaluation", fields, date, by)


@app.command("advice")
def advice_cmd(
    ctx: typer.Context,
    case: CaseArg,
    expert: Annotated[str | None, typer.Option(help="Naam van de deskundige.")] = None,
    expertise: Annotated[Expertise, typer.Option(help="Deskundigheid.")] = Expertise.orthopedagoog,
    organisation: Annotated[str | None, typer.Option(help="Organisatie.")] = None,
    advice: Annotated[str | None, typer.Option(help="Het advies.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg het advies van een deskundige vast, bijvoorbeeld voor een TLV-aanvraag."""
    _need(expert, "--expert", "de naam van de deskundige")
    _need(advice, "--advice", "het advies")
    fields = {
        "expert": expert,
        "expertise": expertise,
        "organisation": organisation,
        "advice": advice,
    }
    record_act(ctx, case, "advice", "expert_advice", fields, date, by)


@app.command("sign")
def sign_cmd(
    ctx: typer.Context,
    case: CaseArg,
    document: Annotated[SignedDocument, typer.Option(help="Wat is getekend.")],
    signed_by: Annotated[
        list[str] | None,
        typer.Option("--signed-by", help="Wie tekende (korte naam, of pupil); herhaal."),
    ] = None,
    record: Annotated[
        str | None, typer.Option(help="Record-id van het plan of OPP dat is getekend.")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg vast wie een plan, OPP of TLV-aanvraag heeft ondertekend."""
    _need(signed_by, "--signed-by", "wie er tekende")
    if document != SignedDocument.tlv_request and record is None:
        raise UsageError(
            "--record ontbreekt: welk plan of OPP is getekend?",
            hint="'zorgroute show' toont de record-id's",
        )
    fields = {"document": document, "refers_to": record, "signed_by": signed_by}
    record_act(ctx, case, "sign", "signature", fields, date, by)


@app.command("transfer")
def transfer_cmd(
    ctx: typer.Context,
    case: CaseArg,
    to_school: Annotated[str | None, typer.Option(help="De nieuwe school.")] = None,
    advice: Annotated[str | None, typer.Option(help="Schooladvies, bijvoorbeeld 'havo'.")] = None,
    grounds: Annotated[str | None, typer.Option(help="Onderbouwing van het advies.")] = None,
    support_needed: Annotated[
        str | None, typer.Option(help="Wat de leerling nodig heeft op de nieuwe school.")
    ] = None,
    parents_view: Annotated[str | None, typer.Option(help="Wat de ouders ervan vinden.")] = None,
    pupil_view: Annotated[str | None, typer.Option(help="Wat de leerling zelf zegt.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg de overstap naar een andere school vast; maakt het onderwijskundig rapport."""
    _need(to_school, "--to-school", "de nieuwe school")
    _need(advice, "--advice", "het schooladvies")
    _need(grounds, "--grounds", "de onderbouwing van het advies")
    fields = {
        "to_school": to_school,
        "school_advice": advice,
        "advice_grounds": grounds,
        "support_needed": support_needed,
        "parents_view": parents_view,
        "pupil_view": pupil_view,
    }
    record_act(ctx, case, "transfer", "transfer", fields, date, by)
