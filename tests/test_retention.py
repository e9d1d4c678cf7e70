"""Retention: cases past `settings.retention_years`, counted from closure or from leaving
school, are listed; `--apply` deletes exactly those, logs ids and dates only, commits, and
explains that git history still holds them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Run, example_case, files_under, load_yaml

CLOSED_EXAMPLE = example_case("Finn")  # closed on 2026-09-07 in the example
LEAVER_EXAMPLE = example_case("Mohammed")  # given a leaving date below


def set_left_school(root: Path, case: str, day: str) -> None:
    path = root / "cases" / case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert "left_school" not in text
    path.write_text(
        text.replace("  group:", f"  left_school: '{day}'\n  group:", 1), encoding="utf-8"
    )


def due_ids(run: Run, root: Path, today: str) -> list[str]:
    res = run("--repo", root, "retention", "--format", "json", env={"ZORGROUTE_TODAY": today})
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["problems"] == []
    return [d["case"] for d in data["due"]]


def test_example_lists_exactly_the_expected_cases(example_copy: Path, run: Run) -> None:
    set_left_school(example_copy, LEAVER_EXAMPLE, "2025-06-30")
    assert run("--repo", example_copy, "check").exit_code == 0
    assert due_ids(run, example_copy, "2026-11-23") == []
    assert due_ids(run, example_copy, "2027-06-29") == []
    assert due_ids(run, example_copy, "2027-06-30") == [LEAVER_EXAMPLE]
    assert due_ids(run, example_copy, "2028-09-06") == [LEAVER_EXAMPLE]
    assert sorted(due_ids(run, example_copy, "2028-09-07")) == sorted(
        [CLOSED_EXAMPLE, LEAVER_EXAMPLE]
    )


def test_example_apply_deletes_exactly_the_expected_cases(example_copy: Path, run: Run) -> None:
    set_left_school(example_copy, LEAVER_EXAMPLE, "2025-06-30")
    cases_before = sorted(p.name for p in (example_copy / "cases").iterdir() if p.is_dir())
    env = {"ZORGROUTE_TODAY": "2028-09-07"}
    res = run("--repo", example_copy, "retention", "--apply", "--yes", env=env)
    assert res.exit_code == 0, res.output
    assert "2 dossier(s) verwijderd; vastgelegd in retention-log.yaml" in res.stdout
    assert "git filter-repo --invert-paths --path cases/DOSSIER/" in res.stdout
    assert "staan nog in de geschiedenis van git" in res.stdout
    cases_after = sorted(p.name for p in (example_copy / "cases").iterdir() if p.is_dir())
    assert cases_after == sorted(set(cases_before) - {CLOSED_EXAMPLE, LEAVER_EXAMPLE})
    log = load_yaml((example_copy / "retention-log.yaml").read_text(encoding="utf-8"))
    expected = [
        {
            "case": LEAVER_EXAMPLE,
            "deleted_on": "2028-09-07",
            "counted_from": "2025-06-30",
            "reason": "left_school",
            "retention_years": 2,
        },
        {
            "case": CLOSED_EXAMPLE,
            "deleted_on": "2028-09-07",
            "counted_from": "2026-09-07",
            "reason": "closure",
            "retention_years": 2,
        },
    ]
    assert sorted(log["deleted"], key=lambda d: d["case"]) == sorted(
        expected, key=lambda d: d["case"]
    )
    check = run("--repo", example_copy, "check", env=env)
    assert check.exit_code == 0, check.output
    # running again deletes nothing more and keeps the log as it is
    again = run("--repo", example_copy, "retention", "--apply", "--yes", env=env)
    assert again.exit_code == 0
    assert "geen dossiers waarvan de bewaartermijn voorbij is" in again.stdout
    assert (
        len(load_yaml((example_copy / "retention-log.yaml").read_text(encoding="utf-8"))["deleted"])
        == 2
    )


def test_retention_years_comes_from_the_settings(example_copy: Path, run: Run) -> None:
    config = example_copy / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    data = load_yaml(text)
    data.setdefault("settings", {})["retention_years"] = 5
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    config.write_text(text, encoding="utf-8")
    assert due_ids(run, example_copy, "2028-09-07") == []
    assert due_ids(run, example_copy, "2031-09-07") == [CLOSED_EXAMPLE]


def test_apply_refuses_without_confirmation(example_copy: Path, run: Run) -> None:
    before = files_under(example_copy)
    res = run("--repo", example_copy, "retention", "--apply", env={"ZORGROUTE_TODAY": "2028-09-07"})
    assert res.exit_code == 2
    assert "zorgroute: verwijderen vraagt om bevestiging" in res.stderr
    assert files_under(example_copy) == before


def test_interactive_no_keeps_everything(example_copy: Path, run: Run) -> None:
    before = files_under(example_copy)
    res = run(
        "--repo",
        example_copy,
        "retention",
        "--apply",
        input="n\n",
        env={"ZORGROUTE_TODAY": "2028-09-07", "ZORGROUTE_INTERACTIVE": "1"},
    )
    assert res.exit_code == 1
    assert "niets verwijderd" in res.stdout
    assert files_under(example_copy) == before


def test_reopened_and_open_cases_are_kept(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    open_case = new_case()
    reopened = new_case()
    closed = new_case()
    for case in (reopened, closed):
        assert (
            run(
                "--repo",
                repo,
                "close",
                case,
                "--reason",
                "goals_met",
                "--parents-told",
                "de doelen zijn gehaald",
                "--date",
                "2026-01-05",
            ).exit_code
            == 0
        )
    assert (
        run(
            "--repo", repo, "reopen", reopened, "--reason", "nieuwe zorgen", "--date", "2026-02-01"
        ).exit_code
        == 0
    )
    assert due_ids(run, repo, "2030-01-01") == [closed]
    assert open_case not in due_ids(run, repo, "2099-01-01")


def test_apply_commits_and_the_log_holds_no_personal_data(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    keep = new_case()
    assert (
        run(
            "--repo",
            repo,
            "close",
            case,
            "--reason",
            "goals_met",
            "--parents-told",
            "klaar",
            "--date",
            "2026-01-05",
            env={"ZORGROUTE_TODAY": "2026-01-05"},  # recorded that day: the clock starts then
        ).exit_code
        == 0
    )
    res = run(
        "--repo", repo, "retention", "--apply", "--yes", env={"ZORGROUTE_TODAY": "2028-01-05"}
    )
    assert res.exit_code == 0, res.output
    assert "let op" not in res.stderr
    assert not (repo / "cases" / case).exists() and (repo / "cases" / keep).exists()
    log_text = (repo / "retention-log.yaml").read_text(encoding="utf-8")
    for name in ("Sanne", "Testkind", "Ria", "Testmoeder", "Tom", "Testvader", "2017-03-04"):
        assert name not in log_text
    git = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%s", "--name-status"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert git.startswith("zorgroute: bewaartermijn verstreken, 1 dossier verwijderd")
    assert f"D\tcases/{case}/case.yaml" in git
    assert "A\tretention-log.yaml" in git
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "cases/" not in status and "retention-log" not in status, status


def test_broken_case_is_reported_and_never_deleted(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    assert (
        run(
            "--repo",
            repo,
            "close",
            case,
            "--reason",
            "goals_met",
            "--parents-told",
            "klaar",
            "--date",
            "2026-01-05",
        ).exit_code
        == 0
    )
    (repo / "cases" / case / "case.yaml").write_text("pupil: [\n", encoding="utf-8")
    res = run(
        "--repo", repo, "retention", "--apply", "--yes", env={"ZORGROUTE_TODAY": "2030-01-01"}
    )
    assert res.exit_code == 0
    assert f"cases/{case}/case.yaml:2:1:" in res.stderr
    assert (repo / "cases" / case).exists()


@pytest.mark.parametrize(
    "text",
    [
        "deleted: [\n",
        "deleted:\n- case: ../../x\n",
        "- 1\n",
        "deleted:\n- case: abcdefgh\n  naam: Sanne\n",
    ],
)
def test_invalid_log_stops_apply_and_fails_check(
    repo: Path, new_case: Callable[..., str], run: Run, text: str
) -> None:
    case = new_case()
    assert (
        run(
            "--repo",
            repo,
            "close",
            case,
            "--reason",
            "goals_met",
            "--parents-told",
            "klaar",
            "--date",
            "2026-01-05",
        ).exit_code
        == 0
    )
    (repo / "retention-log.yaml").write_text(text, encoding="utf-8")
    res = run(
        "--repo", repo, "retention", "--apply", "--yes", env={"ZORGROUTE_TODAY": "2030-01-01"}
    )
    assert res.exit_code == 1
    assert "zorgroute: retention-log.yaml heeft fouten; er is niets verwijderd" in res.stderr
    assert "retention-log.yaml:" in res.stderr
    assert (repo / "cases" / case / "case.yaml").exists()
    assert run("--repo", repo, "check").exit_code == 1
