"""`zorgroute galerij`: every document of a repository (or of the example) in one folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zorgroute.errors import NotFound

from .app import app
from .common import console, opts


def example_dir() -> Path:
    """The example repository: shipped in the package, or examples/ in a source checkout."""
    from importlib import resources

    installed = Path(str(resources.files("zorgroute") / "_data" / "example"))
    if (installed / "zorgroute.yaml").is_file():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "examples" / "de-regenboog"


@app.command("galerij")
def gallery_cmd(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="Map waarin de documenten en index.html komen.")
    ] = Path("galerij"),
    example: Annotated[
        bool,
        typer.Option("--voorbeeld", help="Gebruik de voorbeeldrepository in plaats van de eigen."),
    ] = False,
) -> None:
    """Maak elk document van elk dossier, met een overzichtspagina (index.html).

    Er wordt niets in de dossiers vastgelegd; alles komt in de map van --out. Een document
    dat nog niet kan, staat op de overzichtspagina met wat er ontbreekt."""
    from zorgroute.documents.gallery import gallery
    from zorgroute.store.repo import open_repository

    o = opts(ctx)
    if example:
        source = example_dir()
        if not (source / "zorgroute.yaml").is_file():
            raise NotFound(
                "de voorbeeldrepository is niet meegeleverd",
                hint="gebruik een eigen repository met --repo",
            )
        repo = open_repository(source)
    else:
        repo = o.repository()
    if out.exists() and not out.is_dir():
        raise NotFound(f"{out} is geen map", hint="kies met --out een (nieuwe) map")
    items = gallery(repo, out, o.today)
    made = sum(1 for i in items if not i.missing and not i.nobody)
    blocked = sum(1 for i in items if i.missing)
    nobody = sum(1 for i in items if i.nobody)
    c = console()
    c.print(f"{made} documenten gemaakt in {out}", markup=False)
    if blocked:
        c.print(f"{blocked} documenten kunnen nog niet; zie {out / 'index.html'}", markup=False)
    if nobody:
        c.print(
            f"{nobody} documenten niet gemaakt: op die dag mag niemand ze krijgen; zie "
            f"{out / 'index.html'}",
            markup=False,
        )
    c.print(f"overzicht: {out / 'index.html'}", markup=False)
