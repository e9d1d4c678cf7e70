"""The follow-through commands on the bundled example repository, on 2026-11-23."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import EXAMPLE, Run, load_yaml

pytestmark = pytest.mark.skipif(
    not (EXAMPLE / "zorgroute.yaml").is_file(), reason="the example repository is not there"
)


def pupils(root: Path) -> dict[str, str]:
    out = {}
    for case in sorted((root / "cases").glob("*/case.yaml")):
        data = load_yaml(case.read_text(encoding="utf-8"))
        out[data["id"]] = f"{data['pupil']['first_name']} {data['pupil']['last_name']}"
    return out


def agenda(run: Run, root: Path, *args: str) -> dict[str, Any]:
    res = run("--repo", root, "agenda", "--format", "json", *args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_example_agenda_on_2026_11_23(example_copy: Path, run: Run) -> None:
    data = agenda(run, example_copy)
    got = {(i["pupil"], i["kind"], i["date"], i["overdue"]) for i in data["items"]}
    assert got == {
        ("Daan Mulder", "action", "2026-10-30", True),
        ("Daan Mulder", "feedback", "2026-11-06", True),
        ("Lotte Bakker", "action", "2026-11-06", True),
        ("Lotte Bakker", "action", "2026-11-13", True),
        ("Mohammed El Amrani", "action", "2026-11-18", True),
        ("Mohammed El Amrani", "conversation", "2026-11-18", True),
        ("Noor van Dijk", "action", "2026-11-19", True),
        ("Emma de Vries", "action", "2026-11-20", True),
        ("Emma de Vries", "action", "2026-11-27", False),
        ("Noor van Dijk", "objection_deadline", "2026-11-30", False),
        ("Mohammed El Amrani", "action", "2026-12-04", False),
        ("Finn Hendriks", "aftercare", "2026-12-07", False),
        ("Lotte Bakker", "evaluation", "2026-12-18", False),
    }
    # further ahead: the referral of Daan passes the waiting norm, Julia's case wakes up
    later = agenda(run, example_copy, "--from", "2026-12-22", "--to", "2027-02-28")
    assert [(i["pupil"], i["kind"], i["date"]) for i in later["items"]] == [
        ("Daan Mulder", "waiting", "2027-01-22"),
        ("Julia Smit", "dormant_review", "2027-02-01"),
    ]


def test_example_ics_parses_without_pupil_names(
    example_copy: Path, run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "zorg.ics"
    res = run("--repo", example_copy, "agenda", "--ics", target)
    assert res.exit_code == 0, res.output
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 13
    text = target.read_text(encoding="utf-8")
    for name in pupils(example_copy).values():
        for part in name.split():
            if len(part) > 3:
                assert part not in text, part


def test_example_zat_list_excludes_the_pupil_in_her_notice_period(
    example_copy: Path, run: Run
) -> None:
    names = pupils(example_copy)
    res = run(
        "--repo", example_copy, "meeting-list", "zat", "--date", "2026-11-26", "--format", "json"
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [c["pupil"] for c in data["listed"]] == ["Daan Mulder"]
    (noor,) = data["apart"]
    assert names[noor["case"]] == "Noor van Dijk"
    assert noor["basis"].startswith(
        "de bezwaartermijn van de kennisgeving loopt tot en met 2026-11-30"
    )
    after = run(
        "--repo", example_copy, "meeting-list", "zat", "--date", "2026-12-03", "--format", "json"
    )
    listed = [c["pupil"] for c in json.loads(after.stdout)["listed"]]
    assert "Noor van Dijk" in listed


def test_example_timeline(example_copy: Path, run: Run) -> None:
    case = next(c for c, n in pupils(example_copy).items() if n == "Daan Mulder")
    res = run("--repo", example_copy, "timeline", case, "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["records"]
    files = sorted((example_copy / "cases" / case / "records").glob("*.yaml"))
    assert sorted(r["path"] for r in rows if r["kind"] != "case") == [
        f"cases/{case}/records/{f.name}" for f in files
    ]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert any(r["kind"] == "referral" for r in rows)
