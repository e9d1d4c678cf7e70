"""Repository and case commands: init, new-case, check, list, show, status, schema, routes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from zorgroute.model.nl import format_date, plural
from zorgroute.model.vocab import Custody, Relation, Role, Sector, Sex, rule_label

from .app import app
from .common import (
    Ask,
    CaseArg,
    Format,
    complete_case,
    console,
    fill,
    lazy,
    opts,
    print_json,
    print_problems,
    print_table,
    resolve_case,
    warn,
)
from .frame import ask_choice, ask_text, confirm, date_option, vocab_option

engine = lazy("zorgroute.domain.engine")


def _table(*columns: str, **kw: Any) -> Any:
    from rich.table import Table

    return Table(*columns, **kw)


views = lazy("zorgroute.views.status")
cases = lazy("zorgroute.domain.cases")

FormatOpt = Annotated[Format, typer.Option("--format", help="Uitvoer: text of json.")]


@app.command("init")
def init_cmd(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(help="Map voor de nieuwe repository.", file_okay=False)
    ] = Path("."),
    school: Annotated[str | None, typer.Option(help="Naam van de school.")] = None,
    brin: Annotated[str | None, typer.Option(help="BRIN-nummer, bijvoorbeeld 12AB.")] = None,
    sector: Annotated[
        Sector | None, vocab_option(Sector, "Sector van de school.", "SECTOR")
    ] = None,
    municipality: Annotated[str | None, typer.Option(help="Gemeente van de school.")] = None,
    swv: Annotated[str | None, typer.Option(help="Samenwerkingsverband.")] = None,
    route: Annotated[str | None, typer.Option(help="Route voor nieuwe dossiers.")] = None,
    ib_name: Annotated[
        str | None, typer.Option(help="Naam van de intern begeleider of zorgcoördinator.")
    ] = None,
    ib_email: Annotated[str | None, typer.Option(help="E-mail van de IB.")] = None,
    directeur: Annotated[str | None, typer.Option(help="Naam van de directeur.")] = None,
    fix_modes: Annotated[
        bool,
        typer.Option(
            "--fix-modes",
            help="Maak een bestaande repository privé: bestanden alleen voor u "
            "leesbaar (0600), mappen 0700. Handig na een clone of pull.",
        ),
    ] = False,
) -> None:
    """Maak een nieuwe dossierrepository: zorgroute.yaml, cases/, schemas/ en git."""
    o = opts(ctx)
    if fix_modes:
        from zorgroute.store.repo import find_root

        root = find_root(folder)
        changed = cases.fix_modes(root)
        typer.echo(
            f"{changed} bestanden en mappen privé gemaakt in {root}"
            if changed
            else f"alle bestanden en mappen in {root} waren al privé"
        )
        return
    values = fill(
        {
            "school": school,
            "brin": brin,
            "sector": sector.value if sector else None,
            "municipality": municipality,
            "swv": swv,
            "ib_name": ib_name,
        },
        [
            Ask("school", "--school", "Naam van de school"),
            Ask("brin", "--brin", "BRIN-nummer"),
            Ask("sector", "--sector", "Sector", vocab=Sector),
            Ask("municipality", "--municipality", "Gemeente van de school"),
            Ask("swv", "--swv", "Samenwerkingsverband"),
            Ask("ib_name", "--ib-name", "Naam van de IB of zorgcoördinator"),
        ],
        o,
    )
    sector_value = Sector(values["sector"])
    default_route = {Sector.vo: "vo", Sector.vso: "vo", Sector.mbo: "mbo"}.get(
        sector_value, "po-1-zorgroute"
    )
    role = {
        Sector.vo: Role.zorgcoordinator,
        Sector.vso: Role.zorgcoordinator,
        Sector.mbo: Role.zorgspecialist,
    }.get(sector_value, Role.ib)
    people: list[dict[str, Any]] = [{"role": role, "name": values["ib_name"], "email": ib_email}]
    if directeur:
        people.append({"role": Role.directeur, "name": directeur})
    try:
        config = cases.Config.model_validate(
            {
                "school": {
                    "name": values["school"],
                    "brin": values["brin"],
                    "sector": sector_value,
                    "municipality": values["municipality"],
                    "swv": values["swv"],
                },
                "route": route or default_route,
                "people": [{k: v for k, v in p.items() if v} for p in people],
            }
        )
    except cases.ValidationError as exc:
        raise cases.model_errors(exc, "de gegevens van de school") from None
    cases.init_repository(folder, config)
    from zorgroute.domain.partners import commented_section

    config_file = folder / "zorgroute.yaml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8") + commented_section(values["municipality"]),
        encoding="utf-8",
    )
    typer.echo(f"repository gemaakt in {folder}")
    typer.echo(
        "voeg de partners van uw regio toe met 'zorgroute partner add' (of in "
        "zorgroute.yaml); daarna: zorgroute new-case"
    )


@app.command("new-case")
def new_case_cmd(
    ctx: typer.Context,
    first_name: Annotated[str | None, typer.Option(help="Voornaam van de leerling.")] = None,
    last_name: Annotated[str | None, typer.Option(help="Achternaam van de leerling.")] = None,
    birth_date: Annotated[str | None, date_option("Geboortedatum.")] = None,
    group: Annotated[str | None, typer.Option(help="Groep of klas.")] = None,
    home_municipality: Annotated[
        str | None, typer.Option(help="Woongemeente (bepaalt het lokale team).")
    ] = None,
    sex: Annotated[Sex | None, vocab_option(Sex, "Geslacht.", "GESLACHT")] = None,
    address: Annotated[str | None, typer.Option(help="Adres van de leerling.")] = None,
    enrolled: Annotated[str | None, date_option("Op school sinds.")] = None,
    repeated_years: Annotated[int, typer.Option(help="Aantal keer gedoubleerd.")] = 0,
    home_language: Annotated[
        str | None, typer.Option(help="Thuistaal, als die van belang is.")
    ] = None,
    in_nl_since: Annotated[str | None, date_option("In Nederland sinds.")] = None,
    adult: Annotated[
        list[str] | None,
        typer.Option(
            help='Een volwassene: "id=moeder;name=...;relation=moeder;authority=ja;phone=...". '
            "Herhaal voor elke volwassene."
        ),
    ] = None,
    custody: Annotated[Custody | None, vocab_option(Custody, "Soort gezag.", "GEZAG")] = None,
    route: Annotated[
        str | None, typer.Option(help="Route (anders die uit zorgroute.yaml).")
    ] = None,
) -> None:
    """Maak een nieuw zorgdossier voor een leerling en toon het dossiernummer."""
    o = opts(ctx)
    repo = o.repository()
    values = fill(
        {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "group": group,
            "home_municipality": home_municipality,
        },
        [
            Ask("first_name", "--first-name", "Voornaam van de leerling"),
            Ask("last_name", "--last-name", "Achternaam"),
            Ask("birth_date", "--birth-date", "Geboortedatum", date=True),
            Ask("group", "--group", "Groep of klas"),
            Ask("home_municipality", "--home-municipality", "Woongemeente"),
        ],
        o,
    )
    adults = [_dutch_relation(cases.parse_adult(a)) for a in adult or []]
    if o.interactive and sex is None:
        sex = Sex(ask_choice("Geslacht", Sex)[0])
    if not adults and o.interactive:
        adults = _ask_adults()
    if o.interactive and custody is None and adults:
        holders = sum(1 for a in adults if a.get("authority"))
        custody = Custody(
            ask_choice(
                "Gezag",
                Custody,
                default=Custody.joint if holders >= 2 else Custody.sole if holders else None,
            )[0]
        )
    career: dict[str, Any] = {"repeated_years": repeated_years}
    if home_language:
        career["home_language"] = home_language
    if in_nl_since:
        career["in_nl_since"] = in_nl_since
    pupil = {**values, "school_career": career}
    for key, value in (
        ("sex", sex.value if sex else None),
        ("address", address),
        ("enrolled", enrolled),
    ):
        if value:
            pupil[key] = value
    spec = cases.NewCase(pupil, adults, custody.value if custody else None, route)
    case_id, warning = cases.create_case(repo, spec, o.today)
    warn(warning)
    if not adults:
        warn(
            "er staat nog geen volwassene met gezag in het dossier; vul het gezin aan in "
            f"cases/{case_id}/case.yaml voordat u toestemming vraagt"
        )
    typer.echo(case_id)
    if o.interactive and confirm("Nu meteen het signaal vastleggen?", default=True):
        from .steps import record_signal

        record_signal(ctx, case_id, {})


def _dutch_relation(adult: dict[str, Any]) -> dict[str, Any]:
    """`relation=moeder` in an --adult option means `mother`."""
    found = Relation.lookup(str(adult.get("relation", "")))
    return {**adult, "relation": found.value} if found is not None else adult


def _ask_adults() -> list[dict[str, Any]]:
    adults: list[dict[str, Any]] = []
    while confirm("Een ouder of verzorger toevoegen?", default=not adults):
        n = len(adults) + 1
        relation = ask_choice("Relatie tot de leerling", Relation)[0]
        name = ask_text("Naam")
        short = relation.short.split()[0] if relation != Relation.other else f"ouder{n}"
        if any(a["id"] == short for a in adults):
            short = f"{short}{n}"
        adults.append(
            {
                "id": ask_text("Korte naam (voor toestemmingen en brieven)", default=short),
                "name": name,
                "relation": relation.value,
                "authority": confirm("Heeft gezag?", default=True),
                "phone": ask_text("Telefoon (leeg: geen)", default="", required=False) or None,
            }
        )
    return [{k: v for k, v in a.items() if v is not None} for a in adults]


@app.command("check")
def check_cmd(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="Map van de repository (anders: de huidige).")
    ] = None,
    format: FormatOpt = Format.text,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Alleen de dossiers die de commit in wording verandert (voor de "
            "pre-commit-hook); de instellingen en routes altijd.",
        ),
    ] = False,
) -> None:
    """Controleer de hele repository; meldt elk probleem met bestand, regel en veld."""
    o = opts(ctx)
    from zorgroute.domain.check import check_repository, staged_cases

    root = path or o.repo_dir
    result = check_repository(root, o.today, only=staged_cases(root) if staged else None)
    if format == Format.json:
        print_json(
            {
                "ok": result.ok,
                "cases": result.cases,
                "records": result.records,
                "routes": result.routes,
                "problems": [p.as_dict() for p in result.problems],
                "warnings": [p.as_dict() for p in result.warnings],
            }
        )
    else:
        print_problems(result.problems + result.warnings)
        typer.echo(result.summary(), err=not result.ok)
    raise typer.Exit(0 if result.ok else 1)


@app.command("list")
def list_cmd(ctx: typer.Context, format: FormatOpt = Format.text) -> None:
    """Toon alle dossiers: nummer, leerling, groep, stap en laatste activiteit."""
    o = opts(ctx)
    rows = views.case_rows(o.repository(), o.today)
    if format == Format.json:
        print_json({"today": o.today.isoformat(), "cases": rows})
        return
    print_table(
        ("dossier", "leerling", "groep", "stap", "laatste activiteit"),
        [
            (row["id"], row["pupil"], row["group"], row["step_title"], _nl(row["last_activity"]))
            for row in rows
        ],
        plural(len(rows), "dossier", "dossiers"),
    )


@app.command("show")
def show_cmd(ctx: typer.Context, case: CaseArg, format: FormatOpt = Format.text) -> None:
    """Toon een dossier: leerling, gezin en alle records."""
    o = opts(ctx)
    data = views.case_overview(engine.load(o.repository(), case))
    if format == Format.json:
        print_json(data)
        return
    out = console()
    p = data["pupil"]
    out.print(f"[bold]Dossier {data['id']}[/] — {data['route']} — stap: {data['step']}")
    out.print(
        f"Leerling: {p['name']}, geboren {p['birth_date']}, groep {p['group']}, "
        f"woont in {p['home_municipality']}",
        markup=False,
    )
    out.print(f"Gezag: {data['family']['custody']}", markup=False)
    for a in data["family"]["adults"]:
        flags = "gezag" if a["authority"] else "geen gezag"
        if not a["may_contact"]:
            flags += ", niet benaderen"
        out.print(f"  - {a['name']} ({a['relation']}, {flags}) [{a['id']}]", markup=False)
    table = _table("datum", "record", "wat", "door", title="Records")
    for r in data["records"]:
        table.add_row(r["date"], r["id"], r["summary"], r["recorded_by"])
    out.print(table)
    _print_instruments(data)


def _print_instruments(data: dict[str, Any]) -> None:
    """The SDQ trend and the absence figures of `show`."""
    out = console()
    if data["sdq"]:
        table = _table("datum", "versie", "totaal", "verschil", "schalen", title="SDQ: verloop")
        for a in data["sdq"]:
            total = a["total"]
            band = f" ({total['band_label']})" if total["band_label"] else ""
            change = "" if a["change"] is None else f"{a['change']:+d}"
            scales = "; ".join(
                f"{s['title']} {s['score']}" + (f" ({s['band_label']})" if s["band_label"] else "")
                for s in a["scores"][:-1]
            )
            table.add_row(
                _nl(a["date"]), a["version_label"], f"{total['score']}{band}", change, scales
            )
        out.print(table)
    absence = data["absence"]
    if absence["periods"]:
        table = _table(
            "van", "tot en met", "ongeoorloofd", "geoorloofd", "te laat", title="Verzuim"
        )
        for p in absence["periods"]:
            table.add_row(
                _nl(p["start"]),
                _nl(p["end"]),
                f"{p['unauthorised_hours']:g} uur",
                f"{p['authorised_hours']:g} uur",
                str(p["late_count"]),
            )
        table.add_row(
            "samen",
            "",
            f"{absence['unauthorised_hours']:g} uur",
            f"{absence['authorised_hours']:g} uur",
            str(absence["late_count"]),
        )
        out.print(table)
    for item in data["leerplicht"]:
        state = "gemeld" if item["reported"] else "nog niet gemeld"
        out.print(f"Meldgrens leerplicht bereikt: {item['what']} — {state}", markup=False)


@app.command("status")
def status_cmd(
    ctx: typer.Context,
    case: Annotated[
        str | None,
        typer.Argument(
            help="Dossiernummer, het begin ervan, of de naam van de leerling; zonder: alle "
            "dossiers.",
            metavar="[DOSSIER]",
            callback=resolve_case,
            autocompletion=complete_case,
            show_default=False,
        ),
    ] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Waar staat een dossier, wat ontbreekt voor elke volgende stap, wat is er over tijd."""
    o = opts(ctx)
    repo = o.repository()
    if case is None:
        rows = views.case_rows(repo, o.today)
        if format == Format.json:
            print_json({"today": o.today.isoformat(), "cases": rows})
            return
        quiet = repo.config.settings.stalled_after_days

        def state(row: dict[str, Any]) -> str:
            if row.get("error"):
                return "fout in dossier"
            if row["dormant"]:
                return "slapend"
            last = row["last_activity"]
            idle = (o.today - dt.date.fromisoformat(last)).days if last else 0
            return "stilgevallen" if row["stalled"] and idle > quiet else ""

        print_table(
            ("dossier", "leerling", "groep", "stap", "in stap", "ontbreekt", "over tijd", "stand"),
            [
                (
                    row["id"],
                    row["pupil"],
                    row["group"],
                    row["step_title"],
                    plural(row["days_in_step"] or 0, "dag", "dagen"),
                    str(row["blockers"] or 0),
                    str(len(row["overdue"])),
                    state(row),
                )
                for row in rows
            ],
            f"Stand op {format_date(o.today)}",
        )
        return
    data = views.case_status(engine.load(repo, case), o.today)
    if format == Format.json:
        print_json(data)
        return
    _print_status(data)


def _print_status(data: dict[str, Any]) -> None:
    out = console()
    flags = []
    if data["dormant_until"]:
        flags.append(f"slapend tot {data['dormant_until']}")
    if data["stalled"]:
        flags.append("stilgevallen")
    out.print(
        f"[bold]Dossier {data['id']}[/] — stap: [bold]{data['step_title']}[/] sinds "
        f"{_nl(data['since'])} ({plural(data['days_in_step'], 'dag', 'dagen')}) — "
        f"{data['route']}" + (f" — {', '.join(flags)}" if flags else "")
    )
    for d in data["direct"]:
        out.print(f"[bold]Stappen overgeslagen[/] ({d['label']}, {_nl(d['date'])}): ", end="")
        out.print(d["reason"], markup=False)
    out.print("\n[bold]Verloop[/]")
    for h in data["history"][-15:]:
        out.print(f"  {_nl(h['date'])}  {h['id']}  {h['summary']}", markup=False)
    if len(data["history"]) > 15:
        out.print(
            f"  en {plural(len(data['history']) - 15, 'eerder record', 'eerdere records')}"
            " (zorgroute show)"
        )
    out.print("\n[bold]Volgende stappen[/]")
    for n in data["next"]:
        mark = "kan" if n["possible"] else "kan nog niet"
        out.print(f"  {n['title']} ({mark}) — zorgroute {n['command']}", markup=False)
        for b in n["blockers"]:
            out.print(f"      ontbreekt: {b['message']}", markup=False)
            out.print(f"        oplossing: {b['fix']}", markup=False)
    _print_tracks(data)
    if data["open_actions"]:
        out.print("\n[bold]Open afspraken[/]")
        for a in data["open_actions"]:
            late = " — OVER TIJD" if a["overdue"] else ""
            out.print(
                f"  {_nl(a['due'])}  {a['owner']}: {a['description']} ({a['ref']}){late}",
                markup=False,
            )
    if data["deadlines"]:
        out.print("\n[bold]Termijnen[/]")
        for d in data["deadlines"]:
            late = " — OVER TIJD" if d["overdue"] else ""
            out.print(f"  {_nl(d['date'])}  {d['what']}{late}", markup=False)
    if data["overrides"]:
        out.print("\n[bold]Overgeslagen regels[/]")
        for ov in data["overrides"]:
            out.print(
                f"  {_nl(ov['date'])}  {rule_label(ov['rule'])}: {ov['reason']} "
                f"(besloten door {ov['decided_by']})",
                markup=False,
            )


def _print_tracks(data: dict[str, Any]) -> None:
    """The meldcode, decisions without mandate, stuck points, doorbraken and composition."""
    out = console()
    if data["meldcode"]:
        out.print("\n[bold]Meldcode huiselijk geweld en kindermishandeling[/]")
        for track in data["meldcode"]:
            state = "loopt" if track["open"] else "afgerond"
            out.print(f"  sinds {_nl(track['since'])} ({state})", markup=False)
            for step in track["steps"]:
                out.print(f"    {_nl(step['date'])}  {step['title']}", markup=False)
            if track["decisions"]:
                out.print("    besluit: " + ", ".join(track["decisions"]), markup=False)
            if track["without_consent"]:
                out.print(
                    "    gemeld bij Veilig Thuis zonder toestemming, op grond van de meldcode",
                    markup=False,
                )
        nxt = data["meldcode_next"]
        if nxt:
            out.print(f"  volgende stap: {nxt['title']} — {nxt['command']}", markup=False)
        if data["letters_held"]:
            until = (
                "zolang de meldcode loopt"
                if nxt
                else "tot er een gesprek met de ouders is vastgelegd (zorgroute talk)"
            )
            out.print(
                f"  brieven en verslagen aan de ouders worden tegengehouden, {until}",
                markup=False,
            )
    if data["mandates"]:
        out.print("\n[bold]Besluiten over jeugdhulp[/]")
        for m in data["mandates"]:
            out.print(f"  {_nl(m['date'])}  {m['status']} ({m['meeting']})", markup=False)
            if m["fix"]:
                out.print(f"        oplossing: {m['fix']}", markup=False)
    if data["stuck"] or data["doorbraken"]:
        out.print("\n[bold]Vastgelopen[/]")
        for s in data["stuck"]:
            norm = " — langer dan de norm" if s["past_norm"] else ""
            out.print(
                f"  {s['reason_label']} sinds {_nl(s['since'])} "
                f"({plural(s['days'], 'dag', 'dagen')}){norm}",
                markup=False,
            )
            if s["fix"]:
                out.print(f"        doorbraak: {s['fix']}", markup=False)
        for d in data["doorbraken"]:
            late = " — OVER TIJD" if d["overdue"] else ""
            out.print(
                f"  voorgelegd op {_nl(d['date'])} ({d['reason_label']}); terugkoppeling "
                f"verwacht {_nl(d['follow_up'])}{late}",
                markup=False,
            )
            out.print(f"        uitkomst vastleggen: {d['fix']}", markup=False)
    if data["composition"]:
        out.print("\n[bold]Samenstelling van overleggen[/]")
        for g in data["composition"]:
            out.print(f"  waarschuwing: {g['message']}", markup=False)


def _nl(iso_date: str | None) -> str:
    """An ISO date from a view, as a Dutch reader writes it."""
    return format_date(dt.date.fromisoformat(iso_date)) if iso_date else "-"


@app.command("schema")
def schema_cmd(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Map voor de schema's (anders: schemas/ in de repository).", file_okay=False
        ),
    ] = None,
) -> None:
    """Schrijf de JSON Schema's van alle bestandssoorten, voor editors met YAML-controle."""
    from zorgroute.store.repo import find_root
    from zorgroute.store.schemas import write_schemas

    o = opts(ctx)
    folder = out or find_root(o.repo_dir) / "schemas"
    written = write_schemas(folder)
    typer.echo(f"{len(written)} schema's bijgewerkt in {folder}")


@app.command("routes")
def routes_cmd(
    ctx: typer.Context,
    route: Annotated[str | None, typer.Argument(help="Route om te tonen.")] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Toon de beschikbare routes, of één route als tabel."""
    o = opts(ctx)
    try:
        repo = o.repository()
    except Exception:  # noqa: BLE001 - routes are also useful outside a repository
        repo = None
    from zorgroute.domain.routes import load_routes

    routes, problems = load_routes(repo)
    print_problems(problems)
    if route is None:
        if format == Format.json:
            print_json(
                {
                    "routes": [
                        {
                            "id": s.route.id,
                            "version": s.route.version,
                            "title": s.route.title,
                            "origin": s.origin,
                        }
                        for s in routes.values()
                    ]
                }
            )
            return
        table = _table("route", "versie", "titel", "bron")
        for s in routes.values():
            table.add_row(s.route.id, str(s.route.version), s.route.title, s.origin)
        console().print(table)
        return
    from zorgroute.domain.routes import get_route

    r = get_route(repo, route)
    if format == Format.json:
        print_json(r.model_dump(mode="json"))
        return
    out = console()
    out.print(f"[bold]{r.title}[/] ({r.id} v{r.version})")
    if r.description:
        out.print(r.description, markup=False)
    steps = _table("stap", "titel", "wie", "daarna", "norm (dagen)", title="Stappen")
    for step in r.steps:
        steps.add_row(
            step.id,
            step.title,
            ", ".join(a.label for a in step.actors),
            ", ".join(step.next),
            str(step.norm_days or ""),
        )
    out.print(steps)
    acts = _table(
        "handeling", "opdracht", "vanuit", "naar", "voorwaarden", "daarna", title="Handelingen"
    )
    for a in r.acts:
        conds = ", ".join(
            rule_label(req.rule) + (" (in bepaalde gevallen)" if req.when else "")
            for req in a.requires
        )
        acts.add_row(
            a.title,
            a.command + (f" --forum {a.forum.short}" if a.forum else ""),
            ", ".join(a.from_steps) or "elke",
            a.enters or "",
            conds,
            ", ".join(f"{x.contact.label} ({x.within_days} d)" for x in a.after),
        )
    out.print(acts)
