"""`zorgroute timeline`: the case's history from its records, with git where there is git."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import Run
from test_agenda import record


def timeline(run: Run, repo: Path, case: str) -> dict[str, Any]:
    res = run("--repo", repo, "timeline", case, "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_timeline_lists_records_with_who_and_when(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run(
        "--repo",
        repo,
        "action",
        "add",
        case,
        "--owner",
        "SMW",
        "--description",
        "belt de ouders",
        "--due",
        "2026-12-07",
        "--by",
        "Zara de Vries (SMW)",
    )
    assert res.exit_code == 0, res.output
    record(
        repo,
        case,
        "2026-10-01-signal-old1",
        commit=False,
        observed_by="juf Anna",
        settings=["classroom"],
        since="months",
        categories=["learning"],
        description="Leest traag.",
        recorded_by="Ilse Bakker (intern begeleider)",
        recorded_at="2026-10-02T09:15:00",
    )
    data = timeline(run, repo, case)
    assert data["case"] == case and data["in_git"] is True
    rows = data["records"]
    assert [(r["date"], r["kind"]) for r in rows] == [
        ("2026-10-01", "signal"),
        ("2026-11-23", "case"),
        ("2026-11-23", "action"),
    ]
    signal, created, action = rows
    assert signal["recorded_by"] == "Ilse Bakker (intern begeleider)"
    assert signal["recorded_at"] == "2026-10-02T09:15:00"
    assert signal["git"] is None  # written by hand, not committed
    assert signal["summary"] == "signalering: leerproblemen (een paar maanden)"
    assert created["summary"] == "dossier aangemaakt (route po-1-zorgroute v1)"
    assert created["git"]["author"] == "Test"
    assert action["recorded_by"] == "Zara de Vries (SMW)"
    assert action["git"]["author"] == "Test"
    assert action["git"]["email"] == "test@example.invalid"
    assert len(action["git"]["commit"]) == 40
    assert action["path"].startswith(f"cases/{case}/records/2026-11-23-action-")


def test_timeline_text_marks_records_not_in_git(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    record(
        repo,
        case,
        "2026-10-01-dormant-dm01",
        commit=False,
        review_date="2027-01-10",
        reason="Rustige periode.",
    )
    res = run("--repo", repo, "timeline", case)
    assert res.exit_code == 0, res.output
    assert f"Dossier {case} — Sanne Testkind — stap: Signalering" in res.stdout
    assert "niet in git" in res.stdout
    assert "slapend tot 2027-01-10" in res.stdout


def test_timeline_shows_corrections_and_overrides(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    record(
        repo,
        case,
        "2026-10-01-signal-sg01",
        observed_by="juf Anna",
        settings=["classroom"],
        since="months",
        categories=["learning"],
        description="Leest traag.",
        overrides=[{"rule": "open_case", "reason": "test", "decided_by": "IB"}],
    )
    record(
        repo,
        case,
        "2026-10-05-correction-cr01",
        supersedes="2026-10-01-signal-sg01",
        field="description",
        value="Leest traag en spelt zwak.",
        reason="Verzoek van de ouders.",
    )
    rows = timeline(run, repo, case)["records"]
    signal = next(r for r in rows if r["kind"] == "signal")
    assert signal["corrected_by"] == ["2026-10-05-correction-cr01"]
    assert signal["overrides"] == ["open_case: test (IB)"]


def test_timeline_without_git(
    tmp_path: Path, repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    data = timeline(run, plain, case)
    assert data["in_git"] is False
    assert all(r["git"] is None for r in data["records"])
    res = run("--repo", plain, "timeline", case)
    assert "niet in git" not in res.stdout


def test_timeline_of_an_unknown_case(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "timeline", "zzzzzzzz")
    assert res.exit_code != 0
    assert "dossier zzzzzzzz bestaat niet in deze repository" in res.stderr
