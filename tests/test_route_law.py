"""A school route may tighten, never weaken: `check` reports each attempt at its own line, a
broken school route is an error (never silently replaced by the shipped one), and rule
parameters are checked against each rule's own model."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Run, load_yaml

from zorgroute.store.routes import builtin_dir

SHIPPED = load_yaml((builtin_dir() / "po-1-zorgroute.yaml").read_text(encoding="utf-8"))


def school_route(edit: Callable[[dict[str, Any]], None], version: int = 2) -> str:
    route = copy.deepcopy(SHIPPED)
    route["version"] = version
    edit(route)
    return yaml.safe_dump(route, allow_unicode=True, sort_keys=False)


def line_of(text: str, needle: str, after: str = "") -> int:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def act(route: dict[str, Any], act_id: str) -> dict[str, Any]:
    return next(a for a in route["acts"] if a["id"] == act_id)


def drop_basis(route: dict[str, Any]) -> None:
    for a in route["acts"]:
        a["requires"] = [r for r in a.get("requires", []) if r["rule"] != "basis_for_discussion"]


def raise_ages(route: dict[str, Any]) -> None:
    route["consent"] = {"pupil_from_age": 17, "pupil_alone_from_age": 18}


def check(run: Run, repo: Path, text: str) -> tuple[int, str]:
    (repo / "routes").mkdir(exist_ok=True)
    (repo / "routes" / "po-1-zorgroute.yaml").write_text(text, encoding="utf-8")
    res = run("--repo", repo, "check")
    return res.exit_code, res.output


def test_a_school_route_without_the_basis_rule_is_refused_at_each_act(repo: Path, run: Run) -> None:
    text = school_route(drop_basis)
    code, out = check(run, repo, text)
    assert code == 1
    for act_id, forum in (
        ("care-team-meeting", "zorgteam van de school"),
        ("escalate", "zorg- en adviesteam (ZAT)"),
        ("zat-meeting", "zorg- en adviesteam (ZAT)"),
    ):
        line = line_of(text, "requires:", after=f"id: {act_id}")
        assert (
            f"routes/po-1-zorgroute.yaml:{line}:" in out
            and f"handeling '{act_id}' bespreekt de leerling bij naam in {forum}, maar vraagt "
            "geen grondslag"
            in out
        ), out


def test_a_school_route_may_not_change_the_consent_ages(repo: Path, run: Run) -> None:
    text = school_route(raise_ages)
    code, out = check(run, repo, text)
    assert code == 1
    assert f"routes/po-1-zorgroute.yaml:{line_of(text, 'pupil_from_age')}:" in out
    assert "vraagt de leerling pas vanaf 17 jaar om toestemming" in out
    assert f"routes/po-1-zorgroute.yaml:{line_of(text, 'pupil_alone_from_age')}:" in out
    assert "laat de leerling vanaf 18 jaar alleen beslissen" in out


def test_the_shipped_id_and_version_with_other_content_is_refused(repo: Path, run: Run) -> None:
    text = school_route(drop_basis, version=1)
    code, out = check(run, repo, text)
    assert code == 1
    assert f"routes/po-1-zorgroute.yaml:{line_of(text, 'version: 1')}:" in out
    assert "versie 1 bestaat al in zorgroute, met een andere inhoud" in out
    # the same content under the shipped id and version is fine
    code, out = check(run, repo, school_route(lambda r: None, version=1))
    assert code == 0, out


def test_everything_together_in_one_check(repo: Path, run: Run) -> None:
    """The issue's case: built-in id and version, no basis rule, ages 17/18."""

    def weaken(route: dict[str, Any]) -> None:
        drop_basis(route)
        raise_ages(route)

    code, out = check(run, repo, school_route(weaken, version=1))
    assert code == 1
    assert out.count("[route-wet]") == 5 and out.count("[route-versie]") == 1, out


def test_a_broken_school_route_is_an_error_not_the_shipped_one(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    check(run, repo, school_route(raise_ages))
    res = run(
        "--repo",
        repo,
        "signal",
        c,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        "leest traag",
    )
    assert res.exit_code == 1
    assert "een route heeft fouten" in res.stderr
    assert not (repo / "cases" / c / "records").exists() or not list(
        (repo / "cases" / c / "records").iterdir()
    )


BAD_PARAMS = [
    ("care-team", "evaluated_plans", {"min": "twee"}, "min"),
    ("escalate", "conversation_before", {"contact": "koffie"}, "contact"),
    ("care-team", "help_question", {"min_words": 5, "words": 3}, "words"),
]


@pytest.mark.parametrize(("act_id", "rule", "params", "key"), BAD_PARAMS)
def test_rule_parameters_are_checked_at_their_own_line(
    repo: Path, run: Run, act_id: str, rule: str, params: dict[str, Any], key: str
) -> None:
    def edit(route: dict[str, Any]) -> None:
        found = next(r for r in act(route, act_id)["requires"] if r["rule"] == rule)
        found["params"] = params

    text = school_route(edit)
    code, out = check(run, repo, text)
    assert code == 1
    line = line_of(text, f" {key}:", after=f"id: {act_id}")
    assert f"routes/po-1-zorgroute.yaml:{line}:" in out, out
    assert f"handeling '{act_id}', regel '{rule}':" in out


def test_an_unknown_rule_is_reported_at_its_own_line(repo: Path, run: Run) -> None:
    def edit(route: dict[str, Any]) -> None:
        act(route, "refer")["requires"].append({"rule": "ouders_tevreden"})

    text = school_route(edit)
    code, out = check(run, repo, text)
    assert code == 1
    line = line_of(text, "ouders_tevreden")
    assert (
        f"routes/po-1-zorgroute.yaml:{line}:" in out
        and "handeling 'refer' gebruikt onbekende regel 'ouders_tevreden'" in out
    ), out


def test_a_school_route_may_tighten(repo: Path, run: Run) -> None:
    def tighten(route: dict[str, Any]) -> None:
        act(route, "care-team")["requires"].append({"rule": "record_exists"})
        route["consent"] = {"pupil_from_age": 10}
        route["norms"]["waiting_days"] = 60

    code, out = check(run, repo, school_route(tighten))
    assert code == 0, out
