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
    origin: str  # "zorgroute" or the repository path


def builtin_dir() -> Path:
    """The folder of the routes that ship with zorgroute."""
    return Path(str(resources.files("zorgroute") / "routes"))


def read_routes(repo: Repository | None) -> tuple[dict[str, RouteSource], list[Problem]]:
    """Shipped routes, then the repository's own, which replace shipped ones by id."""
    problems: list[Problem] = []
    found: dict[str, RouteSource] = {}
    folders: list[tuple[Path, str]] = [(builtin_dir(), "zorgroute")]
    if repo is not None:
        folders.append((repo.root / "routes", "repository"))
    for folder, origin in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            display = (
                repo.rel(path)
                if repo and origin == "repository"
                else f"<zorgroute>/routes/{path.name}"
            )
            route = load_model(
                path,
                display,
                Route,
                problems,
                repo.root if repo and origin == "repository" else None,
            )
            if route is None:
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
                continue
            found[route.id] = RouteSource(route, display)
    return found, problems
