"""SDQ, absence, test results and the leerplicht reporting duty: scores and bands from a
configuration file, the trend in `show`, a score as the trigger or evidence of a step, the
legal threshold opening an item with a letter, and the ZAT form's results and attendance."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, files_under
from test_documents import documents, zat_ready
from test_route_rules import HELP_Q

from zorgroute.domain.instruments import sdq_scores
from zorgroute.model.records import Sdq
from zorgroute.store.instruments import builtin_sdq, sdq_config

ROOT = Path(__file__).resolve().parent.parent
HIGH = "2,1,2,1,2,1,2,2,0,2,1,2,2,1,2,2,0,2,2,0,1,2,2,2,1"  # raised on every scale
LOW = ",".join(["0"] * 25)


def ok(run: Run, repo: Path, *args: str) -> str:
    res = run("--repo", repo, *args)
    assert res.exit_code == 0, res.output
    return res.stdout


def refused(run: Run, repo: Path, *args: str, code: int = 3) -> str:
    before = files_under(repo)
    res = run("--repo", repo, *args)
    assert res.exit_code == code, res.output
    assert files_under(repo) == before and "Traceback" not in res.output
    return res.stderr


def sdq(version: str, answers: dict[int, int]) -> Sdq:
    return Sdq.model_validate(
        {
            "kind": "sdq",
            "date": "2026-11-01",
            "recorded_by": "t",
            "recorded_at": "2026-11-01T10:00:00",
            "version": version,
            "answers": answers,
        }
    )


def scores_of(record: Sdq) -> dict[str, tuple[int, str]]:
    return {s.scale: (s.score, s.band) for s in sdq_scores(record, sdq_config(None))}


# --- scoring ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "answers", "expected"),
    [
        # all "not true": the reversed items (7, 11, 14, 21, 25) score 2 each
        ("teacher", {}, {"conduct": (2, "normal"), "peer": (4, "borderline"),
                         "hyperactivity": (4, "normal"), "emotional": (0, "normal"),
                         "prosocial": (0, "abnormal"), "total": (10, "normal")}),
        # emotional items 3, 8, 13, 16, 24 "certainly true": 10, high for every version
        ("parent", {3: 2, 8: 2, 13: 2, 16: 2, 24: 2},
         {"emotional": (10, "abnormal"), "total": (20, "abnormal")}),
        ("self", {3: 1, 8: 1, 13: 1, 16: 1, 24: 1, 1: 2, 4: 2, 9: 2, 17: 2, 20: 2},
         {"emotional": (5, "normal"), "prosocial": (10, "normal"), "total": (15, "normal")}),
        # borderline teacher total: 12
        ("teacher", {3: 2, 8: 2}, {"emotional": (4, "normal"), "total": (14, "borderline")}),
    ],
)  # fmt: skip
def test_scores_per_scale_and_total_with_bands_from_the_scoring_file(
    version: str, answers: dict[int, int], expected: dict[str, tuple[int, str]]
) -> None:
    full = {n: 0 for n in range(1, 26)} | answers
    got = scores_of(sdq(version, full))
    for scale, value in expected.items():
        assert got[scale] == value, scale


def test_the_package_holds_no_item_texts() -> None:
    text = builtin_sdq().read_text(encoding="utf-8")
    for words in ("considerate", "restless", "rekening met", "rusteloos", "worries"):
        assert words not in text.lower()


@pytest.mark.parametrize(
    ("answers", "message", "code"),
    [
        ("0,1,2", "antwoord ontbreekt bij item 4, 5, 6 en nog 19 andere", 1),
        (",".join(["3"] * 25), "een antwoord is 0, 1 of 2; niet bij item 1, 2, 3 en nog 22", 1),
        ("1=0,26=1", "de SDQ heeft 25 items; onbekend itemnummer: 26", 1),
        ("a,b", "--answers: de antwoorden zijn geen getallen", 2),
    ],
)
def test_wrong_answers_are_refused_with_the_item(
    repo: Path, run: Run, new_case: Callable[..., str], answers: str, message: str, code: int
) -> None:
    c = new_case()
    err = refused(run, repo, "sdq", c, "--version", "leerkracht", "--answers", answers, code=code)
    assert message in err, err


def test_a_school_may_ship_its_own_bands(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ok(run, repo, "sdq", c, "--version", "teacher", "--answers", LOW)
    own = (
        builtin_sdq()
        .read_text(encoding="utf-8")
        .replace(
            "  teacher:\n    total: {borderline: 12, abnormal: 16}",
            "  teacher:\n    total: {borderline: 8, abnormal: 9}",
        )
    )
    (repo / "sdq.yaml").write_text(own, encoding="utf-8")
    shown = json.loads(ok(run, repo, "show", c, "--format", "json"))
    assert shown["sdq"][0]["total"] == {
        "scale": "total",
        "title": "totale probleemscore",
        "score": 10,
        "band": "abnormal",
        "band_label": "hoog",
    }
    (repo / "sdq.yaml").write_text("scales: []\n", encoding="utf-8")
    res = run("--repo", repo, "show", c)
    assert res.exit_code == 1 and "sdq.yaml" in res.stderr and "Traceback" not in res.output


def test_show_gives_the_trend_over_administrations(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ok(run, repo, "sdq", c, "--version", "leerkracht", "--answers", HIGH, "--date", "2026-09-01")
    ok(run, repo, "sdq", c, "--version", "ouder", "--answers", HIGH, "--date", "2026-09-02")
    ok(run, repo, "sdq", c, "--version", "leerkracht", "--answers", LOW, "--date", "2026-11-20")
    shown = json.loads(ok(run, repo, "show", c, "--format", "json"))
    trend = [(a["date"], a["version"], a["total"]["score"], a["change"]) for a in shown["sdq"]]
    assert trend == [
        ("2026-09-01", "teacher", 32, None),
        ("2026-09-02", "parent", 32, None),
        ("2026-11-20", "teacher", 10, -22),  # against the previous teacher version
    ]
    text = ok(run, repo, "show", c)
    assert "SDQ: verloop" in text and "-22" in text and "32 (hoog)" in text
    assert "prosociaal gedrag 3 (laag)" in " ".join(text.split())


# --- a score as trigger or evidence -----------------------------------------------------------


def sdq_id(repo: Path, c: str) -> str:
    return next((repo / "cases" / c / "records").glob("*-sdq-*.yaml")).stem


def test_a_raised_sdq_is_the_trigger_for_the_care_team(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ok(run, repo, "sdq", c, "--version", "leerkracht", "--answers", LOW, "--date", "2026-11-02")
    low = sdq_id(repo, c)
    err = refused(run, repo, "care-team", c, "--help-question", HELP_Q, "--evidence", low)
    assert "geen aanleiding voor aanmelding bij het zorgteam" in err
    ok(run, repo, "sdq", c, "--version", "ouder", "--answers", HIGH, "--date", "2026-11-03")
    high = next(
        p for p in sorted((repo / "cases" / c / "records").glob("*-sdq-*")) if p.stem != low
    )
    res = run(
        "--repo", repo, "care-team", c, "--help-question", HELP_Q, "--evidence", high.stem,
        "--override", "evaluated_plans=spoed", "--override", "help_question=zie vraag",
    )  # fmt: skip
    assert "geen aanleiding" not in res.output, res.output


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("2026-11-01-sdq-zzzz", "de onderbouwing 2026-11-01-sdq-zzzz bestaat niet in dit dossier"),
        ("SIGNAL", "is geen SDQ, verzuim of toets- of volgresultaat"),
        ("LATER", "is van na de datum van deze stap"),
    ],
)
def test_evidence_must_be_an_instrument_record_of_this_case_from_before(
    repo: Path, run: Run, new_case: Callable[..., str], evidence: str, message: str
) -> None:
    c = new_case()
    signal = ["--observed-by", "juf", "--setting", "classroom", "--since", "weeks"]
    signal += ["--category", "learning", "--description", "leest traag", "--date", "2026-11-01"]
    ok(run, repo, "signal", c, *signal)
    ok(run, repo, "test-result", c, "--instrument", "AVI", "--area", "lezen", "--score", "E4",
       "--date", "2026-11-20")  # fmt: skip
    records = repo / "cases" / c / "records"
    ids = {
        "SIGNAL": next(records.glob("*-signal-*")).stem,
        "LATER": next(records.glob("*-test_result-*")).stem,
    }
    rid = ids.get(evidence, evidence)
    err = refused(
        run, repo, "care-team", c, "--trigger", "too_little_profit", "--help-question", HELP_Q,
        "--evidence", rid, "--date", "2026-11-10",
    )  # fmt: skip
    assert "[evidence]" in err and message.replace("LATER", rid) in err


# --- absence and leerplicht -------------------------------------------------------------------


def absence(run: Run, repo: Path, c: str, start: str, end: str, hours: str) -> None:
    ok(run, repo, "absence", c, "--from", start, "--to", end, "--unauthorised", hours)


@pytest.mark.parametrize(
    ("periods", "settings", "due"),
    [
        # 10 + 6 = 16 hours within 4 weeks: the legal threshold is reached
        ([("2026-10-05", "2026-10-09", "10"), ("2026-10-12", "2026-10-16", "6")], "", 16),
        # 15 hours: not yet
        ([("2026-10-05", "2026-10-09", "10"), ("2026-10-12", "2026-10-16", "5")], "", None),
        # 16 hours, but spread over more than 4 weeks
        ([("2026-09-07", "2026-09-11", "8"), ("2026-10-12", "2026-10-16", "8")], "", None),
        # the school reports earlier: 8 hours
        ([("2026-10-05", "2026-10-09", "10")], "leerplicht_hours: 8", 10),
    ],
)
def test_the_threshold_opens_a_leerplicht_item(
    repo: Path,
    run: Run,
    new_case: Callable[..., str],
    periods: list[tuple[str, str, str]],
    settings: str,
    due: int | None,
) -> None:
    if settings:
        config = repo / "zorgroute.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("leerplicht_hours: 16", settings, 1), "utf-8")
    c = new_case()
    for start, end, hours in periods:
        absence(run, repo, c, start, end, hours)
    status = json.loads(ok(run, repo, "status", c, "--format", "json"))
    items = [d for d in status["deadlines"] if "leerplichtambtenaar" in d["what"]]
    if due is None:
        assert items == []
        return
    assert len(items) == 1 and items[0]["overdue"]
    assert f"{due} uur ongeoorloofd verzuim" in items[0]["what"]
    agenda = run("--repo", repo, "agenda", "--format", "json")
    assert "leerplichtambtenaar" in agenda.stdout


def test_the_report_and_its_letter_close_the_item(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    absence(run, repo, c, "2026-10-05", "2026-10-09", "12")
    absence(run, repo, c, "2026-10-12", "2026-10-16", "6")
    out = ok(
        run, repo, "leerplicht", c, "--officer", "Leerplicht Delft", "--hours", "18",
        "--from", "2026-10-05", "--to", "2026-10-16", "--date", "2026-10-19",
    )  # fmt: skip
    assert "leerplicht-report" in out
    (letter,) = documents(repo, c, "*leerplicht-report*.md")
    text = letter.read_text(encoding="utf-8")
    assert "Het gaat om 18 uur van 5 oktober 2026 tot en met 16 oktober 2026." in text
    assert "16 uur ongeoorloofd verzuim binnen 4 schoolweken" in text
    assert "Van 12 oktober 2026 tot en met 16 oktober 2026: 6 uur ongeoorloofd" in text
    status = json.loads(ok(run, repo, "status", c, "--format", "json"))
    assert not [d for d in status["deadlines"] if "leerplichtambtenaar" in d["what"]]
    shown = json.loads(ok(run, repo, "show", c, "--format", "json"))
    assert shown["absence"]["unauthorised_hours"] == 18
    assert shown["leerplicht"][0]["reported"] is not None
    ok(run, repo, "check")


def test_absence_with_the_end_before_the_start_is_refused(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    err = refused(
        run, repo, "absence", c, "--from", "2026-10-09", "--to", "2026-10-05", "--unauthorised",
        "3", code=1,
    )  # fmt: skip
    assert "het einde van de periode ligt voor het begin" in err


def test_results_and_attendance_feed_the_zat_form(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    zat_ready(run, repo, c)
    ok(run, repo, "sdq", c, "--version", "leerkracht", "--answers", HIGH, "--date", "2026-11-10")
    absence(run, repo, c, "2026-10-05", "2026-10-09", "4")
    absence(run, repo, c, "2026-10-12", "2026-10-16", "2")
    ok(run, repo, "test-result", c, "--instrument", "AVI", "--area", "technisch lezen",
       "--score", "E4", "--level", "IV", "--date", "2026-11-10")  # fmt: skip
    ok(run, repo, "escalate", c, "--attachment", "verslag logopedie")
    md = next(iter(documents(repo, c, "*zat-registration*.md"))).read_text(encoding="utf-8")
    section = md.split("Resultaten en aanwezigheid", 1)[1]
    for expected in (
        "leerkrachtversie: totale probleemscore 32 (hoog); emotionele problemen 10 (hoog)",
        "van 5 oktober 2026 tot en met 9 oktober 2026: 4 uur ongeoorloofd",
        "6 uur ongeoorloofd en 0 uur geoorloofd verzuim in 2 perioden",
        "technisch lezen (AVI): E4, niveau IV",
    ):
        assert expected in " ".join(section.split()), expected


def test_a_school_route_may_require_a_raised_sdq_before_the_care_team(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    from test_route_law import act, school_route

    def need_sdq(route: dict[str, object]) -> None:
        act(route, "care-team")["requires"].append(
            {"rule": "sdq_score", "params": {"scale": "total", "within_days": 90}}
        )

    (repo / "routes").mkdir()
    (repo / "routes" / "po-1-zorgroute.yaml").write_text(school_route(need_sdq), "utf-8")
    c = new_case()
    args = ("care-team", c, "--trigger", "serious_concern", "--help-question", HELP_Q)
    err = refused(run, repo, *args)
    assert "[sdq_score] er is geen SDQ van de laatste 90 dagen met een score 'verhoogd'" in err
    assert "zorgroute sdq " in err
    ok(run, repo, "sdq", c, "--version", "ouder", "--answers", HIGH, "--date", "2026-11-03")
    status = json.loads(ok(run, repo, "status", c, "--format", "json"))
    care_team = next(n for n in status["next"] if n["command"] == "care-team")
    assert "sdq_score" not in [b["rule"] for b in care_team["blockers"]]


def test_a_bundle_is_never_written_into_the_repository(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    err = refused(run, repo, "export", c, "--to", "lt-delft", "--out", repo / "cases", code=2)
    assert "hoort niet in de repository" in err
