"""The routes a repository can use: read once per command, checked against the rules.

A route ships with zorgroute (`zorgroute/routes/*.yaml`) or lives in the school's
repository (`routes/*.yaml`), where it may replace a shipped one. A case records the route
id and version it was created under; every version a school used stays in its file's
`history`, so an old case keeps its rules after the route is edited.

A school route may add steps and rules and tighten norms; it may not weaken the law: every
discussion in a team with people from outside the classroom keeps the basis-for-discussion
rule, the consent ages stay those of the law, and an id and version the shipped route uses
keep their content. Each problem is reported at its own line, and a route with problems is
not used — not even replaced by the shipped one, because the school meant its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from zorgroute.domain.rules import RULES, rule_params
from zorgroute.errors import NotFound, Problem, ValidationFailed
from zorgroute.model.records import RECORD_TYPES
from zorgroute.model.route import Act, ConsentPolicy, Route
from zorgroute.model.vocab import Forum
from zorgroute.policy.facts import LAW_PUPIL_ALONE_FROM, LAW_PUPIL_FROM
from zorgroute.store.repo import Repository
from zorgroute.store.routes import RouteSource, read_routes, shipped_routes
from zorgroute.store.yamlio import compose, dutch_message, position

# Forums where people from outside the classroom hear about the pupil: a basis is needed.
NAMED_FORUMS = frozenset({Forum.zorgteam, Forum.zat, Forum.mdo})
BASIS_RULE = "basis_for_discussion"

Loc = list[int | str]


class Locator:
    """Lines of a route file, composed once, for problems at their own line."""

    def __init__(self, source: RouteSource) -> None:
        self.source = source
        self.root = compose(source.text) if source.text else None

    def problem(self, loc: Sequence[int | str], message: str, rule: str, hint: str) -> Problem:
        line, col = position(self.root, loc)
        field = ".".join(str(p) for p in loc)
        return Problem(self.source.origin, line, col, field, message, rule, hint)


def versions(route: Route) -> list[tuple[Loc, int, list[Act], ConsentPolicy]]:
    """(location prefix, version, acts, consent policy) for the current and every old
    version of a route."""
    out: list[tuple[Loc, int, list[Act], ConsentPolicy]] = [
        ([], route.version, route.acts, route.consent)
    ]
    out += [
        (["history", k], old.version, old.acts, old.consent) for k, old in enumerate(route.history)
    ]
    return out


def _where(version: int, current: int) -> str:
    return "" if version == current else f" (versie {version})"


def rule_problems(source: RouteSource) -> list[Problem]:
    """Rules a route names that zorgroute does not know, parameters that do not fit the
    rule, and `when` conditions on fields the act's record does not have."""
    loc = Locator(source)
    route = source.route
    problems: list[Problem] = []
    for prefix, version, acts, _ in versions(route):
        where = _where(version, route.version)
        for i, act in enumerate(acts):
            record_fields = (
                RECORD_TYPES[act.record].model_fields if act.record in RECORD_TYPES else {}
            )
            for j, ref in enumerate(act.requires):
                at: Loc = [*prefix, "acts", i, "requires", j]
                if ref.rule not in RULES:
                    problems.append(
                        loc.problem(
                            [*at, "rule"],
                            f"handeling '{act.id}'{where} gebruikt onbekende regel '{ref.rule}'",
                            "route-regel",
                            "gebruik een regel die 'zorgroute routes' noemt: "
                            + ", ".join(sorted(RULES)),
                        )
                    )
                    continue
                problems += _param_problems(loc, at, act, where, ref.rule, ref.params)
                for key in ref.when:
                    if key not in record_fields:
                        problems.append(
                            loc.problem(
                                [*at, "when", key],
                                f"handeling '{act.id}'{where}: het record van deze handeling "
                                f"heeft geen veld '{key}'",
                                "route-regel",
                                "noem onder 'when' een veld van het record, bijvoorbeeld "
                                "destination",
                            )
                        )
    return problems


def _param_problems(
    loc: Locator, at: Loc, act: Act, where: str, rule: str, params: dict[str, Any]
) -> list[Problem]:
    try:
        rule_params(rule, params)
    except ValidationError as exc:
        found = []
        for err in exc.errors(include_url=False):
            message, hint = dutch_message(dict(err))
            parts = [p for p in err["loc"] if isinstance(p, int | str)]
            found.append(
                loc.problem(
                    [*at, "params", *parts],
                    f"handeling '{act.id}'{where}, regel '{rule}': {message}",
                    "route-regel",
                    hint or "zie 'zorgroute routes' voor de instellingen van de regel",
                )
            )
        return found
    return []


def needs_basis(act: Act) -> Forum | None:
    """The forum an act discusses the pupil in by name, when it needs a basis."""
    if act.record == "meeting" and act.forum in NAMED_FORUMS:
        return act.forum
    if act.record == "zat_registration":
        return Forum.zat
    return None


def _keeps_basis(act: Act, forum: Forum | None) -> bool:
    for ref in act.requires:
        if ref.rule != BASIS_RULE or ref.when:
            continue
        named = ref.params.get("forum")
        if named is None or forum is None or named == forum.value:
            return True
    return False


def law_problems(source: RouteSource, shipped: dict[str, RouteSource]) -> list[Problem]:
    """What a route may not do: drop the basis rule, change the consent ages, or reuse a
    shipped id and version with other content."""
    loc = Locator(source)
    route = source.route
    base = shipped.get(route.id)
    problems: list[Problem] = []
    for prefix, version, acts, consent in versions(route):
        where = _where(version, route.version)
        shipped_acts: dict[str, Act] = {}
        if base is not None and not source.shipped:
            try:
                shipped_acts = {a.id: a for a in base.route.at_version(version).acts}
            except NotFound:
                shipped_acts = {}
        for i, act in enumerate(acts):
            forum = needs_basis(act)
            before = shipped_acts.get(act.id)
            if forum is None and before is not None and _keeps_basis(before, None):
                forum = needs_basis(before) or before.forum
            if forum is None or _keeps_basis(act, forum):
                continue
            problems.append(
                loc.problem(
                    [*prefix, "acts", i, "requires"]
                    if act.requires
                    else [*prefix, "acts", i, "id"],
                    f"handeling '{act.id}'{where} bespreekt de leerling bij naam in "
                    f"{forum.label}, maar vraagt geen grondslag (toestemming of "
                    "kennisgeving); dat mag een route niet weglaten",
                    "route-wet",
                    f"zet onder requires: '- rule: {BASIS_RULE}' met params: "
                    f"{{forum: {forum.value}}}",
                )
            )
        problems += _age_problems(loc, prefix, where, consent)
    if base is not None and not source.shipped:
        problems += _reuse_problems(loc, route, base.route)
    return problems


def _age_problems(loc: Locator, prefix: Loc, where: str, consent: ConsentPolicy) -> list[Problem]:
    found = []
    if consent.pupil_from_age > LAW_PUPIL_FROM:
        found.append(
            loc.problem(
                [*prefix, "consent", "pupil_from_age"],
                f"de route{where} vraagt de leerling pas vanaf {consent.pupil_from_age} jaar "
                f"om toestemming; de wet vraagt dat vanaf {LAW_PUPIL_FROM} jaar",
                "route-wet",
                f"zet pupil_from_age op {LAW_PUPIL_FROM} (of lager), of laat het weg",
            )
        )
    if consent.pupil_alone_from_age != LAW_PUPIL_ALONE_FROM:
        found.append(
            loc.problem(
                [*prefix, "consent", "pupil_alone_from_age"],
                f"de route{where} laat de leerling vanaf {consent.pupil_alone_from_age} jaar "
                f"alleen beslissen; volgens de wet is dat vanaf {LAW_PUPIL_ALONE_FROM} jaar",
                "route-wet",
                f"zet pupil_alone_from_age op {LAW_PUPIL_ALONE_FROM}, of laat het weg",
            )
        )
    if not consent.all_authority_holders:
        found.append(
            loc.problem(
                [*prefix, "consent", "all_authority_holders"],
                f"de route{where} laat één gezagdrager toestemming geven voor alle; ieder "
                "met gezag moet instemmen",
                "route-wet",
                "zet all_authority_holders op true, of laat het weg",
            )
        )
    return found


def _content(route: Route) -> dict[str, Any]:
    return route.model_dump(include={"steps", "acts", "consent"}, mode="json")


def _reuse_problems(loc: Locator, route: Route, base: Route) -> list[Problem]:
    known = {base.version, *(old.version for old in base.history)}
    found = []
    for prefix, version, _, _ in versions(route):
        if version not in known:
            continue
        if _content(route.at_version(version)) == _content(base.at_version(version)):
            continue
        found.append(
            loc.problem(
                [*prefix, "version"],
                f"de route '{route.id}' versie {version} bestaat al in zorgroute, met een "
                "andere inhoud; dossiers onder die versie zouden stilletjes andere regels "
                "krijgen",
                "route-versie",
                f"geef de eigen route een nieuwe versie (hoger dan {max(known)}) of een "
                "eigen naam (id en bestandsnaam)",
            )
        )
    return found


def load_routes(repo: Repository | None) -> tuple[dict[str, RouteSource], list[Problem]]:
    """Every usable route by id, and the problems found while reading them.

    Read once per `Repository` object (one command run): a command over every case would
    otherwise read and validate the route files again for each case."""
    if repo is not None and "routes" in repo.memo:
        found, problems = repo.memo["routes"]
        return dict(found), list(problems)
    found, problems = read_routes(repo)
    own = any(not s.shipped for s in found.values())
    shipped = shipped_routes() if own else dict(found)
    for route_id, source in list(found.items()):
        wrong = rule_problems(source) + law_problems(source, shipped)
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
