"""Right of correction: a correction is a new record that supersedes (part of) an old one;
the old record stays, and show, status and the parents' overview make both visible."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Run


def signal(run: Run, repo: Path, case: str) -> str:
    res = run(
        "--repo",
        repo,
        "signal",
        case,
        "--observed-by",
        "juf Anna",
        "--setting",
        "classroom",
        "--since",
        "months",
        "--category",
        "learning",
        "--description",
        "leest traag en raakt snel afgeleid",
        "--date",
        "2026-09-01",
    )
    assert res.exit_code == 0, res.output
    path = res.stdout.split("vastgelegd: ")[1].split()[0]
    return Path(path).stem


def test_correction_supersedes_and_the_old_record_stays(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    old_file = repo / "cases" / case / "records" / f"{rid}.yaml"
    old_text = old_file.read_text(encoding="utf-8")
    res = run(
        "--repo",
        repo,
        "correct",
        case,
        rid,
        "--field",
        "description",
        "--value",
        "leest langzaam",
        "--reason",
        "verzoek van de ouders",
        "--requested-by",
        "moeder",
        "--date",
        "2026-11-20",
    )
    assert res.exit_code == 0, res.output
    assert old_file.read_text(encoding="utf-8") == old_text

    status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    by_id = {h["id"]: h for h in status["history"]}
    fix = next(h for h in status["history"] if h["kind"] == "correction")
    assert by_id[rid]["corrected_by"] == [fix["id"]]
    assert by_id[rid]["summary"] == (
        f"signalering: leerproblemen (een paar maanden) — gecorrigeerd: description in {fix['id']}"
    )
    assert fix["summary"] == (
        f"correctie op {rid}: description wordt 'leest langzaam' (reden: verzoek van de ouders)"
    )
    assert fix["corrected_by"] == []

    show = json.loads(run("--repo", repo, "show", case, "--format", "json").stdout)
    rec = {r["id"]: r for r in show["records"]}
    assert rec[rid]["corrected_by"] == [fix["id"]] and rid in rec

    text = run("--repo", repo, "status", case).stdout
    assert f"— gecorrigeerd: description in {fix['id']}" in text
    assert "correctie op" in text
    shown = run("--repo", repo, "show", case, env={"COLUMNS": "400"}).stdout
    assert "gecorrigeerd" in shown and "correctie op" in shown
    assert run("--repo", repo, "check").exit_code == 0


def test_correction_of_a_missing_record_is_caught(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    res = run(
        "--repo",
        repo,
        "correct",
        case,
        "2026-01-01-signal-zzzz",
        "--field",
        "x",
        "--value",
        "y",
        "--reason",
        "z",
    )
    if res.exit_code == 0:  # written: then check must point at the dangling reference
        check = run("--repo", repo, "check")
        assert check.exit_code == 1
        assert "supersedes: verwijst naar 2026-01-01-signal-zzzz, maar dat record" in check.stderr
    else:
        assert res.stderr.startswith("zorgroute: ")


def test_parents_overview_lists_the_correction(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    assert (
        run(
            "--repo",
            repo,
            "correct",
            case,
            rid,
            "--field",
            "description",
            "--value",
            "leest langzaam",
            "--reason",
            "verzoek van de ouders",
            "--date",
            "2026-11-20",
        ).exit_code
        == 0
    )
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "md")
    assert res.exit_code == 0, res.output
    docs = sorted((repo / "cases" / case / "documents").glob("*parents-overview*.md"))
    assert docs
    text = docs[-1].read_text(encoding="utf-8")
    assert "leest langzaam" in text
    assert "verzoek van de ouders" in text
