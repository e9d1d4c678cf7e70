"""A case along the default route, new-case to close, with `status --format json` at each
point: step, what is possible next, and which rules still block."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import Run
from test_route_rules import referral_consent

HELP_Q = "Hoe kunnen wij Sanne helpen om weer met plezier te lezen?"


def status(run: Run, repo: Path, case: str) -> dict[str, Any]:
    res = run("--repo", repo, "status", case, "--format", "json")
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads(res.stdout)
    return data


def blocking(data: dict[str, Any], act: str) -> list[str]:
    """The rules that block `act` in a status, or raise if the act is not a next step."""
    for n in data["next"]:
        if n["act"] == act:
            return [b["rule"] for b in n["blockers"]]
    raise AssertionError(f"{act} is geen volgende stap: {[n['act'] for n in data['next']]}")


def ok(run: Run, repo: Path, *args: str) -> str:
    res = run("--repo", repo, *args)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_default_route_from_new_case_to_close(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    s = status(run, repo, c)
    assert (s["step"], s["route"], s["closed"]) == ("signal", "po-1-zorgroute v1", False)
    assert blocking(s, "care-team") == ["trigger", "help_question", "evaluated_plans"]
    assert blocking(s, "plan") == []

    ok(
        run,
        repo,
        "signal",
        c,
        "--observed-by",
        "juf Anja",
        "--setting",
        "classroom",
        "--since",
        "months",
        "--category",
        "learning",
        "--description",
        "Sanne leest veel trager dan de groep.",
        "--date",
        "2026-09-01",
    )
    ok(
        run,
        repo,
        "plan",
        c,
        "--area",
        "lezen",
        "--goal",
        "Sanne leest AVI E4 met 95%",
        "--approach",
        "dagelijks duolezen",
        "--responsible",
        "juf Anja",
        "--start",
        "2026-09-02",
        "--end",
        "2026-10-14",
        "--evaluation-date",
        "2026-10-14",
        "--date",
        "2026-09-02",
    )
    s = status(run, repo, c)
    assert s["step"] == "group_plan"
    assert blocking(s, "care-team") == ["trigger", "help_question", "evaluated_plans"]
    assert [d["what"] for d in s["deadlines"]] == ["evaluatie groepsplan lezen"]

    ok(
        run,
        repo,
        "evaluate",
        c,
        "--outcome",
        "not_met",
        "--what-worked",
        "duolezen hielp bij het tempo",
        "--date",
        "2026-10-14",
    )
    ok(
        run,
        repo,
        "care-team",
        c,
        "--trigger",
        "too_little_profit",
        "--help-question",
        HELP_Q,
        "--date",
        "2026-10-15",
    )
    s = status(run, repo, c)
    assert (s["step"], s["since"]) == ("care_team", "2026-10-15")
    assert blocking(s, "care-team-meeting") == ["conversation_before", "basis_for_discussion"]
    assert blocking(s, "escalate") == ["decision", "conversation_before", "basis_for_discussion"]

    ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "before_care_team",
        "--with",
        "parents",
        "--discussed",
        "de zorgen over lezen",
        "--date",
        "2026-10-16",
    )
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zorgteam",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--date",
        "2026-10-16",
    )
    assert blocking(status(run, repo, c), "care-team-meeting") == []

    ok(
        run,
        repo,
        "meeting",
        c,
        "--forum",
        "zorgteam",
        "--attendee",
        "Ilse Bakker;IB;chair",
        "--decision",
        "pass_to_zat",
        "--action",
        "IB;vraagt de leestoetsen op;2026-11-10",
        "--date",
        "2026-10-20",
    )
    s = status(run, repo, c)
    assert s["step"] == "care_team"
    assert [d["what"] for d in s["deadlines"] if "ouders" in d["what"]] == [
        "gesprek na het zorgteam met de ouders"
    ]
    assert blocking(s, "escalate") == [
        "conversation_before",
        "pending_conversations",
        "basis_for_discussion",
    ]
    assert [(a["owner"], a["overdue"]) for a in s["open_actions"]] == [("IB", True)]

    ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "after_care_team",
        "--with",
        "parents",
        "--discussed",
        "het advies van het zorgteam",
        "--date",
        "2026-10-22",
    )
    ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "before_zat",
        "--with",
        "parents",
        "--discussed",
        "het ZAT",
        "--leaflet-given",
        "--question-together",
        "--parents-view",
        "de ouders willen weten hoe zij thuis kunnen helpen",
        "--date",
        "2026-10-22",
    )
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--date",
        "2026-10-22",
    )
    assert blocking(status(run, repo, c), "escalate") == []

    ok(run, repo, "escalate", c, "--date", "2026-10-25")
    s = status(run, repo, c)
    assert (s["step"], s["since"]) == ("zat", "2026-10-25")
    assert blocking(s, "zat-meeting") == []
    assert "escalate" not in [n["act"] for n in s["next"]]

    ok(
        run,
        repo,
        "meeting",
        c,
        "--forum",
        "zat",
        "--attendee",
        "Coördinator;ZAT;chair",
        "--decision",
        "refer",
        "--action",
        "IB;meldt Sanne aan bij het lokale team;2026-11-30",
        "--date",
        "2026-11-05",
    )
    referral_consent(run, repo, c, "lt-delft", "2026-11-05")
    ok(
        run,
        repo,
        "refer",
        c,
        "--destination",
        "youth_care",
        "--institution",
        "lt-delft",
        "--reason",
        "opvoedondersteuning",
        "--date",
        "2026-11-06",
    )
    s = status(run, repo, c)
    assert s["step"] == "referral"
    assert [
        (r["institution"], r["status"], r["expected_feedback"], r["feedback_overdue"])
        for r in s["referrals"]
    ] == [("lt-delft", "sent", "2026-12-18", False)]

    ok(
        run,
        repo,
        "feedback",
        c,
        "--kind",
        "care_started",
        "--status",
        "started",
        "--date",
        "2026-11-20",
    )
    assert status(run, repo, c)["referrals"][0]["status"] == "started"

    ok(
        run,
        repo,
        "close",
        c,
        "--reason",
        "care_taken_over",
        "--parents-told",
        "de hulp is gestart",
        "--aftercare-date",
        "2027-01-15",
        "--date",
        "2026-11-23",
    )
    s = status(run, repo, c)
    assert (s["step"], s["closed"]) == ("closed", True)
    assert [n["act"] for n in s["next"]] == ["reopen"]
    assert s["deadlines"] == [
        {"date": "2027-01-15", "what": "nazorg: is de hulp echt gestart?", "overdue": False}
    ]
    steps = [h["kind"] for h in s["history"]]
    assert steps[0] == "signal" and steps[-1] == "closure"


def test_close_shows_referrals_still_waiting(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    referral_consent(run, repo, c, "ggz-jeugd", "2026-10-01")
    ok(
        run,
        repo,
        "refer",
        c,
        "--destination",
        "ggz",
        "--institution",
        "ggz-jeugd",
        "--reason",
        "onderzoek naar angst",
        "--date",
        "2026-10-01",
    )
    res = run("--repo", repo, "close", c, "--parents-told", "x")
    assert res.exit_code == 2
    assert (
        "verwijzing naar ggz-jeugd (geestelijke gezondheidszorg (GGZ)) wacht nog op "
        "terugkoppeling: staat op 'verstuurd'" in res.stderr
    )
    assert "--reason" in res.stderr
    res = run("--repo", repo, "close", c, "--reason", "stopped", "--parents-told", "x")
    assert res.exit_code == 0, res.output
    assert "wacht nog op terugkoppeling" in res.stderr


def test_reopen_returns_to_the_step_before_closing(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ok(
        run,
        repo,
        "plan",
        c,
        "--area",
        "rekenen",
        "--goal",
        "tafels tot 10",
        "--approach",
        "elke dag oefenen",
        "--responsible",
        "juf",
        "--start",
        "2026-09-01",
        "--end",
        "2026-10-01",
        "--evaluation-date",
        "2026-10-01",
        "--date",
        "2026-09-01",
    )
    ok(
        run,
        repo,
        "close",
        c,
        "--reason",
        "goals_met",
        "--parents-told",
        "doel gehaald",
        "--date",
        "2026-10-05",
    )
    res = run(
        "--repo",
        repo,
        "plan",
        c,
        "--area",
        "x",
        "--goal",
        "y",
        "--approach",
        "z",
        "--responsible",
        "juf",
        "--start",
        "2026-10-06",
        "--end",
        "2026-10-07",
        "--evaluation-date",
        "2026-10-07",
        "--date",
        "2026-10-06",
    )
    assert res.exit_code == 3
    assert "[open_case] het dossier is afgesloten (kan niet worden overgeslagen)" in res.stderr
    ok(run, repo, "reopen", c, "--reason", "de zorgen zijn terug", "--date", "2026-11-02")
    s = status(run, repo, c)
    assert (s["step"], s["since"], s["closed"]) == ("group_plan", "2026-11-02", False)
