"""Documents: `render` makes a form or letter from a dossier; `templates` lists the templates."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from .app import app
from .common import Format, console, opts, print_json, warn


class DocFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"
    odt = "odt"


class Letters(StrEnum):
    auto = "auto"
    each = "each"
    together = "together"


@app.command("render")
def render_cmd(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help="Dossiernummer.")],
    document: Annotated[
        str,
        typer.Argument(
            help="Welk document: zat-registration, consent-form, objection-notice, invitation, "
            "conversation-report, meeting-report, feedback-letter, action-plan, referral-letter, "
            "referral-dossier, parents-overview."
        ),
    ],
    fmt: Annotated[
        list[DocFormat] | None,
        typer.Option(
            "--format",
            help="md, html, pdf, docx (Word) of odt (OpenDocument); herhaal voor "
            "meer (standaard: md, html en pdf).",
        ),
    ] = None,
    record: Annotated[
        str | None,
        typer.Option(help="Record-id waar het document over gaat (anders het laatste dat past)."),
    ] = None,
    letters: Annotated[
        Letters,
        typer.Option(
            help="Brieven aan ouders met gezag: each (ieder een eigen brief), together (één brief "
            "aan beiden) of auto (samen als ze op hetzelfde adres wonen)."
        ),
    ] = Letters.auto,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            help="Alleen voor deze ontvanger (korte naam van een volwassene, leerling, "
            "leerkracht); herhaal voor meer.",
        ),
    ] = None,
    stdout: Annotated[
        bool,
        typer.Option(
            "--stdout", help="Toon de Markdown alleen op het scherm; schrijf en bewaar niets."
        ),
    ] = False,
    contact: Annotated[
        str | None,
        typer.Option(
            help="Alleen voor een uitnodiging: soort gesprek, bijvoorbeeld before_care_team."
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            help='Alleen voor een uitnodiging: dag en tijd, bijvoorbeeld "dinsdag 1 december, '
            '15.00 uur".'
        ),
    ] = None,
    place: Annotated[str | None, typer.Option(help="Alleen voor een uitnodiging: waar.")] = None,
    by: Annotated[str | None, typer.Option(help="Wie dit vastlegt.")] = None,
) -> None:
    """Maak een formulier of brief uit het dossier en bewaar die in documents/ van het dossier."""
    from zorgroute.documents import catalogue as documents
    from zorgroute.documents import render
    from zorgroute.domain import engine
    from zorgroute.domain.cases import Batch, write_batch

    from .steps import recorder

    o = opts(ctx)
    repo = o.repository()
    spec = documents.find_spec(document)
    loaded = engine.load(repo, case)
    entry = documents.pick_record(loaded, spec, record, standalone=bool(contact or when))
    if stdout:
        formats: tuple[str, ...] = ("md",)
    elif fmt:
        formats = tuple(dict.fromkeys(f.value for f in fmt))
    else:
        formats = documents.DEFAULT_FORMATS if render.pdf_available() else ("md", "html")
        if "pdf" not in formats:
            warn("geen PDF gemaakt: installeer daarvoor zorgroute[pdf]")
    extra = {k: v for k, v in (("contact", contact), ("when", when), ("place", place)) if v}
    rendered = documents.render_spec(
        loaded,
        spec,
        o.today,
        entry,
        formats=formats,
        letters=letters.value,
        only=tuple(to or ()),
        extra=extra,
    )
    out = console()
    if not rendered:
        warn(f"er is niets gemaakt: {documents.NOBODY}")
        return
    if stdout:
        for item in rendered:
            text = item.files["md"]
            typer.echo(text if isinstance(text, str) else "")
        return
    who = recorder(repo, by)
    made = documents.produced(loaded, rendered, o.today, who)
    batch = Batch(case, [(p.record, p.files) for p in made])
    _, warning = write_batch(repo, [batch], f"zorgroute: {case} document {spec.name}")
    warn(warning)
    for produced in made:
        for path, _ in produced.files:
            out.print(f"document: {repo.rel(path)}", markup=False)


@app.command("templates")
def templates_cmd(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", help="Uitvoer: text of json.")] = Format.text,
) -> None:
    """Toon alle sjablonen en waar elk vandaan komt: ingebouwd of uit templates/ van de school."""
    from zorgroute.documents.catalogue import DOCUMENTS, template_list

    o = opts(ctx)
    repo = o.repository()
    rows = []
    for info in template_list(repo.root):
        stem = info.name.rsplit(".", 1)[0]
        spec = DOCUMENTS.get(stem)
        origin = (
            ("school (vervangt het ingebouwde)" if info.replaces_builtin else "school")
            if info.origin == "school"
            else "ingebouwd"
        )
        rows.append(
            {
                "template": info.name,
                "document": spec.title if spec else "",
                "origin": info.origin,
                "replaces_builtin": info.replaces_builtin,
                "path": info.display,
                "version": info.version,
                "label": origin,
            }
        )
    if fmt == Format.json:
        print_json({"templates": [{k: v for k, v in r.items() if k != "label"} for r in rows]})
        return
    out = console()
    for r in rows:
        title = f" — {r['document']}" if r["document"] else ""
        out.print(f"{r['template']:<26} {r['label']:<34} {r['path']}{title}", markup=False)
