"""Git as the shared store: two real clones of one bare remote add records to the same case,
merge without conflicts, and `zorgroute check` passes; an inconsistent merge is reported."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Run, load_yaml

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def clone(remote: Path, target: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(target))
    git(target, "config", "pull.rebase", "false")
    return target


@pytest.fixture
def shared(repo: Path, tmp_path: Path, new_case: Callable[..., str]) -> tuple[Path, Path, str]:
    """A case in a repository pushed to a bare remote, and two clones of it."""
    case = new_case()
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(repo, "push", "-q", str(remote), f"{branch}:{branch}")
    git(remote, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    return clone(remote, tmp_path / "ilse"), clone(remote, tmp_path / "zara"), case


def as_author(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, name)


def records(root: Path, case: str) -> list[str]:
    return sorted(p.name for p in (root / "cases" / case / "records").glob("*.yaml"))


def test_two_clones_add_to_the_same_case_and_merge_cleanly(
    shared: tuple[Path, Path, str], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ilse, zara, case = shared
    as_author(monkeypatch, "Ilse")
    res = run(
        "--repo",
        ilse,
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
        "Leest traag en raakt gefrustreerd bij dictees.",
    )
    assert res.exit_code == 0, res.output
    git(ilse, "push", "-q")
    as_author(monkeypatch, "Zara")
    res = run(
        "--repo",
        zara,
        "action",
        "add",
        case,
        "--owner",
        "SMW",
        "--description",
        "belt de ouders voor een kennismaking",
        "--due",
        "2026-12-07",
    )
    assert res.exit_code == 0, res.output
    git(zara, "pull", "-q", "--no-edit")  # a real merge: both sides have a new commit
    assert len(git(zara, "log", "--merges", "--format=%H").split()) == 1
    git(zara, "push", "-q")
    git(ilse, "pull", "-q", "--no-edit")

    assert records(ilse, case) == records(zara, case)
    kinds = [name.split("-")[3] for name in records(ilse, case)]
    assert sorted(kinds) == ["action", "signal"]
    for clone_dir in (ilse, zara):
        res = run("--repo", clone_dir, "check")
        assert res.exit_code == 0, res.output
        assert "in orde: 1 dossier, 2 records" in res.stdout
        assert git(clone_dir, "status", "--porcelain") == ""

    # the timeline shows who committed which record
    res = run("--repo", ilse, "timeline", case, "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["records"]
    authors = {r["kind"]: r["git"]["author"] for r in rows}
    assert authors == {"case": "Test", "signal": "Ilse", "action": "Zara"}


def test_an_inconsistent_merge_is_reported_by_check_with_both_files(
    shared: tuple[Path, Path, str], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ilse, zara, case = shared
    close = (
        "close",
        case,
        "--reason",
        "goals_met",
        "--parents-told",
        "De doelen zijn gehaald; de ouders zijn tevreden.",
    )
    assert run("--repo", ilse, *close).exit_code == 0
    git(ilse, "push", "-q")
    assert run("--repo", zara, *close).exit_code == 0
    git(zara, "pull", "-q", "--no-edit")  # no git conflict: two different files

    closures = [f"cases/{case}/records/{n}" for n in records(zara, case)]
    assert len(closures) == 2
    res = run("--repo", zara, "check")
    assert res.exit_code == 1
    first, second = sorted(
        closures, key=lambda p: load_yaml((zara / p).read_text(encoding="utf-8"))["recorded_at"]
    )
    assert (
        f"{second}:1:1: het dossier is twee keer afgesloten zonder heropening (ook in {first})"
    ) in res.stderr


def test_commit_messages_name_case_and_step_never_the_pupil(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    steps = [
        (
            "signal",
            case,
            "--observed-by",
            "juf Anna",
            "--setting",
            "classroom",
            "--since",
            "weeks",
            "--category",
            "behaviour",
            "--description",
            "Sanne Testkind is onrustig.",
        ),
        (
            "action",
            "add",
            case,
            "--owner",
            "IB",
            "--description",
            "belt moeder van Sanne",
            "--due",
            "2026-12-01",
        ),
        (
            "talk",
            case,
            "--contact",
            "signal",
            "--with",
            "parents",
            "--adult",
            "moeder",
            "--discussed",
            "De zorgen over Sanne besproken met Ria Testmoeder.",
        ),
        ("dormant", case, "--review-date", "2027-02-01", "--reason", "Gaat beter."),
    ]
    for args in steps:
        res = run("--repo", repo, *args)
        assert res.exit_code == 0, res.output
    log = git(repo, "log", "--format=%B%x00")
    messages = [m.strip() for m in log.split("\x00") if m.strip()]
    for name in ("Sanne", "Testkind", "Ria", "Testmoeder", "Tom", "Testvader"):
        assert name not in log
    created = messages.index(f"zorgroute: dossier {case} aangemaakt")
    pattern = re.compile(rf"^zorgroute: {case} (signal|action|talk|dormant)( document)?$")
    assert all(pattern.match(m) for m in messages[:created]), messages[:created]
    assert [m for m in reversed(messages[:created]) if not m.endswith("document")] == [
        f"zorgroute: {case} {step}" for step in ("signal", "action", "talk", "dormant")
    ]
    assert git(repo, "status", "--porcelain", "--", "cases") == ""


def test_git_commits_can_be_switched_off(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  git_commit: true\n" in text
    config.write_text(
        text.replace("  git_commit: true\n", "  git_commit: false\n"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "settings")
    case = new_case()
    res = run(
        "--repo",
        repo,
        "action",
        "add",
        case,
        "--owner",
        "IB",
        "--description",
        "belt de ouders",
        "--due",
        "2026-12-01",
    )
    assert res.exit_code == 0, res.output
    assert git(repo, "log", "-1", "--format=%s").strip() == "settings"
    untracked = git(repo, "status", "--porcelain").splitlines()
    assert untracked == [f"?? cases/{case}/"]


def test_pre_commit_hook_definition_runs_check(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    hooks = load_yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "zorgroute-check")
    assert hook["entry"] == "zorgroute check --staged"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    # What pre-commit runs, installed as a plain git hook: a bad hand edit is refused.
    script = repo / ".git" / "hooks" / "pre-commit"
    command = hook["entry"].replace("zorgroute", f'"{sys.executable}" -m zorgroute', 1)
    script.write_text(f"#!/bin/sh\nexec {command}\n", encoding="utf-8")
    script.chmod(0o755)
    case = new_case()
    bad = repo / "cases" / case / "records" / "2026-11-20-action-hand.yaml"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("date: 2026-11-20\nkind: action\nowner: IB\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    refused = subprocess.run(
        ["git", "commit", "-q", "-m", "met de hand"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert f"cases/{case}/records/2026-11-20-action-hand.yaml" in refused.stderr
    bad.unlink()
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output
