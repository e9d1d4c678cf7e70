"""Reading route files: the shipped routes, then the repository's own `routes/*.yaml`.

Only reading and validating against the route model happens here; whether the rules a
route names exist is the domain's question (`domain.routes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zorgroute.errors import Problem
from zorgroute.model.route import Route
from zorgroute.store.repo import Repository, load_model


@dataclass(frozen=True)
class RouteSource:
    route: Route
    origin: str  # "<zorgroute>/routes/x.yaml" or the repository path
    text: str = ""  # the file's text, to locate problems at their own line
    shipped: bool = True  # ships with zorgroute (False: the school's own file)


def builtin_dir() -> Path:
    """The folder of the routes that ship with zorgroute."""
    return Path(str(resources.files("zorgroute") / "routes"))


def read_routes(repo: Repository | None) -> tuple[dict[str, RouteSource], list[Problem]]:
    """Shipped routes, then the repository's own, which replace shipped ones by id.

    A school's file that cannot be read is an error, and the shipped route of the same name
    is then not used in its place: the school meant its own."""
    problems: list[Problem] = []
    found: dict[str, RouteSource] = {}
    folders: list[tuple[Path, bool]] = [(builtin_dir(), True)]
    if repo is not None:
        folders.append((repo.root / "routes", False))
    for folder, shipped in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            display = repo.rel(path) if repo and not shipped else f"<zorgroute>/routes/{path.name}"
            route = load_model(
                path, display, Route, problems, repo.root if repo and not shipped else None
            )
            if route is None:
                if not shipped:
                    found.pop(path.stem, None)
                continue
            if route.id != path.stem:
                problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "id",
                        f"de naam van de route ('{route.id}') is niet de bestandsnaam",
                        "route-id",
                        f"noem het bestand {route.id}.yaml",
                    )
                )
                if not shipped:
                    found.pop(path.stem, None)
                continue
            text = path.read_text(encoding="utf-8")
            found[route.id] = RouteSource(route, display, text, shipped)
    return found, problems


def shipped_routes() -> dict[str, RouteSource]:
    """The routes that ship with zorgroute, to compare a school's own route with."""
    found, _ = read_routes(None)
    return found
