"""Follow-through commands: agenda, meeting-list, timeline. Reading only; the agenda's
calendar file and the meeting list's document are written only where the user says."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from zorgroute.errors import UsageError, WriteFailed
from zorgroute.model.vocab import Forum

from .app import app
from .common import Format, console, lazy, opts, parse_date, print_json, print_table, warn

agenda_lib = lazy("zorgroute.views.agenda")
engine = lazy("zorgroute.domain.engine")
meetinglist_lib = lazy("zorgroute.views.meetinglist")
timeline_lib = lazy("zorgroute.views.timeline")

FormatOpt = Annotated[Format, typer.Option("--format", help="Uitvoer: text of json.")]


class DocFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"
    odt = "odt"


BINARY = (DocFormat.pdf, DocFormat.docx, DocFormat.odt)


@app.command("agenda")
def agenda_cmd(
    ctx: typer.Context,
    owner: Annotated[
        str | None,
        typer.Option(help="Alleen wat bij deze persoon ligt (deel van de naam is genoeg)."),
    ] = None,
    case: Annotated[
        list[str] | None, typer.Option(help="Alleen dit dossier; herhaal voor meer.")
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Begin van de periode "
            "(JJJJ-MM-DD); zonder: alles wat over tijd is "
            "en vanaf vandaag.",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(help="Einde van de periode (JJJJ-MM-DD); zonder: vier weken verder."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            help="Schrijf de agenda ook als iCalendar-bestand, zonder namen van leerlingen.",
            dir_okay=False,
        ),
    ] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Wat moet er gebeuren en wat is over tijd, over alle dossiers heen."""
    o = opts(ctx)
    repo = o.repository()
    period = agenda_lib.Period.make(
        o.today, parse_date(from_) if from_ else None, parse_date(to) if to else None
    )
    result = agenda_lib.build(repo, period, owner=owner, cases=case or [])
    if ics is not None:
        agenda_lib.write_ics(repo, result, ics, dt.datetime.now(dt.UTC))
    for case_id, message in result.errors.items():
        warn(f"dossier {case_id} kon niet worden gelezen: {message}")
    if format == Format.json:
        print_json(result.as_dict())
        return
    span = (
        f"{period.start.isoformat()} t/m {period.end.isoformat()}"
        if period.start
        else f"over tijd en t/m {period.end.isoformat()}"
    )
    out = console()
    if result.items:
        print_table(
            ("datum", "dossier", "leerling", "wat", "wie", "stand"),
            [
                (
                    item.date.isoformat(),
                    item.case,
                    item.pupil,
                    item.what,
                    item.owner or "-",
                    "vandaag" if item.date == o.today else "OVER TIJD" if item.overdue else "",
                )
                for item in result.items
            ],
            f"Agenda op {o.today.isoformat()} ({span})",
        )
    else:
        out.print(f"Niets te doen in deze periode ({span}).", markup=False)
    if result.stalled:
        out.print(f"Stilgevallen dossiers: {', '.join(result.stalled)}", markup=False)
    if ics is not None:
        out.print(f"agendabestand: {ics}", markup=False)


@app.command("meeting-list")
def meeting_list_cmd(
    ctx: typer.Context,
    forum: Annotated[Forum, typer.Argument(help="Het overleg: zorgteam, zat, mdo, ...")],
    date: Annotated[
        str | None,
        typer.Option("--date", help="Datum van het overleg (JJJJ-MM-DD); anders vandaag."),
    ] = None,
    format: Annotated[
        DocFormat,
        typer.Option("--format", help="Uitvoer: text, json, md, html, pdf, docx (Word) of odt."),
    ] = DocFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            help="Schrijf het document naar dit bestand "
            "(bij md en html; nodig bij pdf, docx en "
            "odt).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """De bespreeklijst voor een overleg: alleen leerlingen met een geldige grondslag."""
    o = opts(ctx)
    repo = o.repository()
    day = parse_date(date) if date else o.today
    listing = meetinglist_lib.build(repo, forum, day, o.today)
    for case_id, message in listing.errors.items():
        warn(f"dossier {case_id} kon niet worden gelezen: {message}")
    if format in (DocFormat.md, DocFormat.html, *BINARY):
        if format in BINARY and output is None:
            raise UsageError(
                f"een bespreeklijst als {format.value} gaat naar een bestand",
                hint=f"geef het bestand op met --output, bijvoorbeeld "
                f"--output bespreeklijst.{format.value}",
            )
        text = meetinglist_lib.render(repo, listing, format.value)
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            from zorgroute.store.safefs import write_export

            data = text if isinstance(text, bytes) else text.encode("utf-8")
            write_export(output, data)  # 0600, never through a link
        except OSError as exc:
            raise WriteFailed(
                f"kan de bespreeklijst niet schrijven: {exc.strerror}",
                hint="kies een map waarin je mag schrijven",
            ) from None
        console().print(f"bespreeklijst: {output}", markup=False)
        return
    if format == DocFormat.json:
        print_json(listing.as_dict())
        return
    out = console()
    title = f"Bespreeklijst {forum.label} op {day.isoformat()}"
    if not listing.listed:
        out.print(f"{title}: geen leerlingen met een geldige grondslag.", markup=False)
    else:
        table = Table(
            "nr",
            "dossier",
            "leerling",
            "groep",
            "vraag",
            "open afspraken",
            "laatste besluiten",
            title=title,
        )
        for n, c in enumerate(listing.listed, start=1):
            late = sum(a.overdue for a in c.actions)
            actions = f"{len(c.actions)}" + (f" ({late} over tijd)" if late else "")
            last = "-"
            if c.last_meeting:
                last = f"{c.last_meeting.date.isoformat()}: " + (
                    ", ".join(c.last_meeting.decisions) or "geen besluit"
                )
            table.add_row(str(n), c.case, c.pupil, c.group, c.question or "-", actions, last)
        out.print(table)
    if listing.apart:
        apart = Table(
            "dossier",
            "leerling",
            "groep",
            "wat ontbreekt",
            title="Niet op de lijst: geen geldige grondslag op deze datum",
        )
        for c in listing.apart:
            apart.add_row(c.case, c.pupil, c.group, c.basis)
        out.print(apart)
    for c in listing.listed:
        for p in c.preparation:
            out.print(f"nog voor te bereiden ({c.case}): {p}", markup=False)


@app.command("timeline")
def timeline_cmd(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help="Dossiernummer.")],
    format: FormatOpt = Format.text,
) -> None:
    """De geschiedenis van een dossier: elk record, wie het vastlegde en wanneer (met git)."""
    o = opts(ctx)
    result = timeline_lib.build(engine.load(o.repository(), case))
    if format == Format.json:
        print_json(result.as_dict())
        return
    table = Table(
        "datum",
        "record",
        "wat",
        "vastgelegd door",
        "vastgelegd op",
        "git",
        title=f"Dossier {result.case} — {result.pupil} — stap: {result.step}",
    )
    for row in result.rows:
        what = row.summary
        if row.corrected_by:
            what += f" (gecorrigeerd in {', '.join(row.corrected_by)})"
        if row.voided_by:
            what += f" (ingetrokken in {row.voided_by})"
        if row.overrides:
            what += f" (regel overgeslagen: {'; '.join(row.overrides)})"
        if row.late_entry:
            what += f" (laat vastgelegd: {row.late_entry})"
        git = (
            f"{row.commit.sha[:8]} {row.commit.author}, "
            f"{row.commit.date.strftime('%Y-%m-%d %H:%M')}"
            if row.commit
            else "niet in git"
            if result.in_git
            else "-"
        )
        table.add_row(
            row.date.isoformat(),
            row.id if row.kind != "case" else "-",
            what,
            row.recorded_by or "-",
            row.recorded_at.strftime("%Y-%m-%d %H:%M") if row.recorded_at else "-",
            git,
        )
    console().print(table)
