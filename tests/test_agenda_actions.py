"""Actions (done, lapsed, carried over), dormant and stalled cases, as the agenda sees them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import Run, load_yaml
from test_agenda import ATTENDEES, record


def items(run: Run, repo: Path, *args: str) -> list[tuple[str, str, str, bool]]:
    res = run("--repo", repo, "agenda", "--format", "json", *args)
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads(res.stdout)
    return [(i["kind"], i["ref"] or "", i["date"], i["overdue"]) for i in data["items"]]


def with_meeting(repo: Path, case: str) -> str:
    record(
        repo,
        case,
        "2026-11-09-meeting-gb01",
        forum="groepsbespreking",
        attendees=ATTENDEES,
        decisions=["continue_plan"],
        actions=[
            {
                "id": "a1",
                "owner": "juf Anna",
                "description": "oefent dagelijks",
                "due": "2026-11-20",
            },
            {
                "id": "a2",
                "owner": "IB",
                "description": "observeert in de klas",
                "due": "2026-11-30",
            },
            {"id": "a3", "owner": "IB", "description": "spreekt de ouders", "due": "2026-11-16"},
        ],
    )
    return "2026-11-09-meeting-gb01"


def only_records(repo: Path, case: str, kind: str) -> list[dict[str, Any]]:
    folder = repo / "cases" / case / "records"
    return [
        load_yaml(p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"*-{kind}-*.yaml"))
    ]


def test_done_lapse_and_carry_each_add_a_record(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    meeting = with_meeting(repo, case)
    assert [k[:2] for k in items(run, repo, "--case", case)] == [
        ("action", f"{meeting}#a3"),
        ("action", f"{meeting}#a1"),
        ("action", f"{meeting}#a2"),
    ]

    res = run("--repo", repo, "action", "done", case, f"{meeting}#a1", "--note", "Gelukt.")
    assert res.exit_code == 0, res.output
    res = run(
        "--repo",
        repo,
        "action",
        "lapse",
        case,
        f"{meeting}#a3",
        "--note",
        "Ouders kwamen zelf langs.",
    )
    assert res.exit_code == 0, res.output
    res = run("--repo", repo, "action", "carry", case, f"{meeting}#a2", "--new-due", "2026-12-14")
    assert res.exit_code == 0, res.output

    updates = only_records(repo, case, "action_update")
    assert sorted((u["action"], u["status"], u.get("new_due")) for u in updates) == [
        (f"{meeting}#a1", "done", None),
        (f"{meeting}#a2", "carried_over", "2026-12-14"),
        (f"{meeting}#a3", "lapsed", None),
    ]
    # the meeting record itself was never rewritten
    assert len(only_records(repo, case, "meeting")[0]["actions"]) == 3
    assert items(run, repo, "--case", case) == [("action", f"{meeting}#a2", "2026-12-14", False)]
    status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    assert [(a["ref"], a["due"]) for a in status["open_actions"]] == [
        (f"{meeting}#a2", "2026-12-14")
    ]


def test_action_add_then_done(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
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
        "vraagt het dossier op bij de vorige school",
        "--due",
        "2026-11-27",
    )
    assert res.exit_code == 0, res.output
    ref = only_records(repo, case, "action")[0]
    ((kind, action_ref, due, overdue),) = items(run, repo, "--case", case)
    assert (kind, due, overdue) == ("action", "2026-11-27", False)
    assert ref["owner"] == "IB"
    assert run("--repo", repo, "action", "done", case, action_ref).exit_code == 0
    assert items(run, repo, "--case", case) == []


def test_carry_needs_a_new_date_and_unknown_actions_are_refused(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run("--repo", repo, "action", "carry", case, "2026-11-09-meeting-gb01#a1")
    assert res.exit_code == 2
    assert "--new-due" in res.stderr
    res = run("--repo", repo, "action", "done", case, "2026-11-09-meeting-gb01#a9")
    assert res.exit_code != 0
    assert (
        f"zorgroute: afspraak 2026-11-09-meeting-gb01#a9 bestaat niet in dossier {case}; "
        "er is niets vastgelegd"
    ) in res.stderr
    assert only_records(repo, case, "action_update") == []


def test_dormant_case_comes_back_on_its_review_date(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run(
        "--repo",
        repo,
        "dormant",
        case,
        "--review-date",
        "2027-01-11",
        "--reason",
        "Het gaat goed; na de kerstvakantie opnieuw bekijken.",
    )
    assert res.exit_code == 0, res.output
    assert items(run, repo, "--case", case) == []  # not in the next four weeks
    ((kind, _, due, overdue),) = items(run, repo, "--case", case, "--to", "2027-01-31")
    assert (kind, due, overdue) == ("dormant_review", "2027-01-11", False)
    later = {"ZORGROUTE_TODAY": "2027-01-12"}
    res = run("--repo", repo, "agenda", "--format", "json", env=later)
    data = json.loads(res.stdout)
    assert [(i["kind"], i["overdue"]) for i in data["items"]] == [("dormant_review", True)]
    # a dormant case is never stalled, however quiet
    assert data["stalled"] == []
    status = json.loads(run("--repo", repo, "status", case, "--format", "json", env=later).stdout)
    assert status["dormant_until"] == "2027-01-11" and status["stalled"] is False


def test_quiet_case_is_stalled_in_status_and_agenda(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    record(
        repo,
        case,
        "2026-09-01-signal-sg01",
        observed_by="juf Anna",
        settings=["classroom"],
        since="months",
        categories=["learning"],
        description="Leest traag.",
    )
    # the last record is the signal of 2026-09-01; 56 days later the case is quiet
    later = {"ZORGROUTE_TODAY": "2027-01-22"}
    res = run("--repo", repo, "agenda", "--format", "json", env=later)
    data = json.loads(res.stdout)
    assert data["stalled"] == [case]
    assert [(i["kind"], i["date"], i["what"]) for i in data["items"]] == [
        ("stalled", "2026-10-28", "geen nieuw record sinds 1 september 2026 (norm 56 dagen)")
    ]
    rows = json.loads(run("--repo", repo, "status", "--format", "json", env=later).stdout)
    assert rows["cases"][0]["stalled"] is True
    text = run("--repo", repo, "status", env=later).stdout
    assert "stilgevallen" in text


def test_a_broken_case_is_named_and_the_rest_still_shown(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    good, bad = new_case(), new_case()
    record(
        repo,
        good,
        "2026-11-09-action-ac01",
        owner="IB",
        description="belt de ouders",
        due="2026-11-30",
    )
    (repo / "cases" / bad / "records").mkdir(exist_ok=True)
    (repo / "cases" / bad / "records" / "2026-11-10-action-ac02.yaml").write_text(
        "kind: action\ndate: 2026-11-10\n", encoding="utf-8"
    )
    res = run("--repo", repo, "agenda", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [(i["case"], i["ref"]) for i in data["items"]] == [(good, "2026-11-09-action-ac01")]
    assert [e["case"] for e in data["errors"]] == [bad]
    assert f"let op: dossier {bad} kon niet worden gelezen" in res.stderr
