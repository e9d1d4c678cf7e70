"""Corrections and voids: validated against the corrected record's own model, seen by every
reader through one effective view, with the original kept in history."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from zorgroute.domain import engine
from zorgroute.model.records import RECORD_TYPES
from zorgroute.store.repo import open_repository

AT = "2026-09-01T10:00:00"
BASE = {"recorded_by": "Ilse Bakker (intern begeleider)", "recorded_at": AT}

# One minimal record of every kind a correction applies to, a field to correct, the value
# as typed, and the value the effective record must then hold.
KINDS: list[tuple[str, dict[str, Any], str, str, Any]] = [
    (
        "signal",
        {
            "observed_by": "juf Anna",
            "settings": ["classroom"],
            "since": "months",
            "categories": ["learning"],
            "description": "leest traag",
        },
        "since",
        "een half jaar tot een jaar",  # the Dutch label is accepted too
        "half_year",
    ),
    (
        "plan",
        {
            "plan_type": "action_plan",
            "area": "lezen",
            "goals": ["vlot lezen"],
            "approach": "dagelijks oefenen",
            "responsible": "juf Anna",
            "start": "2026-09-01",
            "end": "2026-10-15",
            "evaluation_date": "2026-10-15",
        },
        "evaluation_date",
        "2026-10-20",
        dt.date(2026, 10, 20),
    ),
    (
        "evaluation",
        {"plan": "2026-09-01-plan-pppp", "outcome": "met", "what_worked": "oefenen"},
        "outcome",
        "partly",
        "partly",
    ),
    (
        "conversation",
        {"contact": "before_care_team", "participants": ["parents"], "discussed": "zorgen"},
        "leaflet_given",
        "ja",
        True,
    ),
    (
        "consent",
        {"basis": "written_consent", "forum": "zorgteam", "given_by": ["moeder"]},
        "given_by",
        "moeder; vader",
        ["moeder", "vader"],
    ),
    ("care_team_registration", {"help_question": "wat helpt?"}, "help_question", "hoe?", "hoe?"),
    (
        "meeting",
        {"forum": "zorgteam", "attendees": [{"name": "Ilse", "function": "IB"}]},
        "analysis.problem",
        "leest traag",
        "leest traag",
    ),
    (
        "action",
        {"owner": "IB", "description": "belt de moeder over de toets", "due": "2026-09-20"},
        "due",
        "2026-09-25",
        dt.date(2026, 9, 25),
    ),
    (
        "action_update",
        {"action": "2026-09-01-action-aaaa", "status": "done"},
        "status",
        "lapsed",
        "lapsed",
    ),
    ("zat_registration", {"help_question": "wat helpt?"}, "help_question", "hoe?", "hoe?"),
    (
        "referral",
        {"destination": "youth_care", "institution": "lt-delft", "reason": "thuis"},
        "expected_feedback",
        "2026-10-01",
        dt.date(2026, 10, 1),
    ),
    (
        "feedback",
        {"referral": "2026-09-01-referral-rrrr", "feedback": "registration_confirmed"},
        "status",
        "started",
        "started",
    ),
    (
        "external_care",
        {"institution": "GGZ Jeugd", "care": "behandeling"},
        "start",
        "2026-09-05",
        dt.date(2026, 9, 5),
    ),
    ("closure", {"reason": "goals_met", "parents_told": "klaar"}, "reason", "moved", "moved"),
    ("reopen", {"reason": "nieuwe zorgen"}, "reason", "weer zorgen", "weer zorgen"),
    (
        "dormant",
        {"review_date": "2026-12-01", "reason": "rustig"},
        "review_date",
        "2027-01-10",
        dt.date(2027, 1, 10),
    ),
    (
        "authority_change",
        {"custody": "sole", "holders": ["moeder"]},
        "holders",
        "vader",
        ["vader"],
    ),
    (
        "contact_restriction",
        {"adult": "vader", "may_contact": False},
        "may_contact",
        "ja",
        True,
    ),
    ("pupil_voice", {"decision": "refuses_info"}, "adults", "vader", ["vader"]),
    (
        "info_request",
        {"adult": "vader", "request": "information"},
        "request",
        "inspection",
        "inspection",
    ),
    (
        "info_answer",
        {"request": "2026-09-01-info_request-iiii", "outcome": "given"},
        "outcome",
        "refused",
        None,  # refused needs a motivation: the model refuses this correction
    ),
    (
        "signature",
        {"document": "action_plan", "refers_to": "2026-09-01-plan-pppp", "signed_by": ["moeder"]},
        "date",
        "2026-09-03",
        dt.date(2026, 9, 3),
    ),
    ("registry", {"action": "registered"}, "action", "withdrawn", "withdrawn"),
    (
        "opp",
        {
            "exit_perspective": "vmbo basis",
            "supporting": ["leert graag"],
            "hindering": ["leest traag"],
            "support": "extra leestijd",
            "evaluation_date": "2027-06-01",
        },
        "exit_perspective",
        "vmbo kader",
        "vmbo kader",
    ),
    (
        "opp_evaluation",
        {"opp": "2026-09-01-plan-pppp", "outcome": "gaat goed"},
        "perspective_holds",
        "nee",
        False,
    ),
    (
        "expert_advice",
        {"expert": "drs. Jansen", "expertise": "orthopedagoog", "advice": "TLV"},
        "organisation",
        "SWV Delft",
        "SWV Delft",
    ),
    (
        "transfer",
        {"to_school": "Het Lyceum", "school_advice": "havo", "advice_grounds": "toetsen"},
        "school_advice",
        "vwo",
        "vwo",
    ),
    (
        "factors",
        {"child_supporting": ["nieuwsgierig"]},
        "pupil_view",
        "ik lees graag",
        "ik lees graag",
    ),
    (
        "meldcode",
        {"step": "signals", "description": "blauwe plekken"},
        "description",
        "blauwe plekken op beide armen",
        "blauwe plekken op beide armen",
    ),
    (
        "mandate",
        {
            "meeting": "2026-09-01-meeting-mmmm",
            "team": "lt-delft",
            "person": "Mila Jansen",
            "decision": "beschikking",
        },
        "decision",
        "beschikking ambulante hulp",
        "beschikking ambulante hulp",
    ),
    (
        "doorbraak",
        {
            "reason": "no_start",
            "table": "perspectieftafel",
            "question": "wie helpt?",
            "follow_up": "2026-10-01",
        },
        "follow_up",
        "2026-10-15",
        dt.date(2026, 10, 15),
    ),
    (
        "sdq",
        {"version": "teacher", "answers": dict.fromkeys(range(1, 26), 1)},
        "informant",
        "mentor",
        "mentor",
    ),
    (
        "absence",
        {"start": "2026-08-24", "end": "2026-08-28", "unauthorised_hours": 2},
        "note",
        "ziek",
        "ziek",
    ),
    (
        "leerplicht_report",
        {"officer": "leerplicht Delft", "hours": 16},
        "officer",
        "leerplicht Rijswijk",
        "leerplicht Rijswijk",
    ),
    (
        "test_result",
        {"instrument": "Cito", "area": "rekenen", "score": "41"},
        "score",
        "43",
        "43",
    ),
]


def test_every_correctable_kind_is_in_the_table() -> None:
    assert {k for k, *_ in KINDS} == set(RECORD_TYPES) - {
        "correction",
        "void",
        "document",
        "provenance",  # where a handed-over case came from: written by the import only
    }


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def put(repo: Path, case: str, rid: str, kind: str, fields: dict[str, Any]) -> None:
    """Write a record as zorgroute would and commit it."""
    zr = open_repository(repo)
    record = RECORD_TYPES[kind].model_validate({"kind": kind, "date": rid[:10], **BASE, **fields})
    path = repo / "cases" / case / "records" / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(zr.record_text(record), encoding="utf-8")
    git(repo, "add", "--", str(path))
    git(repo, "commit", "-q", "-m", f"test: {kind}")


def correct(run: Run, repo: Path, case: str, rid: str, field: str, value: str) -> Any:
    return run(
        "--repo", repo, "correct", case, rid, "--field", field, "--value", value,
        "--reason", "verzoek van de ouders", "--date", "2026-11-20",
    )  # fmt: skip


@pytest.mark.parametrize(("kind", "fields", "field", "typed", "expected"), KINDS)
def test_a_correction_of_each_kind_takes_effect_and_keeps_the_original(
    repo: Path,
    new_case: Callable[..., str],
    run: Run,
    kind: str,
    fields: dict[str, Any],
    field: str,
    typed: str,
    expected: Any,
) -> None:
    case = new_case(birth_date="2008-03-04")  # 18 on the day of every record
    put(repo, case, "2026-09-01-plan-pppp", "plan", KINDS[1][1])
    put(repo, case, "2026-09-01-action-aaaa", "action", KINDS[7][1])
    put(repo, case, "2026-09-01-referral-rrrr", "referral", KINDS[10][1])
    put(repo, case, "2026-09-01-info_request-iiii", "info_request", KINDS[19][1])
    if kind == "reopen":  # a reopening needs a closure before it
        put(repo, case, "2026-09-01-closure-cccc", "closure", KINDS[13][1])
    if kind == "mandate":  # a decision with mandate follows a meeting that decided on youth care
        mdo = {**KINDS[6][1], "forum": "mdo", "decisions": ["youth_care"]}
        put(repo, case, "2026-09-01-meeting-mmmm", "meeting", mdo)
    rid = f"2026-09-02-{kind}-kkkk"
    put(repo, case, rid, kind, fields)
    before = (repo / "cases" / case / "records" / f"{rid}.yaml").read_text(encoding="utf-8")
    res = correct(run, repo, case, "kkkk", field, typed)  # the short id is enough
    if expected is None:
        assert res.exit_code == 1, res.output
        assert "er is niets vastgelegd" in res.stderr
        assert "bij weigeren of gedeeltelijk geven hoort een motivering" in res.stderr
        assert not list((repo / "cases" / case / "records").glob("*-correction-*"))
        return
    assert res.exit_code == 0, res.output
    loaded = engine.load(open_repository(repo), case)
    value: Any = loaded.data.by_id[rid].record
    for part in field.split("."):
        value = getattr(value, part)
    assert value == expected
    original = loaded.data.original(rid)
    assert original is not None and original.record != loaded.data.by_id[rid].record
    after = (repo / "cases" / case / "records" / f"{rid}.yaml").read_text(encoding="utf-8")
    assert after == before
    history = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    row = next(h for h in history["history"] if h["id"] == rid)
    assert len(row["corrected_by"]) == 1
    assert run("--repo", repo, "check").exit_code == 0, run("--repo", repo, "check").output


# --- every refusal of a bad correction ----------------------------------------------


def signal(run: Run, repo: Path, case: str, date: str = "2026-09-01") -> str:
    res = run(
        "--repo", repo, "signal", case, "--observed-by", "juf Anna", "--setting", "classroom",
        "--since", "months", "--category", "learning", "--description", "leest traag",
        "--date", date,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem


REFUSALS = [
    ("unknown field", "{rid}", "nonexistent_field", "x", 1, "geen veld 'nonexistent_field'"),
    ("impossible date", "{rid}", "date", "2026-02-31", 1, "geen geldige datum"),
    ("bad vocabulary", "{rid}", "since", "altijd", 1, "since: ongeldige waarde 'altijd'"),
    ("bad yes/no", "2026-09-02-conversation-cccc", "leaflet_given", "misschien", 1, "ja of nee"),
    ("unknown record", "zzzz", "description", "x", 4, "heeft geen record 'zzzz'"),
    ("fixed field", "{rid}", "recorded_by", "iemand", 1, "geen veld 'recorded_by'"),
    ("kind", "{rid}", "kind", "plan", 1, "geen veld 'kind'"),
    ("same value", "{rid}", "since", "months", 2, "heeft die waarde al"),
    ("empty list", "{rid}", "categories", ";", 1, "categories"),
]


@pytest.mark.parametrize(
    ("target", "field", "value", "code", "message"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_a_bad_correction_is_refused_located_and_nothing_is_written(
    repo: Path,
    new_case: Callable[..., str],
    run: Run,
    target: str,
    field: str,
    value: str,
    code: int,
    message: str,
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    put(
        repo,
        case,
        "2026-09-02-conversation-cccc",
        "conversation",
        {"contact": "before_care_team", "participants": ["parents"], "discussed": "zorgen"},
    )
    records = sorted((repo / "cases" / case / "records").iterdir())
    head = git(repo, "rev-parse", "HEAD")
    res = correct(run, repo, case, target.format(rid=rid), field, value)
    assert res.exit_code == code, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output
    assert sorted((repo / "cases" / case / "records").iterdir()) == records
    assert git(repo, "rev-parse", "HEAD") == head
    if code == 1:  # located: the file of the record, a line, the rule
        assert f"cases/{case}/records/" in res.stderr and "[correctie]" in res.stderr


def test_a_correction_of_a_correction_or_a_voided_record_is_refused(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    assert correct(run, repo, case, rid, "description", "leest langzaam").exit_code == 0
    fix = next((repo / "cases" / case / "records").glob("*-correction-*")).stem
    res = correct(run, repo, case, fix, "value", "iets")
    assert res.exit_code == 2 and "een correctie wordt niet gecorrigeerd" in res.stderr
    assert run("--repo", repo, "void", case, rid, "--reden", "vergissing").exit_code == 0
    res = correct(run, repo, case, rid, "description", "nog anders")
    assert res.exit_code == 2 and "is ingetrokken" in res.stderr


def test_an_ambiguous_short_id_is_refused(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    put(repo, case, "2026-09-01-action-abcd", "action", KINDS[7][1])
    put(repo, case, "2026-09-02-action-abcd", "action", KINDS[7][1])
    res = correct(run, repo, case, "abcd", "owner", "mentor")
    assert res.exit_code == 2
    assert "past bij meer dan één record" in res.stderr


def test_the_case_itself_can_be_corrected(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case(birth_date="2017-03-04")
    res = correct(run, repo, case, "case", "Geboortedatum", "2016-03-04")  # by Dutch title
    assert res.exit_code == 0, res.output
    loaded = engine.load(open_repository(repo), case)
    assert loaded.case.pupil.birth_date == dt.date(2016, 3, 4)
    assert loaded.data.as_written.pupil.birth_date == dt.date(2017, 3, 4)
    show = json.loads(run("--repo", repo, "show", case, "--format", "json").stdout)
    assert show["pupil"]["birth_date"] == "2016-03-04"
    assert run("--repo", repo, "check").exit_code == 0


# --- the correction takes effect everywhere --------------------------------------------


def plan_cmd(run: Run, repo: Path, case: str) -> str:
    res = run(
        "--repo", repo, "plan", case, "--type", "action_plan", "--area", "lezen",
        "--goal", "vlot lezen", "--approach", "oefenen", "--responsible", "juf Anna",
        "--start", "2026-09-10", "--end", "2026-10-20", "--evaluation-date", "2026-10-20",
        "--date", "2026-09-10",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem


def test_a_corrected_evaluation_date_moves_the_agenda_and_the_document(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case)
    rid = plan_cmd(run, repo, case)
    assert correct(run, repo, case, rid, "evaluation_date", "2026-12-01").exit_code == 0
    res = run("--repo", repo, "agenda", "--format", "json", "--to", "2026-12-31")
    assert res.exit_code == 0, res.output
    text = json.dumps(json.loads(res.stdout))
    assert "2026-12-01" in text and "2026-10-20" not in text
    res = run("--repo", repo, "render", case, "action-plan", "--record", rid, "--format", "md")
    assert res.exit_code == 0, res.output
    doc = sorted((repo / "cases" / case / "documents").glob("*.md"))[-1]
    assert "1 december 2026" in doc.read_text(encoding="utf-8")


def test_a_corrected_yes_no_lets_the_rule_pass(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case)
    res = run(
        "--repo", repo, "talk", case, "--contact", "before_zat", "--with", "parents",
        "--adult", "moeder", "--discussed", "aanmelding ZAT", "--date", "2026-09-15",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem

    def leaflet_blocks() -> bool:
        status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
        return any("folder" in json.dumps(n["blockers"]) for n in status["next"])

    loaded = engine.load(open_repository(repo), case)
    assert loaded.data.by_id[rid].record.leaflet_given is False  # type: ignore[attr-defined]
    before = leaflet_blocks()
    assert correct(run, repo, case, rid, "leaflet_given", "ja").exit_code == 0
    loaded = engine.load(open_repository(repo), case)
    assert loaded.data.by_id[rid].record.leaflet_given is True  # type: ignore[attr-defined]
    assert not leaflet_blocks() or not before


def test_a_filled_empty_field_shows_in_the_parents_overview(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    res = run(
        "--repo", repo, "talk", case, "--contact", "signal", "--with", "parents",
        "--discussed", "de zorgen", "--date", "2026-09-15",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem
    value = "Hoe kunnen wij thuis helpen met lezen?"
    assert correct(run, repo, case, rid, "parents_questions", value).exit_code == 0
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "md")
    assert res.exit_code == 0, res.output
    doc = sorted((repo / "cases" / case / "documents").glob("*parents-overview*.md"))[-1]
    text = doc.read_text(encoding="utf-8")
    assert value in text and "(niet ingevuld)" in text


def test_a_corrected_closure_reason_counts_in_the_report(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case)
    res = run(
        "--repo", repo, "close", case, "--reason", "goals_met", "--parents-told", "klaar",
        "--date", "2026-10-01",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem
    assert correct(run, repo, case, rid, "reason", "moved").exit_code == 0
    report = run("--repo", repo, "report", "--format", "json")
    assert report.exit_code == 0, report.output
    text = json.dumps(json.loads(report.stdout))
    assert "verhuisd" in text or "moved" in text
    assert "doelen gehaald" not in text and "goals_met" not in text


# --- void, double closure and reopen -------------------------------------------------


def test_void_withdraws_a_record_and_keeps_it_in_history(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    res = run("--repo", repo, "void", case, rid.rsplit("-", 1)[1], "--reden", "verkeerd dossier")
    assert res.exit_code == 0, res.output
    loaded = engine.load(open_repository(repo), case)
    assert rid not in loaded.data.by_id and rid in loaded.data.voided
    assert loaded.state.step == loaded.route.steps[0].id
    timeline = json.loads(run("--repo", repo, "timeline", case, "--format", "json").stdout)
    row = next(r for r in timeline["records"] if r["id"] == rid)
    assert row["voided_by"] is not None
    text = run("--repo", repo, "timeline", case).stdout
    assert rid in text and "ingetrokken" in text
    assert run("--repo", repo, "check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--reden"),
        (("--reden", "x", "--record-missing"), "onbekende optie"),
    ],
)
def test_void_needs_a_reason(
    repo: Path, new_case: Callable[..., str], run: Run, args: tuple[str, ...], message: str
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    res = run("--repo", repo, "void", case, rid, *args)
    assert res.exit_code == 2 and message in res.output


def test_void_of_a_void_or_twice_is_refused(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    assert run("--repo", repo, "void", case, rid, "--reden", "vergissing").exit_code == 0
    again = run("--repo", repo, "void", case, rid, "--reden", "nog eens")
    assert again.exit_code == 2 and "al ingetrokken" in again.stderr
    void_id = next((repo / "cases" / case / "records").glob("*-void-*")).stem
    res = run("--repo", repo, "void", case, void_id, "--reden", "toch niet")
    assert res.exit_code == 2 and "kan zelf niet worden ingetrokken" in res.stderr


def close(run: Run, repo: Path, case: str, date: str) -> Any:
    return run(
        "--repo", repo, "close", case, "--reason", "goals_met", "--parents-told", "klaar",
        "--date", date,
    )  # fmt: skip


def test_a_second_closure_is_refused(repo: Path, new_case: Callable[..., str], run: Run) -> None:
    case = new_case()
    signal(run, repo, case)
    assert close(run, repo, case, "2026-10-01").exit_code == 0
    res = close(run, repo, case, "2026-10-02")
    assert res.exit_code == 3 and "het dossier is afgesloten" in res.stderr


def test_a_merged_double_closure_is_resolved_by_voiding_one_and_reopen_restores(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    signal(run, repo, case)
    plan_cmd(run, repo, case)
    step_before = engine.load(open_repository(repo), case).state.step
    assert close(run, repo, case, "2026-10-01").exit_code == 0
    # the second closure, as a colleague's clone made it and a merge brought it in
    put(repo, case, "2026-10-02-closure-dddd", "closure", KINDS[13][1])
    check = run("--repo", repo, "check")
    assert check.exit_code == 1
    assert "twee keer afgesloten" in check.stderr
    assert f"zorgroute void {case}" in check.stderr
    # reopen once restores the step the case had, even before the double is resolved
    res = run("--repo", repo, "reopen", case, "--reason", "nieuwe zorgen", "--date", "2026-10-05")
    assert res.exit_code == 0, res.output
    loaded = engine.load(open_repository(repo), case)
    assert not loaded.state.closed and loaded.state.step == step_before
    status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    assert status["closed"] is False and status["step"] == step_before
    assert run("--repo", repo, "void", case, "dddd", "--reden", "dubbel").exit_code == 0
    assert run("--repo", repo, "check").exit_code == 0, run("--repo", repo, "check").output
    again = run("--repo", repo, "reopen", case, "--reason", "x", "--date", "2026-10-06")
    assert again.exit_code == 3 and "niet afgesloten" in again.stderr


def test_record_ids_are_shown_in_show_timeline_and_status(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    rid = signal(run, repo, case)
    for command in ("show", "timeline", "status"):
        res = run("--repo", repo, command, case, env={"COLUMNS": "300"})
        assert res.exit_code == 0, res.output
        assert rid in res.stdout, command


def test_every_reader_sees_a_correction_but_the_policy_only_from_its_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    from zorgroute.model.vocab import Forum
    from zorgroute.policy import may_discuss

    case = new_case()
    rid = "2026-09-01-consent-kkkk"
    fields = {"basis": "written_consent", "forum": "zorgteam", "given_by": ["moeder", "vader"]}
    put(repo, case, rid, "consent", fields)  # written consent of both parents, for the zorgteam
    assert correct(run, repo, case, "kkkk", "forum", "zat").exit_code == 0  # on 2026-11-20
    loaded = engine.load(open_repository(repo), case)
    consent = loaded.data.by_id[rid].record
    assert getattr(consent, "forum") == Forum.zat  # noqa: B009 - what every view shows
    route, config = loaded.route, loaded.repo.config
    assert not may_discuss(loaded.data, route, config, Forum.zat, dt.date(2026, 10, 1)).allowed
    assert may_discuss(loaded.data, route, config, Forum.zat, dt.date(2026, 11, 20)).allowed
