"""`zorgroute meeting-list`: only pupils with a valid basis, the others apart with why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_agenda import ATTENDEES, make_case, record, shared_repository


def build(run: Run, root: Path) -> dict[str, str]:
    """Z1: at the ZAT with written consent. Z2: at the ZAT, notice period still running.
    Z3: at the ZAT, parents objected. T: in the zorgteam only. S: only a signal."""
    ids = {
        "Z1": make_case(run, root, "Lotte", "Eerste"),
        "Z2": make_case(run, root, "Bram", "Tweede"),
        "Z3": make_case(run, root, "Iris", "Derde"),
        "T": make_case(run, root, "Ties", "Teamlid"),
        "S": make_case(run, root, "Sem", "Signaal"),
    }
    for key in ("Z1", "Z2", "Z3", "T"):
        record(
            root,
            ids[key],
            "2026-09-01-care_team_registration-ct01",
            triggers=["too_little_profit"],
            help_question="Wat heeft zij nodig om weer tot leren te komen?",
        )
        record(
            root,
            ids[key],
            "2026-09-02-consent-cz01",
            basis="written_consent",
            forum="zorgteam",
            given_by=["moeder", "vader"],
        )
    record(
        root,
        ids["Z1"],
        "2026-09-20-meeting-zt01",
        forum="zorgteam",
        attendees=ATTENDEES,
        decisions=["pass_to_zat", "light_help"],
        decision_notes="Aanmelden bij het ZAT.",
        actions=[
            {
                "id": "a1",
                "owner": "Ilse Bakker",
                "description": "maakt het aanmeldformulier",
                "due": "2026-11-01",
            },
            {"id": "a2", "owner": "SMW", "description": "start gesprekken", "due": "2026-12-15"},
        ],
        confidential=[{"by": "jeugdarts", "text": "GEHEIM-VOOR-ZAT", "forums": ["zorgteam"]}],
    )
    record(
        root,
        ids["Z1"],
        "2026-10-01-consent-zc01",
        basis="written_consent",
        forum="zat",
        given_by=["moeder", "vader"],
    )
    record(
        root,
        ids["Z1"],
        "2026-10-05-zat_registration-zr01",
        help_question="Welke hulp past bij de angst van Lotte?",
    )
    record(
        root,
        ids["Z2"],
        "2026-11-20-consent-zn01",
        basis="no_objection_notice",
        forum="zat",
        objection_deadline="2026-12-04",
    )
    record(
        root,
        ids["Z2"],
        "2026-11-21-zat_registration-zr02",
        help_question="Hoe krijgen wij zicht op wat Bram thuis meemaakt?",
    )
    record(
        root,
        ids["Z3"],
        "2026-10-01-consent-zn02",
        basis="no_objection_notice",
        forum="zat",
        objection_deadline="2026-10-15",
    )
    record(
        root,
        ids["Z3"],
        "2026-10-10-consent-ob01",
        basis="objection",
        forum="zat",
        given_by=["vader"],
        refers_to="2026-10-01-consent-zn02",
    )
    record(
        root,
        ids["Z3"],
        "2026-10-20-zat_registration-zr03",
        help_question="Is onderzoek naar de leerproblemen nodig?",
    )
    record(
        root,
        ids["S"],
        "2026-11-02-signal-sg01",
        observed_by="juf Anna",
        settings=["classroom"],
        since="weeks",
        categories=["learning"],
        description="Leest traag en raakt gefrustreerd.",
    )
    return ids


@pytest.fixture(scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return shared_repository(tmp_path_factory, build)


@pytest.fixture
def repo(_built: tuple[Path, dict[str, str]]) -> Path:
    """One repository for this module: every test here only reads."""
    return _built[0]


@pytest.fixture
def ids(_built: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return _built[1]


def listing(run: Run, repo: Path, forum: str, date: str) -> dict[str, Any]:
    res = run("--repo", repo, "meeting-list", forum, "--date", date, "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_zat_list_excludes_a_pupil_whose_notice_period_runs(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    assert run("--repo", repo, "check").exit_code == 0
    data = listing(run, repo, "zat", "2026-12-01")
    assert data["forum"] == "zat" and data["date"] == "2026-12-01"
    assert [c["case"] for c in data["listed"]] == [ids["Z1"]]
    apart = {c["case"]: c for c in data["apart"]}
    assert set(apart) == {ids["Z2"], ids["Z3"]}
    assert apart[ids["Z2"]]["basis"] == (
        "de bezwaartermijn van de kennisgeving loopt tot en met 2026-12-04"
    )
    assert apart[ids["Z3"]]["basis"] == (
        "kennisgeving zonder bezwaar (instemming) van 2026-10-01: bezwaar gemaakt op 2026-10-10"
    )
    assert all(not c["allowed"] for c in data["apart"])


def test_after_the_notice_period_the_pupil_is_on_the_list(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    data = listing(run, repo, "zat", "2026-12-05")
    assert sorted(c["case"] for c in data["listed"]) == sorted([ids["Z1"], ids["Z2"]])
    z2 = next(c for c in data["listed"] if c["case"] == ids["Z2"])
    assert z2["basis"] == "kennisgeving zonder bezwaar (instemming) van 2026-11-20"


def test_each_pupil_has_question_open_actions_and_last_decisions(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    z1 = listing(run, repo, "zat", "2026-12-01")["listed"][0]
    assert z1["pupil"] == "Lotte Eerste"
    assert z1["step"] == "ZAT"
    assert z1["basis"] == "schriftelijke toestemming van 2026-10-01"
    assert z1["question"] == "Welke hulp past bij de angst van Lotte?"  # the ZAT's question
    assert [(a["ref"], a["overdue"]) for a in z1["open_actions"]] == [
        ("2026-09-20-meeting-zt01#a1", True),
        ("2026-09-20-meeting-zt01#a2", False),
    ]
    assert z1["last_meeting"] == {
        "date": "2026-09-20",
        "forum": "zorgteam van de school",
        "decisions": ["doorgeven aan het ZAT", "lichte ambulante hulp (bijvoorbeeld SMW)"],
        "notes": "Aanmelden bij het ZAT.",
    }


def test_zorgteam_list_takes_cases_registered_with_the_zorgteam(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    data = listing(run, repo, "zorgteam", "2026-12-01")
    # registered with the zorgteam: in the step zorgteam, ZAT or verwijzing; the case with
    # only a signal is no candidate
    assert sorted(c["case"] for c in data["listed"]) == sorted(
        [ids["Z1"], ids["Z2"], ids["Z3"], ids["T"]]
    )
    assert data["apart"] == []
    t = next(c for c in data["listed"] if c["case"] == ids["T"])
    assert t["question"] == "Wat heeft zij nodig om weer tot leren te komen?"
    assert t["preparation"] == [
        "het gesprek voor het zorgteam met de ouders is nog niet vastgelegd"
    ]


def test_mdo_has_no_candidates_in_the_1_zorgroute(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    data = listing(run, repo, "mdo", "2026-12-01")
    assert data["listed"] == [] and data["apart"] == []
    res = run("--repo", repo, "meeting-list", "mdo", "--date", "2026-12-01")
    assert "geen leerlingen met een geldige grondslag" in res.stdout


def test_terminal_view_lists_apart_with_what_is_missing(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    res = run("--repo", repo, "meeting-list", "zat", "--date", "2026-12-01")
    assert res.exit_code == 0, res.output
    assert "Bespreeklijst zorg- en adviesteam (ZAT) op 2026-12-01" in res.stdout
    assert "Niet op de lijst: geen geldige grondslag op deze datum" in res.stdout
    assert "loopt tot en met 2026-12-04" in res.stdout


def test_markdown_document_names_only_pupils_with_a_basis(
    repo: Path, run: Run, ids: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "lijst.md"
    res = run(
        "--repo",
        repo,
        "meeting-list",
        "zat",
        "--date",
        "2026-12-01",
        "--format",
        "md",
        "--output",
        target,
    )
    assert res.exit_code == 0, res.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Bespreeklijst zorg- en adviesteam (ZAT)\n")
    assert "dinsdag 1 december 2026" in text
    assert f"## 1. Lotte Eerste (groep 5a, dossier {ids['Z1']})" in text
    assert "Welke hulp past bij de angst van Lotte?" in text
    assert (
        "- Ilse Bakker: maakt het aanmeldformulier — uiterlijk 1 november 2026 (over tijd)" in text
    )
    assert (
        "Laatste besluiten (zorgteam van de school, 20 september 2026): doorgeven aan het "
        "ZAT en lichte ambulante hulp (bijvoorbeeld SMW)."
    ) in text
    assert (
        f"- dossier {ids['Z2']}: de bezwaartermijn van de kennisgeving loopt tot en met "
        "2026-12-04" in text
    )
    # pupils without a basis are not named in a document that goes to the attendees
    for name in ("Bram", "Tweede", "Iris", "Derde", "Ties", "Sem"):
        assert name not in text
    assert "GEHEIM-VOOR-ZAT" not in text


def test_html_document(repo: Path, run: Run, ids: dict[str, str]) -> None:
    res = run("--repo", repo, "meeting-list", "zat", "--date", "2026-12-01", "--format", "html")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("<!DOCTYPE html>")
    assert "<h1>Bespreeklijst zorg- en adviesteam (ZAT)</h1>" in res.stdout
    assert "Bram" not in res.stdout


def test_meeting_list_writes_nothing_to_the_repository(
    repo: Path, run: Run, ids: dict[str, str]
) -> None:
    before = {p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".git" not in p.parts}
    for fmt in ("text", "json", "md", "html"):
        assert run("--repo", repo, "meeting-list", "zat", "--format", fmt).exit_code == 0
    after = {p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".git" not in p.parts}
    assert before == after


def test_unknown_forum_is_refused(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "meeting-list", "koffie")
    assert res.exit_code == 2
