"""`zorgroute partner add/list/edit/remove`: the school's partners in zorgroute.yaml."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from zorgroute.model.vocab import PartnerKind

from .app import app
from .common import Format, complete_partner, console, lazy, opts, print_json, print_table, warn
from .frame import DutchTyper, ask_choice, ask_text, vocab_option

partners_lib = lazy("zorgroute.domain.partners")

partner_app = DutchTyper(
    help="Partners in de regio: toevoegen, tonen, wijzigen, verwijderen.", no_args_is_help=True
)
app.add_typer(partner_app, name="partner")

IdArg = Annotated[
    str,
    typer.Argument(
        help="Korte naam (id) van de partner.", metavar="PARTNER", autocompletion=complete_partner
    ),
]
NameOpt = Annotated[str | None, typer.Option(help="Naam van de instelling.")]
KindOpt = Annotated[PartnerKind | None, vocab_option(PartnerKind, "Soort instelling.", "SOORT")]
MunOpt = Annotated[
    str | None,
    typer.Option(
        help="Gemeente waarvoor de instelling werkt (bij een lokaal team: de woongemeente)."
    ),
]
PersonOpt = Annotated[str | None, typer.Option(help="Contactpersoon.")]
PhoneOpt = Annotated[str | None, typer.Option(help="Telefoon.")]
MailOpt = Annotated[str | None, typer.Option(help="E-mail.")]


def _fields(
    name: str | None,
    kind: PartnerKind | None,
    municipality: str | None,
    contact_person: str | None,
    phone: str | None,
    email: str | None,
) -> dict[str, Any]:
    contact = {k: v for k, v in (("phone", phone), ("email", email)) if v}
    return {
        "name": name,
        "kind": kind,
        "municipality": municipality,
        "contact_person": contact_person,
        **({"contact": contact} if contact else {}),
    }


@partner_app.command("add")
def partner_add_cmd(
    ctx: typer.Context,
    id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Korte naam: kleine letters, cijfers, - en _ (bijvoorbeeld lt-delft)."
        ),
    ] = None,
    name: NameOpt = None,
    kind: KindOpt = None,
    municipality: MunOpt = None,
    contact_person: PersonOpt = None,
    phone: PhoneOpt = None,
    email: MailOpt = None,
) -> None:
    """Voeg een partner toe aan zorgroute.yaml (gecontroleerd en vastgelegd in git)."""
    o = opts(ctx)
    repo = o.repository()
    missing = [opt for opt, v in (("--id", id), ("--name", name), ("--kind", kind)) if not v]
    if missing and not o.interactive:
        from zorgroute.errors import UsageError

        raise UsageError(
            "niet alle gegevens zijn opgegeven: " + ", ".join(missing),
            hint="geef ze als opties mee, of voer de opdracht uit in een "
            "terminal om ernaar gevraagd te worden",
        )
    name = name or ask_text("Naam van de instelling")
    kind = kind or ask_choice("Soort instelling", PartnerKind)[0]
    id = id or ask_text("Korte naam (kleine letters, bijvoorbeeld lt-delft)")
    partner, warning = partners_lib.add(
        repo, {"id": id, **_fields(name, kind, municipality, contact_person, phone, email)}
    )
    warn(warning)
    console().print(f"partner toegevoegd: {partner.id} ({partner.name})", markup=False)


@partner_app.command("list")
def partner_list_cmd(
    ctx: typer.Context,
    format: Annotated[
        Format, typer.Option("--format", help="Uitvoer: text of json.")
    ] = Format.text,
) -> None:
    """Toon de partners uit zorgroute.yaml."""
    partners = opts(ctx).repository().config.partners
    if format == Format.json:
        print_json({"partners": [p.model_dump(mode="json") for p in partners]})
        return
    if not partners:
        console().print("nog geen partners; voeg ze toe met 'zorgroute partner add'", markup=False)
        return
    print_table(
        ("partner", "naam", "soort", "gemeente", "contactpersoon"),
        [
            (p.id, p.name, p.kind.label, p.municipality or "-", p.contact_person or "-")
            for p in partners
        ],
        f"Partners ({len(partners)})",
    )


@partner_app.command("edit")
def partner_edit_cmd(
    ctx: typer.Context,
    partner: IdArg,
    name: NameOpt = None,
    kind: KindOpt = None,
    municipality: MunOpt = None,
    contact_person: PersonOpt = None,
    phone: PhoneOpt = None,
    email: MailOpt = None,
) -> None:
    """Wijzig een partner; wat u niet opgeeft blijft zoals het was."""
    repo = opts(ctx).repository()
    fields = _fields(name, kind, municipality, contact_person, phone, email)
    if not any(fields.values()):
        from zorgroute.errors import UsageError

        raise UsageError(
            "er is niets om te wijzigen",
            hint="geef bijvoorbeeld --name, --kind of --municipality mee",
        )
    new, warning = partners_lib.edit(repo, partner, fields)
    warn(warning)
    console().print(f"partner gewijzigd: {new.id} ({new.name})", markup=False)


@partner_app.command("remove")
def partner_remove_cmd(ctx: typer.Context, partner: IdArg) -> None:
    """Verwijder een partner uit de lijst (records die hem noemen blijven staan)."""
    warning = partners_lib.remove(opts(ctx).repository(), partner)
    warn(warning)
    console().print(f"partner verwijderd: {partner}", markup=False)
