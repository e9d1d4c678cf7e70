"""`zorgroute check`: every problem, located, in Dutch, in one run; reading never writes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import Run, files_under, write_tree

SIGNAL = """\
kind: signal
date: 2026-09-10
recorded_by: Ilse Bakker
recorded_at: 2026-09-10T10:00:00
observed_by: juf Anna
settings: [classroom]
since: months
categories: [learning]
description: Leest veel langzamer dan de klas.
"""


def _records(repo: Path, case_id: str) -> Path:
    folder = repo / "cases" / case_id / "records"
    folder.mkdir(exist_ok=True)
    return folder


def test_four_kinds_of_mistakes_are_each_located_in_one_run(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    folder = _records(repo, case_id)
    write_tree(
        folder,
        {
            "2026-09-10-signal-aaaa.yaml": SIGNAL.replace("since: months", "since: [months"),
            "2026-09-11-signal-bbbb.yaml": SIGNAL.replace("date: 2026-09-10", "date: 2026-02-30"),
            "2026-09-12-signal-cccc.yaml": SIGNAL + "mood: sad\n",
            "2026-09-13-signal-dddd.yaml": SIGNAL.replace("since: months", "since: ages"),
            "2026-09-14-signal-eeee.yaml": SIGNAL,
        },
    )
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    prefix = f"cases/{case_id}/records/"
    lines = [line for line in res.stderr.splitlines() if line.startswith(prefix)]
    assert lines == [
        f"{prefix}2026-09-10-signal-aaaa.yaml:7:8: een lijst tussen [ en ] wordt niet goed "
        "afgesloten [yaml]",
        f"{prefix}2026-09-11-signal-bbbb.yaml:2:7: date: geen geldige datum; schrijf die als "
        "JJJJ-MM-DD [schema]",
        f"{prefix}2026-09-12-signal-cccc.yaml:10:1: onbekend veld [schema]",
        f"{prefix}2026-09-13-signal-dddd.yaml:7:8: since: ongeldige waarde 'ages' [schema]",
    ]
    assert "kies uit: 'weeks', 'months', 'half_year', 'longer'" in res.stderr
    assert res.stderr.splitlines()[-1].startswith("4 problemen gevonden in 1 dossier, 1 record,")


def test_json_format_gives_the_same_problems_as_data(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    write_tree(
        _records(repo, case_id),
        {
            "2026-09-12-signal-cccc.yaml": SIGNAL + "mood: sad\n",
        },
    )
    res = run("--repo", repo, "check", "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["ok"] is False
    assert data["problems"] == [
        {
            "path": f"cases/{case_id}/records/2026-09-12-signal-cccc.yaml",
            "line": 10,
            "col": 1,
            "field": "",
            "message": "onbekend veld",
            "rule": "schema",
            "hint": "verwijder het veld of controleer de spelling; zie het schema in schemas/",
        }
    ]


def test_clean_repository_gives_one_line_and_exit_zero(repo: Path, run: Run, new_case) -> None:
    new_case()
    res = run("--repo", repo, "check")
    assert res.exit_code == 0
    assert res.stdout.startswith("in orde: 1 dossier, 0 records, ")
    assert res.stdout.endswith(" gecontroleerd, geen problemen\n")
    assert res.stderr == ""


def test_missing_field_points_at_the_record(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    write_tree(
        _records(repo, case_id),
        {
            "2026-09-10-signal-aaaa.yaml": SIGNAL.replace("observed_by: juf Anna\n", ""),
        },
    )
    res = run("--repo", repo, "check")
    assert (
        f"cases/{case_id}/records/2026-09-10-signal-aaaa.yaml:1:1: observed_by: dit "
        "verplichte veld ontbreekt [schema]"
    ) in res.stderr


def test_references_and_future_dates_are_checked(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    write_tree(
        _records(repo, case_id),
        {
            "2026-09-10-evaluation-aaaa.yaml": (
                "kind: evaluation\ndate: 2026-09-10\nrecorded_by: IB\n"
                "recorded_at: 2026-09-10T10:00:00\nplan: 2026-01-01-plan-zzzz\noutcome: met\n"
                "what_worked: veel\n"
            ),
            "2026-12-10-signal-bbbb.yaml": SIGNAL.replace("date: 2026-09-10", "date: 2026-12-10"),
        },
    )
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert (
        "plan: verwijst naar 2026-01-01-plan-zzzz, maar dat record (plan) bestaat niet"
        in res.stderr
    )
    assert "date: de datum 2026-12-10 ligt na vandaag [datum]" in res.stderr


def test_broken_config_is_reported_with_its_line(repo: Path, run: Run) -> None:
    config = repo / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("sector: po", "sector: pre"), encoding="utf-8"
    )
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert "zorgroute.yaml:6:11: school.sector: ongeldige waarde 'pre'" in res.stderr


def test_reading_commands_never_write(repo: Path, run: Run, new_case) -> None:
    """Only the disposable cache (outside git) may appear."""
    case_id = new_case()

    def tree() -> dict[Path, int]:
        return {
            p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".zorgroute-cache" not in p.parts
        }

    before = tree()
    for args in (
        ["check"],
        ["list"],
        ["show", case_id],
        ["status"],
        ["status", case_id],
        ["routes"],
        ["check", "--format", "json"],
    ):
        assert run("--repo", repo, *args).exit_code == 0, args
    assert before == tree()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout
    assert ".zorgroute-cache" not in status  # the cache is ignored by git


def test_repository_is_found_from_a_subfolder(repo: Path, run: Run, new_case, monkeypatch) -> None:
    case_id = new_case()
    monkeypatch.chdir(repo / "cases" / case_id)
    res = run("status", case_id)
    assert res.exit_code == 0, res.output


def test_outside_a_repository_says_how_to_start(tmp_path: Path, run: Run, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = run("list")
    assert res.exit_code == 4
    assert res.stderr.startswith("zorgroute: geen zorgdossier-repository gevonden")
    assert "zorgroute init MAP" in res.stderr


def test_no_file_or_folder_name_contains_the_pupil(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    run(
        "--repo",
        repo,
        "signal",
        case_id,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        "Sanne leest langzaam.",
    )
    names = " ".join(files_under(repo)).lower()
    for word in ("sanne", "testkind", "testmoeder", "ria"):
        assert word not in names
