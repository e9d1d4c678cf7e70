"""`zorgroute agenda`: exactly what is due and overdue on a given day, and the calendar file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import PARTNERS, TODAY, Result, Run, commit_paths

from zorgroute.model.records import RECORD_TYPES
from zorgroute.store.yamlio import dump_model
from zorgroute.views.agenda import Agenda, AgendaItem, Period, ics_bytes

NAMES = {
    "A": ("Sanne", "Testkind"),
    "B": ("Daan", "de Proef"),
    "C": ("Mila", "Voorbeeld"),
    "D": ("Noor", "Oefening"),
    "E": ("Finn", "Slaper"),
}


def record(root: Path, case: str, rid: str, commit: bool = True, **fields: Any) -> None:
    """Write one valid record file, as a second clone would (committed), or as an editor
    would (`commit=False`)."""
    kind = rid.split("-")[3]
    fields.setdefault("recorded_by", "Ilse Bakker (intern begeleider)")
    fields.setdefault("recorded_at", f"{rid[:10]}T10:00:00")
    fields.setdefault("date", rid[:10])
    model = RECORD_TYPES[kind].model_validate({"kind": kind, **fields})
    path = root / "cases" / case / "records" / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_model(model, None), encoding="utf-8")
    if commit:
        commit_paths(root, [path.relative_to(root).as_posix()])


def make_case(run: Run, root: Path, first: str, last: str, birth: str = "2016-05-01") -> str:
    res = run(
        "--repo",
        root,
        "new-case",
        "--first-name",
        first,
        "--last-name",
        last,
        "--birth-date",
        birth,
        "--group",
        "5a",
        "--home-municipality",
        "Delft",
        "--adult",
        "id=moeder;name=Ria Ouder;relation=mother;authority=ja",
        "--adult",
        "id=vader;name=Tom Ouder;relation=father;authority=ja",
    )
    assert res.exit_code == 0, res.output
    return res.stdout.strip().splitlines()[-1]


ATTENDEES = [{"name": "Ilse Bakker", "function": "intern begeleider", "role": "chair"}]


def build_scenario(run: Run, root: Path) -> dict[str, str]:
    """Five cases, each with known dates around 2026-11-23."""
    ids = {k: make_case(run, root, *v) for k, v in NAMES.items()}
    a, b, c, d, e = (ids[k] for k in "ABCDE")
    # A: in the zorgteam, with actions, an unevaluated plan, a talk due, a notice running
    record(
        root,
        a,
        "2026-06-01-plan-old1",
        plan_type="group_plan",
        area="lezen",
        goals=["AVI E4"],
        approach="duo-lezen",
        responsible="juf Anna",
        start="2026-06-01",
        end="2026-06-30",
        evaluation_date="2026-07-01",
    )
    record(
        root,
        a,
        "2026-07-02-evaluation-ev01",
        plan="2026-06-01-plan-old1",
        outcome="partly",
        what_worked="duo-lezen",
    )
    record(
        root,
        a,
        "2026-09-07-plan-new1",
        plan_type="group_plan",
        area="rekenen",
        goals=["tafels tot 10"],
        approach="dagelijks oefenen",
        responsible="juf Anna",
        start="2026-09-07",
        end="2026-11-13",
        evaluation_date="2026-11-20",
    )
    record(
        root,
        a,
        "2026-10-01-care_team_registration-ct01",
        triggers=["too_little_profit"],
        help_question="Hoe leert zij rekenen zonder vast te lopen?",
    )
    record(
        root,
        a,
        "2026-11-02-meeting-zt01",
        forum="zorgteam",
        attendees=ATTENDEES,
        decisions=["action_plan"],
        actions=[
            {
                "id": "a1",
                "owner": "Ilse Bakker",
                "description": "vraagt dossier op",
                "due": "2026-11-16",
            },
            {
                "id": "a2",
                "owner": "SMW",
                "description": "belt met Sanne Testkind thuis",
                "due": "2026-12-10",
            },
            {"id": "a3", "owner": "juf Anna", "description": "toetst opnieuw", "due": "2026-11-18"},
            {"id": "a4", "owner": "juf Anna", "description": "observeert", "due": "2026-11-10"},
        ],
    )
    record(
        root, a, "2026-11-18-action_update-up01", action="2026-11-02-meeting-zt01#a3", status="done"
    )
    record(
        root,
        a,
        "2026-11-19-action_update-up02",
        action="2026-11-02-meeting-zt01#a4",
        status="carried_over",
        new_due="2027-01-15",
    )
    record(
        root,
        a,
        "2026-11-20-consent-nt01",
        basis="no_objection_notice",
        forum="zat",
        objection_deadline="2026-12-04",
    )
    # B: referred in June, still on the waiting list, quiet since July
    record(
        root,
        b,
        "2026-06-01-referral-rf01",
        destination="youth_care",
        institution="lt-delft",
        reason="Gezinsondersteuning nodig.",
        expected_feedback="2026-07-01",
    )
    record(
        root,
        b,
        "2026-07-03-feedback-fb01",
        referral="2026-06-01-referral-rf01",
        feedback="registration_confirmed",
        status="waiting_list",
        next_expected="2026-12-01",
    )
    # C: closed, aftercare check still to come
    record(
        root,
        c,
        "2026-10-01-closure-cl01",
        reason="care_taken_over",
        parents_told="De hulp gaat via het lokale team.",
        aftercare_date="2026-11-30",
    )
    # D: closed, aftercare done (feedback heard after closing)
    record(
        root,
        d,
        "2026-10-01-closure-cl02",
        reason="care_taken_over",
        parents_told="De hulp gaat via GGZ.",
        aftercare_date="2026-10-15",
    )
    record(
        root,
        d,
        "2026-05-01-referral-rf02",
        destination="ggz",
        institution="ggz-jeugd",
        reason="Angstklachten.",
    )
    record(
        root,
        d,
        "2026-10-14-feedback-fb02",
        referral="2026-05-01-referral-rf02",
        feedback="care_started",
        status="started",
    )
    # E: dormant, review today
    record(
        root,
        e,
        "2026-10-01-dormant-dm01",
        review_date="2026-11-23",
        reason="Gaat nu goed; na de herfst opnieuw bekijken.",
    )
    return ids


def shared_repository(
    factory: pytest.TempPathFactory, build: Callable[[Run, Path], dict[str, str]]
) -> tuple[Path, dict[str, str]]:
    """Build a repository once for a module of read-only tests (the same steps as the
    `repo` fixture), with the environment the tests run in."""
    from typer.testing import CliRunner

    from zorgroute.cli import app

    def invoke(*args: str | Path, **_: Any) -> Result:
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    with pytest.MonkeyPatch.context() as mp:
        for key, value in {
            "ZORGROUTE_TODAY": TODAY,
            "ZORGROUTE_INTERACTIVE": "0",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
        }.items():
            mp.setenv(key, value)
        mp.delenv("ZORGROUTE_USER", raising=False)
        root = factory.mktemp("shared") / "dossiers"
        res = invoke(
            "init",
            root,
            "--school",
            "De Testschool",
            "--brin",
            "99ZZ",
            "--sector",
            "po",
            "--municipality",
            "Delft",
            "--swv",
            "SWV Test",
            "--ib-name",
            "Ilse Bakker",
            "--directeur",
            "Dirk de Wit",
        )
        assert res.exit_code == 0, res.output
        config = root / "zorgroute.yaml"
        config.write_text(config.read_text(encoding="utf-8") + PARTNERS, encoding="utf-8")
        return root, build(invoke, root)


@pytest.fixture(scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return shared_repository(tmp_path_factory, build_scenario)


@pytest.fixture
def repo(_built: tuple[Path, dict[str, str]]) -> Path:
    return _built[0]


@pytest.fixture
def scenario(_built: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return _built[1]


def agenda_json(run: Run, repo: Path, *args: str) -> dict[str, Any]:
    res = run("--repo", repo, "agenda", "--format", "json", *args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def keyed(data: dict[str, Any], ids: dict[str, str]) -> set[tuple[str, str, str, bool]]:
    back = {v: k for k, v in ids.items()}
    return {(back[i["case"]], i["kind"], i["date"], i["overdue"]) for i in data["items"]}


def test_scenario_is_a_valid_repository(repo: Path, run: Run, scenario: dict[str, str]) -> None:
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output


def test_agenda_shows_exactly_what_is_due_and_overdue(
    repo: Path, run: Run, scenario: dict[str, str]
) -> None:
    data = agenda_json(run, repo)
    assert data["today"] == "2026-11-23"
    assert data["from"] is None and data["to"] == "2026-12-21"
    assert keyed(data, scenario) == {
        ("A", "evaluation", "2026-11-20", True),
        ("A", "action", "2026-11-16", True),
        ("A", "action", "2026-12-10", False),
        ("A", "conversation", "2026-11-16", True),  # gesprek na het zorgteam, 14 days
        ("A", "objection_deadline", "2026-12-04", False),
        ("B", "feedback", "2026-12-01", False),
        ("B", "waiting", "2026-09-29", True),  # 2026-06-01 + 120 days (route norm)
        ("B", "stalled", "2026-08-29", True),  # quiet since 2026-07-03, norm 56 days
        ("C", "aftercare", "2026-11-30", False),
        ("E", "dormant_review", "2026-11-23", True),
    }
    assert data["stalled"] == sorted([scenario["A"], scenario["B"]])
    dates = [i["date"] for i in data["items"]]
    assert dates == sorted(dates)
    action = next(i for i in data["items"] if i["kind"] == "action" and not i["overdue"])
    assert action["owner"] == "SMW"
    assert action["ref"] == "2026-11-02-meeting-zt01#a2"
    assert action["what"] == (
        "afspraak 2026-11-02-meeting-zt01#a2: SMW — belt met Sanne Testkind thuis"
    )
    waiting = next(i for i in data["items"] if i["kind"] == "waiting")
    assert waiting["what"] == (
        "verwezen naar Lokaal team Delft op 1 juni 2026, hulp nog niet gestart (norm 120 dagen)"
    )
    assert waiting["closed_by"] == ["feedback"]
    # what no one else owns lies with the IB from zorgroute.yaml
    assert {i["owner"] for i in data["items"] if i["kind"] == "conversation"} == {"Ilse Bakker"}


def test_agenda_filters_owner_case_and_period(
    repo: Path, run: Run, scenario: dict[str, str]
) -> None:
    assert keyed(agenda_json(run, repo, "--owner", "anna"), scenario) == {
        ("A", "evaluation", "2026-11-20", True)
    }
    assert keyed(agenda_json(run, repo, "--case", scenario["B"]), scenario) == {
        ("B", "feedback", "2026-12-01", False),
        ("B", "waiting", "2026-09-29", True),
        ("B", "stalled", "2026-08-29", True),
    }
    data = agenda_json(run, repo, "--from", "2026-12-01", "--to", "2027-01-31")
    assert keyed(data, scenario) == {
        ("A", "action", "2026-12-10", False),
        ("A", "action", "2027-01-15", False),  # carried over
        ("A", "objection_deadline", "2026-12-04", False),
        ("B", "feedback", "2026-12-01", False),
    }
    assert keyed(agenda_json(run, repo, "--to", "2026-11-23"), scenario) == {
        k for k in keyed(agenda_json(run, repo), scenario) if k[3]
    }


def test_agenda_refuses_a_period_that_ends_before_it_starts(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "agenda", "--from", "2026-12-01", "--to", "2026-11-01")
    assert res.exit_code != 0
    assert "zorgroute: het einde van de periode ligt voor het begin" in res.stderr


def test_agenda_for_an_unknown_case_says_so(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "agenda", "--case", "zzzzzzzz")
    assert res.exit_code != 0
    assert "dossier zzzzzzzz bestaat niet" in res.stderr


def test_agenda_terminal_view(repo: Path, run: Run, scenario: dict[str, str]) -> None:
    res = run("--repo", repo, "agenda")
    assert res.exit_code == 0, res.output
    assert "Agenda op 2026-11-23 (over tijd en t/m 2026-12-21)" in res.stdout
    assert "OVER TIJD" in res.stdout and "vandaag" in res.stdout
    # the IB's own screen shows whose case it is
    assert "Daan de Proef" in res.stdout
    assert (
        f"Stilgevallen dossiers: {', '.join(sorted([scenario['A'], scenario['B']]))}" in res.stdout
    )
    empty = run("--repo", repo, "agenda", "--from", "2030-01-01")
    assert "Niets te doen in deze periode (2030-01-01 t/m 2030-01-29)." in empty.stdout


def test_agenda_writes_nothing_to_the_repository(
    repo: Path, run: Run, scenario: dict[str, str]
) -> None:
    def tree() -> dict[Path, int]:
        return {
            p: p.stat().st_mtime_ns
            for p in repo.rglob("*")
            if ".git" not in p.parts and ".zorgroute-cache" not in p.parts
        }

    before = tree()
    assert run("--repo", repo, "agenda").exit_code == 0
    assert run("--repo", repo, "agenda", "--format", "json").exit_code == 0
    after = tree()
    assert before == after


def test_ics_parses_and_holds_no_pupil_names(
    repo: Path, run: Run, tmp_path: Path, scenario: dict[str, str]
) -> None:
    target = tmp_path / "agenda.ics"
    res = run("--repo", repo, "agenda", "--ics", target)
    assert res.exit_code == 0, res.output
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF line ends
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    expected = agenda_json(run, repo)["items"]
    assert len(events) == len(expected) == 10
    assert sorted(e.decoded("DTSTART").isoformat() for e in events) == sorted(
        i["date"] for i in expected
    )
    assert len({str(e["UID"]) for e in events}) == len(events)
    summaries = {str(e["SUMMARY"]) for e in events}
    # the title says what is to be done, without ids; names of the pupil are taken out
    assert "SMW: belt met [leerling] thuis" in summaries
    assert "wachttijd bij Lokaal team Delft boven de norm van 120 dagen (over tijd)" in summaries
    assert not [s for s in summaries if any(case in s for case in scenario.values())]
    text = raw.decode("utf-8")
    for first, last in NAMES.values():
        assert first not in text and last not in text
    assert "Ria" not in text and "Ouder" not in text  # nor those of the family


def test_ics_folds_long_lines_and_scrubs_names_in_owners() -> None:
    long_owner = "Sanne haar mentor " + "é" * 80
    item = AgendaItem(
        dt.date(2026, 12, 1),
        "abcdefgh",
        "action",
        "x",
        "Sanne haar mentor: belt de logopedist",
        False,
        owner=long_owner,
        ref="2026-11-02-meeting-zt01#a1",
        key="action:2026-11-02-meeting-zt01#a1:",
    )
    today = dt.date(2026, 11, 23)
    agenda = Agenda(Period.make(today), [item], [], {})
    text = ics_bytes(
        agenda,
        {"abcdefgh": ["Sanne Testkind", "Sanne", "Testkind"]},
        dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC),
    ).decode("utf-8")
    assert "Sanne" not in text
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    event = next(iter(icalendar.Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "[leerling] haar mentor: belt de logopedist"
    assert "[leerling] haar mentor " + "é" * 80 in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def test_status_deadlines_come_from_the_agenda(
    repo: Path, run: Run, scenario: dict[str, str]
) -> None:
    res = run("--repo", repo, "status", scenario["A"], "--format", "json")
    assert res.exit_code == 0, res.output
    deadlines = json.loads(res.stdout)["deadlines"]
    assert [(d["date"], d["what"], d["overdue"]) for d in deadlines] == [
        (
            "2026-11-16",
            "afspraak 2026-11-02-meeting-zt01#a1: Ilse Bakker — vraagt dossier op",
            True,
        ),
        ("2026-11-16", "gesprek na het zorgteam met de ouders", True),
        ("2026-11-20", "evaluatie groepsplan rekenen", True),
        ("2026-12-04", "einde bezwaartermijn (zorg- en adviesteam (ZAT))", False),
        (
            "2026-12-10",
            "afspraak 2026-11-02-meeting-zt01#a2: SMW — belt met Sanne Testkind thuis",
            False,
        ),
        ("2027-01-15", "afspraak 2026-11-02-meeting-zt01#a4: juf Anna — observeert", False),
    ]
