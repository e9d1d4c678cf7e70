"""The route as schools run it today (issue 18, items 1–3): the meldcode track, the MDO's
decision on youth care with and without mandate, the doorbraak, and the composition of a
meeting. Each track's happy path and each refusal, through the CLI; refusals write nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, files_under, load_yaml

HELP_Q = "Hoe kunnen wij Sanne helpen om thuis en op school weer rustig te worden?"


def ok(run: Run, repo: Path, *args: str) -> str:
    res = run("--repo", repo, *args)
    assert res.exit_code == 0, res.output
    return res.output


def refused(run: Run, repo: Path, *args: str) -> str:
    """A refusal: non-zero exit, a Dutch message, no traceback, nothing written."""
    before = files_under(repo)
    res = run("--repo", repo, *args)
    assert res.exit_code != 0, res.output
    assert "Traceback" not in res.output
    assert res.stderr.startswith("zorgroute: "), res.stderr
    assert files_under(repo) == before
    return res.stderr


def status(run: Run, repo: Path, case: str) -> dict[str, Any]:
    res = run("--repo", repo, "status", case, "--format", "json")
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads(res.stdout)
    return data


def records_of(repo: Path, case: str, kind: str) -> list[dict[str, Any]]:
    folder = repo / "cases" / case / "records"
    return [
        load_yaml(p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"*-{kind}-*.yaml"))
    ]


# --- meldcode ---------------------------------------------------------------------------------

SIGNALS = ["meldcode", "--step", "signals", "--description", "blauwe plekken op de armen"]
CONSULT = [
    "meldcode",
    "--step",
    "consult",
    "--description",
    "besproken met de aandachtsfunctionaris",
    "--consulted",
    "aandachtsfunctionaris",
    "--veilig-thuis-advice",
]
TALK_SKIPPED = [
    "meldcode",
    "--step",
    "talk",
    "--description",
    "geen gesprek met de ouders",
    "--skip-reason",
    "de leerling vertelt dat een gesprek thuis tot geweld leidt",
]
WEIGH_UNSAFE = [
    "meldcode",
    "--step",
    "weigh",
    "--description",
    "gewogen met het afwegingskader",
    "--suspicion",
    "--unsafe",
]
DECIDE_REPORT = [
    "meldcode",
    "--step",
    "decide",
    "--description",
    "melding gedaan",
    "--decision",
    "report_vt",
]


def test_meldcode_five_steps_report_without_consent_and_letters_held(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    c = new_case()
    ok(run, repo, *SIGNALS, c, "--date", "2026-11-02")
    s = status(run, repo, c)
    assert s["meldcode_next"]["step"] == "consult"
    assert s["meldcode"][0]["open"] is True

    # while the track runs, a conversation report does not go to the parents
    out = ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "other",
        "--with",
        "teacher",
        "--discussed",
        "wat de leerkracht zag",
        "--date",
        "2026-11-03",
    )
    assert "document:" not in out
    assert "brieven en verslagen aan de ouders worden nu tegengehouden" not in out

    out = ok(run, repo, *CONSULT[:1], c, *CONSULT[1:], "--date", "2026-11-04")
    assert "volgende stap van de meldcode: stap 3" in out
    assert "brieven en verslagen aan de ouders worden nu tegengehouden (meldcode)" in out
    ok(run, repo, TALK_SKIPPED[0], c, *TALK_SKIPPED[1:], "--date", "2026-11-05")
    ok(run, repo, WEIGH_UNSAFE[0], c, *WEIGH_UNSAFE[1:], "--date", "2026-11-06")
    out = ok(run, repo, DECIDE_REPORT[0], c, *DECIDE_REPORT[1:], "--date", "2026-11-07")
    assert "zonder toestemming, op grond van de meldcode" in out

    decided = [r for r in records_of(repo, c, "meldcode") if r["step"] == "decide"]
    assert decided[0]["without_consent"] is True  # recorded as such, by the policy layer
    s = status(run, repo, c)
    track = s["meldcode"][0]
    assert [st["step"] for st in track["steps"]] == [
        "signals",
        "consult",
        "talk",
        "weigh",
        "decide",
    ]
    assert (track["open"], track["reported_to_veilig_thuis"], track["without_consent"]) == (
        False,
        True,
        True,
    )
    assert s["meldcode_next"] is None

    # reported without the talk: still nothing to the parents, until they have been spoken to
    from zorgroute.policy import facts
    from zorgroute.store.repo import open_repository

    repository = open_repository(repo)
    data = repository.require_case(c)
    from zorgroute.domain.routes import get_route

    route = get_route(repository, data.case.route, data.case.route_version)
    import datetime as dt

    held = facts(data, route, dt.date(2026, 11, 20)).safety
    assert held.active and held.meldcode

    text = run("--repo", repo, "status", c).stdout
    assert "Meldcode huiselijk geweld en kindermishandeling" in text
    assert "gemeld bij Veilig Thuis zonder toestemming, op grond van de meldcode" in text


def test_meldcode_without_report_ends_the_hold(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    c = new_case()
    ok(run, repo, SIGNALS[0], c, *SIGNALS[1:], "--date", "2026-11-02")
    ok(run, repo, CONSULT[0], c, *CONSULT[1:], "--date", "2026-11-03")
    ok(
        run,
        repo,
        "meldcode",
        c,
        "--step",
        "talk",
        "--description",
        "gesprek met moeder en leerling",
        "--with",
        "parents",
        "--with",
        "pupil",
        "--date",
        "2026-11-04",
    )
    ok(
        run,
        repo,
        "meldcode",
        c,
        "--step",
        "weigh",
        "--description",
        "gewogen",
        "--no-suspicion",
        "--not-unsafe",
        "--date",
        "2026-11-05",
    )
    ok(
        run,
        repo,
        "meldcode",
        c,
        "--step",
        "decide",
        "--description",
        "hulp via SMW",
        "--decision",
        "organise_help",
        "--date",
        "2026-11-06",
    )
    s = status(run, repo, c)
    assert s["meldcode"][0]["open"] is False
    assert s["meldcode"][0]["without_consent"] is False
    # no hold any more: a conversation report goes to the parents again
    out = ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "other",
        "--with",
        "parents",
        "--discussed",
        "de hulp van SMW",
        "--date",
        "2026-11-10",
    )
    assert "document:" in out


@pytest.mark.parametrize(
    ("before", "args", "expected"),
    [
        (
            [],
            DECIDE_REPORT,
            "de meldcode gaat stap voor stap; nog niet vastgelegd: stap 1: signalen in kaart",
        ),
        ([SIGNALS], WEIGH_UNSAFE, "nog niet vastgelegd: stap 2: collega raadplegen"),
        (
            [SIGNALS],
            ["meldcode", "--step", "consult", "--description", "x"],
            "bij stap 2 hoort wie is geraadpleegd",
        ),
        (
            [SIGNALS, CONSULT],
            ["meldcode", "--step", "talk", "--description", "x", "--with", "pupil"],
            "in stap 3 spreekt de school met de ouders; zij waren er niet bij",
        ),
        (
            [SIGNALS, CONSULT, TALK_SKIPPED, WEIGH_UNSAFE],
            ["meldcode", "--step", "decide", "--description", "x", "--decision", "organise_help"],
            "bij acute of structurele onveiligheid (stap 4) hoort een melding bij Veilig Thuis",
        ),
        (
            [SIGNALS, CONSULT, TALK_SKIPPED],
            ["meldcode", "--step", "weigh", "--description", "x", "--suspicion"],
            "bij stap 4 horen de antwoorden op vraag 1 en 2 van het afwegingskader",
        ),
        (
            [],
            ["meldcode", "--step", "signals", "--description", "x", "--decision", "report_vt"],
            "een besluit hoort bij stap 5",
        ),
    ],
)
def test_meldcode_refusals(
    repo: Path,
    new_case: Callable[..., str],
    run: Run,
    before: list[list[str]],
    args: list[str],
    expected: str,
) -> None:
    c = new_case()
    for n, step in enumerate(before):
        ok(run, repo, step[0], c, *step[1:], "--date", f"2026-11-0{n + 1}")
    err = refused(run, repo, args[0], c, *args[1:], "--date", "2026-11-09")
    assert expected in err


# --- MDO with and without mandate, doorbraak ---------------------------------------------------


@pytest.fixture
def mdo_case(repo: Path, run: Run) -> str:
    """A passend-onderwijs case living in Delft, ready for an MDO on 2026-09-10."""
    res = run(
        "--repo",
        repo,
        "new-case",
        "--first-name",
        "Sanne",
        "--last-name",
        "Testkind",
        "--birth-date",
        "2016-03-04",
        "--group",
        "6a",
        "--home-municipality",
        "Delft",
        "--route",
        "passend-onderwijs",
        "--adult",
        "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
    )
    assert res.exit_code == 0, res.output
    c = res.stdout.strip().splitlines()[-1]
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
        "behaviour",
        "--description",
        "Sanne is onrustig en boos in de klas.",
        "--date",
        "2026-09-01",
    )
    ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "before_mdo",
        "--with",
        "parents",
        "--discussed",
        "het MDO en wie erbij komt",
        "--date",
        "2026-09-03",
    )
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        "mdo",
        "--given-by",
        "moeder",
        "--date",
        "2026-09-03",
    )
    return c


def mdo(run: Run, repo: Path, c: str, *extra: str, date: str = "2026-09-10") -> str:
    return ok(
        run,
        repo,
        "meeting",
        c,
        "--forum",
        "mdo",
        "--question",
        HELP_Q,
        "--attendee",
        "Ilse Bakker;intern begeleider;chair",
        "--attendee",
        "Anja de Vries;leerkracht;member",
        "--parents-present",
        "--decision",
        "youth_care",
        "--action",
        "IB;belt het lokale team over de aanmelding;2026-12-20",
        "--date",
        date,
        *extra,
    )


def meeting_id(repo: Path, c: str) -> str:
    found = sorted((repo / "cases" / c / "records").glob("*-meeting-*.yaml"))
    return found[-1].stem


def test_mdo_without_mandate_then_the_mandated_decision(
    repo: Path, mdo_case: str, run: Run
) -> None:
    c = mdo_case
    out = mdo(run, repo, c)
    assert "het besluit over jeugdhulp is zonder mandaat" in out
    mid = meeting_id(repo, c)
    s = status(run, repo, c)
    assert [(m["meeting"], m["status"]) for m in s["mandates"]] == [(mid, "zonder mandaat")]
    fix = s["mandates"][0]["fix"]
    assert f"zorgroute mandate {c} --meeting {mid} --team lt-delft" in fix
    text = run("--repo", repo, "status", c).stdout
    assert "zonder mandaat" in text and f"zorgroute mandate {c} --meeting {mid}" in text

    report = (repo / "cases" / c / "documents").glob("*-meeting-report-*.md")
    assert any("het besluit over jeugdhulp is zonder mandaat" in p.read_text() for p in report)

    ok(
        run,
        repo,
        "mandate",
        c,
        "--meeting",
        mid,
        "--team",
        "lt-delft",
        "--person",
        "Mila Jansen, consulent",
        "--decision",
        "beschikking ambulante opvoedhulp",
        "--date",
        "2026-09-20",
    )
    s = status(run, repo, c)
    assert [(m["status"], m["how"], m["fix"]) for m in s["mandates"]] == [
        ("met mandaat", "later besluit", None)
    ]


def test_mdo_with_the_mandated_consultant_at_the_table(repo: Path, mdo_case: str, run: Run) -> None:
    c = mdo_case
    out = mdo(run, repo, c, "--attendee", "Mila Jansen;consulent lokaal team;member;lt-delft")
    assert "zonder mandaat" not in out
    s = status(run, repo, c)
    assert [(m["status"], m["how"]) for m in s["mandates"]] == [("met mandaat", "aanwezig")]
    assert s["stuck"] == []


def test_a_consultant_of_another_municipality_gives_no_mandate(
    repo: Path, mdo_case: str, run: Run
) -> None:
    c = mdo_case
    out = mdo(run, repo, c, "--attendee", "Rob Rijs;consulent wijkteam;member;lt-rijswijk")
    assert "het besluit over jeugdhulp is zonder mandaat" in out
    assert [m["status"] for m in status(run, repo, c)["mandates"]] == ["zonder mandaat"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--team", "lt-rijswijk"],
            "over jeugdhulp beslist alleen de gemandateerde van het lokale team van de "
            "woongemeente van de leerling; dit team is dat niet",
        ),
        (["--team", "ggz-jeugd"], "dit team is dat niet"),
        (["--meeting", "2026-09-10-meeting-zzzz"], "dat is geen overleg in dit dossier"),
        (["--date", "2026-09-05"], "het besluit met mandaat ligt voor de datum van het overleg"),
    ],
)
def test_mandate_refusals(
    repo: Path, mdo_case: str, run: Run, args: list[str], expected: str
) -> None:
    c = mdo_case
    mdo(run, repo, c)
    values = {
        "--meeting": meeting_id(repo, c),
        "--team": "lt-delft",
        "--person": "Mila Jansen, consulent",
        "--decision": "beschikking",
        "--date": "2026-09-20",
    }
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for kv in values.items() for x in kv]
    err = refused(run, repo, "mandate", c, *flat)
    assert expected in err


def test_mandate_by_someone_not_listed_as_mandated(repo: Path, mdo_case: str, run: Run) -> None:
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "  kind: local_team\n  municipality: Delft\n",
        "  kind: local_team\n  municipality: Delft\n  mandated: [Mila Jansen]\n",
        1,
    )
    config.write_text(text, encoding="utf-8")
    c = mdo_case
    mdo(run, repo, c, "--attendee", "Piet Anders;consulent;member;lt-delft")
    assert status(run, repo, c)["mandates"][0]["status"] == "zonder mandaat"
    err = refused(
        run,
        repo,
        "mandate",
        c,
        "--meeting",
        meeting_id(repo, c),
        "--team",
        "lt-delft",
        "--person",
        "Piet Anders",
        "--decision",
        "beschikking",
        "--date",
        "2026-09-20",
    )
    assert "niet als gemandateerde bij het lokale team" in err
    ok(
        run,
        repo,
        "mandate",
        c,
        "--meeting",
        meeting_id(repo, c),
        "--team",
        "lt-delft",
        "--person",
        "Mila Jansen (consulent)",
        "--decision",
        "beschikking",
        "--date",
        "2026-09-21",
    )
    assert status(run, repo, c)["mandates"][0]["status"] == "met mandaat"


def test_mdo_without_parents_needs_a_reason(repo: Path, mdo_case: str, run: Run) -> None:
    c = mdo_case
    args = [
        "meeting",
        c,
        "--forum",
        "mdo",
        "--question",
        HELP_Q,
        "--attendee",
        "Ilse Bakker;intern begeleider;chair",
        "--attendee",
        "Anja de Vries;leerkracht;member",
        "--decision",
        "advice",
        "--action",
        "IB;belt moeder over het advies;2026-12-20",
        "--date",
        "2026-09-10",
    ]
    err = refused(run, repo, *args)
    assert "bij dit overleg horen de ouders aan tafel" in err
    assert "--parents-absent-reason" in err
    ok(run, repo, *args, "--parents-absent-reason", "moeder was ziek; zij is gebeld")
    meeting = records_of(repo, c, "meeting")[-1]
    assert meeting["parents_absent_reason"] == "moeder was ziek; zij is gebeld"


def test_doorbraak_after_the_norm_with_document_and_follow_up(
    repo: Path, mdo_case: str, run: Run
) -> None:
    c = mdo_case
    mdo(run, repo, c, date="2026-09-10")
    mid = meeting_id(repo, c)
    s = status(run, repo, c)
    assert [(x["reason"], x["ref"], x["past_norm"]) for x in s["stuck"]] == [
        ("no_mandate", mid, True)
    ]
    doorbraak = [
        "doorbraak",
        c,
        "--reason",
        "no_mandate",
        "--table",
        "perspectieftafel Delft",
        "--question",
        "Wie neemt het besluit over de jeugdhulp voor Sanne?",
        "--follow-up",
        "2026-12-01",
    ]
    err = refused(run, repo, *doorbraak, "--date", "2026-10-01")
    assert "het dossier zit 21 dagen vast" in err and "pas na 56 dagen" in err
    err = refused(run, repo, *doorbraak[:3], "waiting_list", *doorbraak[4:], "--date", "2026-11-20")
    assert "het dossier zit niet vast om deze reden (wachtlijst)" in err

    out = ok(run, repo, *doorbraak, "--date", "2026-11-20")
    docs = [line for line in out.splitlines() if line.startswith("document:")]
    assert any("-doorbraak-" in d for d in docs), out
    text = next((repo / "cases" / c / "documents").glob("*-doorbraak-*.md")).read_text()
    assert "# Voorlegging aan de doorbraaktafel" in text
    assert "Besluit over jeugdhulp zonder mandaat, sinds 10 september 2026 (71 dagen" in text
    assert "uiterlijk op **1 december 2026**" in text

    s = status(run, repo, c)
    (open_,) = s["doorbraken"]
    assert (open_["follow_up"], open_["overdue"]) == ("2026-12-01", False)
    refused(run, repo, "doorbraak", c, "--refers-to", "2026-11-20-doorbraak-zzzz", "--outcome", "x")
    ok(
        run,
        repo,
        "doorbraak",
        c,
        "--refers-to",
        open_["id"],
        "--outcome",
        "de gemeente geeft de beschikking af",
        "--date",
        "2026-11-22",
    )
    assert status(run, repo, c)["doorbraken"] == []


# --- composition ------------------------------------------------------------------------------


def care_team_ready(run: Run, repo: Path, c: str) -> None:
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
        "care-team",
        c,
        "--trigger",
        "too_little_profit",
        "--help-question",
        HELP_Q,
        "--direct-reason",
        "de zorgen zijn groot",
        "--date",
        "2026-10-15",
    )
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
        "de zorgen",
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


ZORGTEAM = [
    "--forum",
    "zorgteam",
    "--attendee",
    "Ilse Bakker;IB;chair",
    "--attendee",
    "Anja de Vries;leerkracht;member",
    "--decision",
    "advice",
    "--action",
    "IB;bespreekt de adviezen met de leerkracht;2026-12-10",
    "--date",
    "2026-10-20",
]


def test_zorgteam_without_smw_and_jgz_is_warned_about_everywhere(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    c = new_case()
    care_team_ready(run, repo, c)
    res = run("--repo", repo, "meeting", c, *ZORGTEAM)
    assert res.exit_code == 0, res.output
    assert (
        "het zorgteam van de school was niet compleet; volgens de route ontbrak: "
        "schoolmaatschappelijk werker, jeugdverpleegkundige of jeugdarts (JGZ)" in res.output
    )
    s = status(run, repo, c)
    assert [g["missing"] for g in s["composition"]] == [["smw", "jgz"]]
    text = run("--repo", repo, "status", c).stdout
    assert "Samenstelling van overleggen" in text and "was niet compleet" in text
    report_doc = next((repo / "cases" / c / "documents").glob("*-meeting-report-*.md"))
    assert "Let op: dit overleg was niet compleet." in report_doc.read_text(encoding="utf-8")

    res = run("--repo", repo, "report", "--format", "csv", "--from", "2026-08-01")
    assert res.exit_code == 0, res.output
    assert "overleg niet compleet: zorgteam van de school" in res.stdout

    # a complete zorgteam gives no warning
    full = [
        *ZORGTEAM[:4],
        "--attendee",
        "Sara Smit;schoolmaatschappelijk werker;member",
        "--attendee",
        "Joost Jansen;jeugdverpleegkundige GGD;member",
        *ZORGTEAM[4:],
    ]
    res = run("--repo", repo, "meeting", c, *full[:-1], "2026-10-21")
    assert res.exit_code == 0, res.output
    assert "niet compleet" not in res.output


def test_a_route_can_make_composition_a_blocker(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    import yaml

    from zorgroute.store.routes import shipped_routes

    shipped = shipped_routes()["po-1-zorgroute"].route
    route = shipped.model_dump(mode="json", exclude_defaults=True)
    route["version"] = shipped.version + 1
    route["history"] = []
    for act in route["acts"]:
        if act.get("forum") == "zorgteam":
            act.setdefault("requires", []).append({"rule": "composition"})
    (repo / "routes").mkdir(exist_ok=True)
    (repo / "routes" / "po-1-zorgroute.yaml").write_text(
        yaml.safe_dump(route, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    c = new_case()
    care_team_ready(run, repo, c)
    err = refused(run, repo, "meeting", c, *ZORGTEAM)
    assert "bij het zorgteam van de school horen volgens de route ook" in err
    assert 'oplossing: noem wie er was met --attendee "naam;functie;rol"' in err
    ok(run, repo, "meeting", c, *ZORGTEAM, "--override", "composition=SMW en JGZ ziek")
    s = status(run, repo, c)
    assert [g["overridden"] for g in s["composition"]] == [True]


# --- stored records: check names file, line, rule and fix -------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "2026-11-02-meldcode-zz01.yaml",
            "kind: meldcode\ndate: 2026-11-02\nrecorded_by: IB\n"
            "recorded_at: 2026-11-02T10:00:00\nstep: decide\ndescription: melding\n"
            "decisions: [report_vt]\nwithout_consent: true\n",
            "de meldcode gaat stap voor stap; nog niet vastgelegd: stap 1",
        ),
        (
            "2026-11-02-mandate-zz02.yaml",
            "kind: mandate\ndate: 2026-11-02\nrecorded_by: IB\n"
            "recorded_at: 2026-11-02T10:00:00\nmeeting: 2026-10-01-meeting-zzzz\n"
            "team: lt-rijswijk\nperson: Mila Jansen\ndecision: beschikking\n",
            "dat is geen overleg in dit dossier dat over jeugdhulp besliste",
        ),
        (
            "2026-11-02-doorbraak-zz03.yaml",
            "kind: doorbraak\ndate: 2026-11-02\nrecorded_by: IB\n"
            "recorded_at: 2026-11-02T10:00:00\nreason: no_start\ntable: tafel\n"
            "question: wie helpt?\nfollow_up: 2026-11-01\n",
            "de terugkoppeling ligt voor de datum van de voorlegging",
        ),
    ],
)
def test_check_reports_stored_track_records_at_their_line(
    repo: Path, new_case: Callable[..., str], run: Run, name: str, text: str, expected: str
) -> None:
    c = new_case()
    path = repo / "cases" / c / "records" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    res = run("--repo", repo, "check")
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert f"cases/{c}/records/{name}:" in res.output
    assert expected in res.output
    assert "oplossing:" in res.output


# --- the example ------------------------------------------------------------------------------


def test_example_cases_show_meldcode_mandate_and_doorbraak(run: Run) -> None:
    from conftest import EXAMPLE, example_case

    milan, lina, tim = example_case("Milan"), example_case("Lina"), example_case("Tim")
    s = status(run, EXAMPLE, milan)
    (track,) = s["meldcode"]
    assert (track["reported_to_veilig_thuis"], track["without_consent"]) == (True, True)
    assert track["talk_skipped"] and s["letters_held"]

    assert [m["status"] for m in status(run, EXAMPLE, lina)["mandates"]] == ["met mandaat"]

    s = status(run, EXAMPLE, tim)
    (mandate,) = s["mandates"]
    assert mandate["status"] == "zonder mandaat"
    assert f"zorgroute mandate {tim} --meeting" in mandate["fix"]
    assert "--team lt-pijnacker-nootdorp" in mandate["fix"]
    (open_,) = s["doorbraken"]
    assert open_["follow_up"] == "2026-12-10"
    text = run("--repo", EXAMPLE, "status", tim).stdout
    assert "zonder mandaat" in text and "oplossing: leg het besluit van de gemandateerde" in text

    res = run("--repo", EXAMPLE, "report", "--format", "csv", "--from", "2026-08-01")
    assert res.exit_code == 0, res.output
    for row in (
        "meldcode, stap 5: beslissen over melden en hulp",
        "meldcode: gemeld zonder toestemming",
        "besluit over jeugdhulp met mandaat",
        "besluit over jeugdhulp zonder mandaat",
        "overleg niet compleet: zorg- en adviesteam (ZAT)",
    ):
        assert row in res.stdout, row


# --- hostile input to the new commands -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["meldcode", "--step", "stap 9", "--description", "x"],
        ["meldcode", "--step", "signals", "--description", "x" * 20001],
        ["meldcode", "--step", "signals", "--description", "x", "--date", "2026-02-30"],
        ["meldcode", "--step", "signals", "--description", "x", "--date", "2027-01-01"],
        ["meldcode", "--step", "decide", "--description", "x", "--decision", "[bold]melden"],
        ["meldcode", "--step", "consult", "--description", "x", "--consulted", " "],
        [
            "mandate",
            "--meeting",
            "../../zorgroute.yaml",
            "--team",
            "lt-delft",
            "--person",
            "x",
            "--decision",
            "y",
        ],
        [
            "mandate",
            "--meeting",
            "2026-09-10-meeting-zzzz",
            "--team",
            "LT Delft!",
            "--person",
            "x",
            "--decision",
            "y",
        ],
        [
            "doorbraak",
            "--reason",
            "no_mandate",
            "--table",
            "t",
            "--question",
            "q",
            "--follow-up",
            "morgen-ish",
        ],
        [
            "doorbraak",
            "--reason",
            "no_mandate",
            "--table",
            "t",
            "--question",
            "q",
            "--follow-up",
            "2026-01-01",
            "--date",
            "2026-11-20",
        ],
        ["doorbraak", "--refers-to", "<script>", "--outcome", "x"],
        [
            "meeting",
            "--forum",
            "mdo",
            "--attendee",
            "A;IB;lid;Lokaal Team!",
            "--date",
            "2026-09-10",
        ],
    ],
)
def test_hostile_input_to_the_track_commands(
    repo: Path, new_case: Callable[..., str], run: Run, args: list[str]
) -> None:
    c = new_case()
    before = files_under(repo)
    res = run("--repo", repo, args[0], c, *args[1:])
    assert res.exit_code in (1, 2, 3), res.output
    assert res.stderr.startswith("zorgroute: "), res.stderr
    for marker in ("Traceback", "Input should", "Field required", "validation error", "\x00"):
        assert marker not in res.output
    assert "<script>" not in res.stderr
    assert files_under(repo) == before


def test_the_hold_after_a_report_ends_with_a_talk_with_the_parents(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    c = new_case()
    for n, step in enumerate([SIGNALS, CONSULT, TALK_SKIPPED, WEIGH_UNSAFE, DECIDE_REPORT]):
        ok(run, repo, step[0], c, *step[1:], "--date", f"2026-11-0{n + 2}")
    assert status(run, repo, c)["letters_held"] is True
    text = run("--repo", repo, "status", c).stdout
    assert "tot er een gesprek met de ouders is vastgelegd" in text
    out = ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        "other",
        "--with",
        "parents",
        "--discussed",
        "de melding bij Veilig Thuis, samen met Veilig Thuis",
        "--date",
        "2026-11-12",
    )
    assert "document:" in out  # the report of this talk reaches the parents again
    assert status(run, repo, c)["letters_held"] is False
