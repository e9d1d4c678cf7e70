"""A school's own route in routes/ replaces a shipped one and is followed; an old case keeps
the route version it was created under; the shipped routes load; the example passes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import yaml
from conftest import EXAMPLE, Run, files_under, load_yaml

from zorgroute.domain.routes import load_routes
from zorgroute.store.routes import builtin_dir as _builtin_dir

HELP_Q = "Hoe kunnen wij Sanne helpen om weer met plezier te lezen?"
SHIPPED = (_builtin_dir() / "po-1-zorgroute.yaml").read_text(encoding="utf-8")


def school_route(version: int, min_plans: int, history: tuple[int, ...] = ()) -> str:
    """The shipped route at `version`, its zorgteam registration needing `min_plans` plans;
    `history` keeps earlier versions (as shipped, needing one plan)."""
    shipped = load_yaml(SHIPPED)
    route = copy.deepcopy(shipped)
    route["version"] = version
    act = next(a for a in route["acts"] if a["id"] == "care-team")
    next(r for r in act["requires"] if r["rule"] == "evaluated_plans")["params"] = {
        "min": min_plans
    }
    route["history"] = [
        {"version": v, "steps": shipped["steps"], "acts": shipped["acts"]} for v in history
    ]
    return yaml.safe_dump(route, allow_unicode=True, sort_keys=False)


def plan(run: Run, repo: Path, c: str) -> None:
    for args in (
        (
            "plan",
            c,
            "--area",
            "lezen",
            "--goal",
            "AVI E4",
            "--approach",
            "duolezen",
            "--responsible",
            "juf",
            "--start",
            "2026-09-01",
            "--end",
            "2026-10-01",
            "--evaluation-date",
            "2026-10-01",
            "--date",
            "2026-09-01",
        ),
        ("evaluate", c, "--outcome", "not_met", "--what-worked", "weinig", "--date", "2026-10-01"),
    ):
        res = run("--repo", repo, *args)
        assert res.exit_code == 0, res.output


def care_team(run: Run, repo: Path, c: str) -> tuple[int, str]:
    res = run(
        "--repo", repo, "care-team", c, "--trigger", "too_little_profit", "--help-question", HELP_Q
    )
    return res.exit_code, res.stderr


def test_school_route_replaces_a_step_and_is_followed(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    routes = repo / "routes"
    routes.mkdir()
    # a school tightens the shipped route under a version of its own (reusing the shipped
    # id and version with other content is refused: see test_route_law.py)
    (routes / "po-1-zorgroute.yaml").write_text(school_route(2, 2), encoding="utf-8")
    listed = json.loads(run("--repo", repo, "routes", "--format", "json").stdout)
    assert {
        "id": "po-1-zorgroute",
        "version": 2,
        "title": "1-zorgroute basisonderwijs",
        "origin": "routes/po-1-zorgroute.yaml",
    } in listed["routes"]
    c = new_case()
    plan(run, repo, c)
    before = files_under(repo)
    code, err = care_team(run, repo, c)
    assert code == 3
    assert "- [evaluated_plans] er is 1 geëvalueerd plan; nodig: minstens 2" in err
    assert files_under(repo) == before
    assert run("--repo", repo, "check").exit_code == 0


def test_old_case_keeps_its_route_version(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    routes = repo / "routes"
    routes.mkdir()
    path = routes / "po-1-zorgroute.yaml"
    path.write_text(school_route(1, 1), encoding="utf-8")
    old = new_case()
    # the school tightens its route: version 2, with version 1 kept under history
    path.write_text(school_route(2, 2, history=(1,)), encoding="utf-8")
    assert run("--repo", repo, "check").exit_code == 0, run("--repo", repo, "check").output
    new = new_case()
    case_yaml = (repo / "cases" / new / "case.yaml").read_text(encoding="utf-8")
    assert "route_version: 2" in case_yaml
    for c in (old, new):
        plan(run, repo, c)
    assert care_team(run, repo, old)[0] == 0
    code, err = care_team(run, repo, new)
    assert code == 3
    assert "nodig: minstens 2" in err
    status = json.loads(run("--repo", repo, "status", old, "--format", "json").stdout)
    assert status["route"] == "po-1-zorgroute v1"


def test_a_case_whose_route_version_is_gone_is_reported(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    routes = repo / "routes"
    routes.mkdir()
    (routes / "po-1-zorgroute.yaml").write_text(school_route(1, 1), encoding="utf-8")
    c = new_case()
    (routes / "po-1-zorgroute.yaml").write_text(school_route(2, 2), encoding="utf-8")
    res = run("--repo", repo, "status", c)
    assert res.exit_code == 4
    assert "versie 1 van route po-1-zorgroute is niet meer bekend" in res.stderr
    assert run("--repo", repo, "check").exit_code == 1


def test_shipped_routes_load_without_problems() -> None:
    routes, problems = load_routes(None)
    assert problems == []
    assert {"po-1-zorgroute", "vo", "mbo", "passend-onderwijs"} <= set(routes)


def test_example_passes_check(run: Run) -> None:
    res = run("--repo", EXAMPLE, "check")
    assert res.exit_code == 0, res.output
    # a checkout leaves files readable by others: the only thing check may say about it
    warnings = [line for line in res.stderr.splitlines() if not line.startswith("    ")]
    assert all("leesbaar voor andere gebruikers" in line for line in warnings), res.stderr
    assert not (EXAMPLE / ".git").exists()


def test_example_with_private_modes_passes_check_silently(run: Run, example_copy: Path) -> None:
    for path in [example_copy, *example_copy.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    res = run("--repo", example_copy, "check")
    assert res.exit_code == 0, res.output
    assert res.stderr == ""


def test_example_zat_ready_case_can_escalate(run: Run, example_copy: Path) -> None:
    emma = next(
        p.parent.name
        for p in (example_copy / "cases").glob("*/case.yaml")
        if "first_name: Emma" in p.read_text(encoding="utf-8")
    )
    status = json.loads(run("--repo", example_copy, "status", emma, "--format", "json").stdout)
    assert status["step"] == "care_team"
    escalate = next(n for n in status["next"] if n["act"] == "escalate")
    assert escalate["possible"] is True, escalate["blockers"]
    res = run("--repo", example_copy, "escalate", emma)
    assert res.exit_code == 0, res.output
    after = json.loads(run("--repo", example_copy, "status", emma, "--format", "json").stdout)
    assert after["step"] == "zat"
    assert run("--repo", example_copy, "check").exit_code == 0
