"""The routes a repository can use: read once per command, checked against the rules.

A route ships with zorgroute (`zorgroute/routes/*.yaml`) or lives in the school's
repository (`routes/*.yaml`), where it may replace a shipped one. A case records the route
id and version it was created under; every version a school used stays in its file's
`history`, so an old case keeps its rules after the route is edited.
"""

from __future__ import annotations

from zorgroute.domain.rules import RULES
from zorgroute.errors import NotFound, Problem, ValidationFailed
from zorgroute.model.route import Route
from zorgroute.store.repo import Repository
from zorgroute.store.routes import RouteSource, read_routes


def rule_problems(source: RouteSource) -> list[Problem]:
    """Rules a route names that zorgroute does not know."""
    route = source.route
    acts = [(act, "") for act in route.acts]
    acts += [(act, f" (versie {old.version})") for old in route.history for act in old.acts]
    return [
        Problem(
            source.origin,
            1,
            1,
            "acts",
            f"handeling '{act.id}'{where} gebruikt onbekende regel '{ref.rule}'",
            "route-regel",
            "gebruik een regel die 'zorgroute routes' noemt",
        )
        for act, where in acts
        for ref in act.requires
        if ref.rule not in RULES
    ]


def load_routes(repo: Repository | None) -> tuple[dict[str, RouteSource], list[Problem]]:
    """Every usable route by id, and the problems found while reading them.

    Read once per `Repository` object (one command run): a command over every case would
    otherwise read and validate the route files again for each case."""
    if repo is not None and "routes" in repo.memo:
        found, problems = repo.memo["routes"]
        return dict(found), list(problems)
    found, problems = read_routes(repo)
    for route_id, source in list(found.items()):
        wrong = rule_problems(source)
        if wrong:
            problems += wrong
            del found[route_id]
    if repo is not None:
        repo.memo["routes"] = (dict(found), list(problems))
    return found, problems


def get_route(repo: Repository | None, route_id: str, version: int | None = None) -> Route:
    routes, problems = load_routes(repo)
    if route_id not in routes:
        if problems:
            raise ValidationFailed("een route heeft fouten", problems)
        raise NotFound(
            f"route '{route_id}' bestaat niet",
            hint="'zorgroute routes' toont de beschikbare routes",
        )
    route = routes[route_id].route
    return route if version is None else route.at_version(version)
