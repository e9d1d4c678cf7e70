"""Tamper evidence: `check` compares the working tree with git history. And retention
tombstones that a later merge honours; the retention clock of a back-dated closure."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def signal(run: Run, repo: Path, case: str, date: str = "2026-09-01") -> Path:
    res = run(
        "--repo", repo, "signal", case, "--observed-by", "juf Anna", "--setting", "classroom",
        "--since", "months", "--category", "learning", "--description", "leest traag",
        "--date", date, "--late-entry", "overgenomen uit het oude dossier",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return repo / res.stdout.split("vastgelegd: ")[1].split()[0]


def problems(run: Run, repo: Path) -> list[str]:
    res = run("--repo", repo, "check")
    return [line for line in res.stderr.splitlines() if "[git-geschiedenis]" in line]


def test_a_clean_repository_has_no_tamper_problems(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case)
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("what", ["record", "case"])
def test_an_edit_outside_zorgroute_is_reported_with_commit_and_repair(
    repo: Path, new_case: Callable[..., str], run: Run, what: str
) -> None:
    case = new_case()
    record = signal(run, repo, case)
    path = record if what == "record" else repo / "cases" / case / "case.yaml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old.replace("2026-09-01", "2026-08-01").replace("2017", "2016"), "utf-8")
    rel = path.relative_to(repo).as_posix()
    sha = git(repo, "log", "-1", "--format=%h", "--", rel).strip()
    [line] = problems(run, repo)
    assert line.startswith(f"{rel}:1:1: ")
    assert f"buiten zorgroute gewijzigd na de laatste vastlegging (commit {sha})" in line
    res = run("--repo", repo, "check")
    assert f"git restore --source=HEAD --staged --worktree -- {rel}" in res.stderr
    assert "zorgroute correct" in res.stderr
    assert res.exit_code == 1
    # committing the edit does not hide it
    git(repo, "commit", "-q", "-am", "met de hand")
    [line] = problems(run, repo)
    assert "met de hand gewijzigd" in line


def test_a_deletion_is_reported_in_the_tree_and_after_git_rm(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    record = signal(run, repo, case)
    signal(run, repo, case, "2026-09-02")
    rel = record.relative_to(repo).as_posix()
    record.unlink()
    [line] = problems(run, repo)
    assert rel in line and "buiten zorgroute verwijderd" in line
    git(repo, "rm", "-q", "--", rel)
    git(repo, "commit", "-q", "-m", "weg")
    [line] = problems(run, repo)
    assert rel in line and "uit git verwijderd" in line
    res = run("--repo", repo, "check")
    assert "git checkout" in res.stderr and "zorgroute void" in res.stderr


def test_a_record_never_committed_is_reported(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    record = signal(run, repo, case)
    copy = record.with_name("2026-09-03-signal-zzzz.yaml")
    copy.write_text(record.read_text(encoding="utf-8").replace("2026-09-01", "2026-09-03"))
    rel = copy.relative_to(repo).as_posix()
    [line] = problems(run, repo)
    assert rel in line and "nooit in git vastgelegd" in line
    # nothing recorded was lost or changed: a warning with the fix, and check passes
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output
    assert f"git add -- {rel}' en 'git commit'" in res.stderr
    assert "geen problemen" in res.stdout
    # staged but the commit never made (git stopped halfway): still a warning
    git(repo, "add", "--", str(copy))
    [line] = problems(run, repo)
    assert rel in line and "nooit in git vastgelegd" in line
    assert run("--repo", repo, "check").exit_code == 0
    git(repo, "commit", "-q", "-m", "alsnog")
    assert problems(run, repo) == []


def test_without_commits_by_zorgroute_nothing_is_compared(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    record = signal(run, repo, case)
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("git_commit: true", "git_commit: false"), encoding="utf-8")
    assert "git_commit: false" in config.read_text(encoding="utf-8")
    record.unlink()  # the school keeps its files without git (settings.git_commit: false)
    assert problems(run, repo) == []


def test_outside_git_nothing_is_compared(tmp_path: Path, run: Run, example_copy: Path) -> None:
    res = run("--repo", example_copy, "check")
    assert "[git-geschiedenis]" not in res.stderr


# --- retention ---------------------------------------------------------------------------


def close(run: Run, repo: Path, case: str, date: str, env: dict[str, str] | None = None) -> None:
    res = run(
        "--repo", repo, "close", case, "--reason", "goals_met", "--parents-told", "klaar",
        "--date", date, "--late-entry", "overgenomen uit het oude dossier", env=env,
    )  # fmt: skip
    assert res.exit_code == 0, res.output


def test_a_back_dated_closure_starts_the_clock_on_the_day_it_was_recorded(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case, "2020-01-06")
    close(run, repo, case, "2020-02-03")  # recorded today (2026-11-23), dated back
    res = run("--repo", repo, "retention", "--format", "json")
    assert res.exit_code == 0, res.output
    assert case not in res.stdout.split('"due"')[1].split('"coming"')[0]
    assert "2028-11-23" in res.stdout


def test_a_stale_clone_merged_after_retention_is_reported_and_removed_again(
    tmp_path: Path, repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case, "2024-01-08")
    close(run, repo, case, "2024-02-05", env={"ZORGROUTE_TODAY": "2024-02-05"})
    keep = new_case()
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "HEAD")
    stale = tmp_path / "stale"
    git(tmp_path, "clone", "-q", str(remote), str(stale))
    # the old clone adds a record to the case that will be deleted
    res = run(
        "--repo", stale, "family", "contact", case, "vader", "--mag-niet", "--date", "2024-03-01",
        env={"ZORGROUTE_TODAY": "2024-03-01"},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    res = run(
        "--repo", repo, "retention", "--apply", "--yes", env={"ZORGROUTE_TODAY": "2026-03-01"}
    )
    assert res.exit_code == 0, res.output
    assert not (repo / "cases" / case).exists()
    git(repo, "push", "-q")
    # the colleague's stale clone is merged: the case comes back
    git(stale, "pull", "-q", "--no-rebase", "--no-edit")
    git(stale, "push", "-q")
    git(repo, "pull", "-q", "--no-rebase", "--no-edit")
    assert (repo / "cases" / case).exists()
    check = run("--repo", repo, "check", env={"ZORGROUTE_TODAY": "2026-03-01"})
    assert check.exit_code == 1
    assert f"cases/{case}" in check.stderr and "teruggekomen" in check.stderr
    assert "zorgroute retention --apply" in check.stderr
    res = run(
        "--repo", repo, "retention", "--apply", "--yes", env={"ZORGROUTE_TODAY": "2026-03-01"}
    )
    assert res.exit_code == 0, res.output
    assert not (repo / "cases" / case).exists() and (repo / "cases" / keep).exists()
    check = run("--repo", repo, "check", env={"ZORGROUTE_TODAY": "2026-03-01"})
    assert check.exit_code == 0, check.output
    log = (repo / "retention-log.yaml").read_text(encoding="utf-8")
    assert log.count(f"case: {case}") == 1
