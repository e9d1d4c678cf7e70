"""The command line as a new IB meets it: guided in a terminal, Dutch in and out, findable,
with published contracts for other programs (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, Run, example_case

from zorgroute.model import vocab
from zorgroute.model.nl import DateError, format_date, parse_date, plural

ZR = str(Path(sys.executable).with_name("zorgroute"))
TODAY = dt.date(2026, 11, 23)
SCHEMAS = ROOT / "schemas" / "output"


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "ZORGROUTE_INTERACTIVE"}
    out.update(ZORGROUTE_TODAY=TODAY.isoformat(), COLUMNS="100", TERM="dumb")
    return out


# --- the walkthrough ------------------------------------------------------------------------

HELP_Q = "Hoe kunnen wij Daan helpen om weer met plezier te lezen?"
# (command line, [(what is asked, the answer typed)]): only what zorgroute asks, in Dutch
GUIDED: list[tuple[list[str], list[tuple[str, str]]]] = [
    (
        ["init", "ib"],
        [
            ("Naam van de school", "De Linde"),
            ("BRIN", "12AB"),
            ("Keuze", "primair onderwijs"),
            ("Gemeente", "Delft"),
            ("Samenwerkingsverband", "SWV Delft"),
            ("Naam van de IB", "Ilse Bakker"),
        ],
    ),
    (
        ["--repo", "ib", "new-case"],
        [
            ("Voornaam", "Daan"),
            ("Achternaam", "Vermeulen"),
            ("Geboortedatum", "14-5-2018"),
            ("Groep", "4b"),
            ("Woongemeente", "Delft"),
            ("Keuze", "jongen"),
            (r"toevoegen\? \[J/n\]", "j"),
            ("Keuze", "moeder"),
            ("Naam", "Ria Vermeulen"),
            ("Korte naam", ""),
            ("gezag", "ja"),
            ("Telefoon", ""),
            (r"toevoegen\? \[j/N\]", "nee"),
            ("Keuze", ""),
            ("signaal", "j"),
            ("Gesignaleerd door", "juf Anja"),
            ("Keuze", "klas"),
            ("Keuze", "maanden"),
            ("Keuze", "1, gedrag"),
            ("Wat is gezien", "Daan leest trager dan de groep."),
        ],
    ),
    (
        ["--repo", "ib", "plan", "Daan"],
        [
            ("Vakgebied", "lezen"),
            ("Doelen", "Daan leest AVI E4 met 95% nauwkeurigheid"),
            ("Aanpak", "dagelijks duolezen"),
            ("Uitvoerder", "juf Anja"),
            ("Begin", "1-9-2026"),
            ("Einde", "14 oktober 2026"),
            ("Evaluatiedatum", "14-10-2026"),
        ],
    ),
    (
        ["--repo", "ib", "evaluate", "vermeulen"],
        [("Keuze", "niet gehaald"), ("Wat werkte", "duolezen hielp bij het tempo")],
    ),
    (
        ["talk", "Daan", "--repo", "ib"],
        [
            ("Keuze", "voor zorgteam"),
            ("Keuze", "ouders"),
            ("besproken", "de zorgen over lezen"),
            ("toestemming voor bespreking in het zorgteam", "ja"),
            ("Keuze", "1"),
        ],
    ),
    (
        ["--repo", "ib", "care-team", "Daan"],
        [("Hulpvraag", HELP_Q), ("Keuze", "te weinig profijt")],
    ),
    (
        ["--repo", "ib", "meeting", "Daan"],
        [
            ("Keuze", "zorgteam"),
            ("aanwezige 1", "Ilse Bakker"),
            ("Functie", "IB"),
            ("Keuze", "voorzitter"),
            ("aanwezige 2", ""),
            ("besloten", "naar zat"),
            ("Afspraak 1: wat", "vraagt de leestoetsen op"),
            ("Afspraak 1: wie", "IB"),
            ("uiterlijk", "over 2 weken"),
            ("Afspraak 2: wat", ""),
        ],
    ),
    (
        ["--repo", "ib", "talk", "Daan"],
        [("Keuze", "na zorgteam"), ("Keuze", "ouders"), ("besproken", "het advies")],
    ),
    (
        ["--repo", "ib", "talk", "Daan"],
        [
            ("Keuze", "voor zat"),
            ("Keuze", "ouders"),
            ("besproken", "de aanmelding bij het ZAT"),
            ("Folder", "j"),
            ("samen", "j"),
            ("Zienswijze", "thuis helpen"),
            ("toestemming voor bespreking in het zorg- en adviesteam", "j"),
            ("Keuze", "1"),
        ],
    ),
    (["--repo", "ib", "escalate", "Daan"], []),
]
KINDS = [
    "signal",
    "plan",
    "evaluation",
    "conversation",
    "consent",
    "care_team_registration",
    "meeting",
    "conversation",
    "conversation",
    "consent",
    "zat_registration",
]


def record_kinds(repo: Path) -> list[str]:
    files = sorted(repo.glob("cases/*/records/*.yaml"), key=lambda p: p.stat().st_mtime_ns)
    return [
        re.sub(r"^\d{4}-\d{2}-\d{2}-|-[0-9a-z]+$", "", p.stem)
        for p in files
        if "-document-" not in p.name
    ]


def test_a_new_ib_goes_from_init_to_the_zat_answering_only_what_is_asked(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    assert len(GUIDED) <= 10
    transcript = []
    for args, answers in GUIDED:
        child = pexpect.spawn(
            ZR,
            args,
            env=env(),
            encoding="utf-8",
            timeout=30,
            cwd=str(tmp_path),
            dimensions=(40, 100),
        )
        for asked, answer in answers:
            child.expect(asked)
            child.sendline(answer)
        child.expect(pexpect.EOF)
        child.close()
        transcript.append(child.before or "")
        assert child.exitstatus == 0, (args, child.before)
    text = "\n".join(transcript)
    assert "kan nog niet" not in text and "er is niets vastgelegd" not in text
    assert "ZAT" in text and "zat-registration" in text
    kinds = [k for k in record_kinds(tmp_path / "ib") if k != "document"]
    assert kinds == KINDS  # every write is a step of the route; nothing written twice
    status = subprocess.run(
        [ZR, "--repo", "ib", "status", "Daan", "--format", "json"],
        env=env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert json.loads(status.stdout)["step"] == "zat"


def test_the_same_walkthrough_scripted_with_options(tmp_path: Path, run: Run) -> None:
    repo = tmp_path / "ib"
    steps = [
        [
            "init",
            repo,
            "--school",
            "De Linde",
            "--brin",
            "12AB",
            "--sector",
            "primair onderwijs",
            "--municipality",
            "Delft",
            "--swv",
            "SWV Delft",
            "--ib-name",
            "Ilse Bakker",
        ],
        [
            "--repo",
            repo,
            "new-case",
            "--first-name",
            "Daan",
            "--last-name",
            "Vermeulen",
            "--birth-date",
            "14 mei 2018",
            "--group",
            "4b",
            "--home-municipality",
            "Delft",
            "--sex",
            "jongen",
            "--custody",
            "één ouder",
            "--adult",
            "id=moeder;name=Ria Vermeulen;relation=moeder;authority=ja",
        ],
        [
            "signal",
            "Daan",
            "--repo",
            repo,
            "--observed-by",
            "juf Anja",
            "--setting",
            "klas",
            "--since",
            "maanden",
            "--category",
            "leren",
            "--description",
            "Daan leest traag.",
        ],
        [
            "--repo",
            repo,
            "plan",
            "Daan",
            "--area",
            "lezen",
            "--goal",
            "AVI E4 met 95%",
            "--approach",
            "duolezen",
            "--responsible",
            "juf Anja",
            "--start",
            "1-9-2026",
            "--end",
            "14-10-2026",
            "--evaluation-date",
            "14 oktober 2026",
        ],
        [
            "--repo",
            repo,
            "evaluate",
            "Daan",
            "--outcome",
            "niet gehaald",
            "--what-worked",
            "duolezen hielp",
        ],
        [
            "--repo",
            repo,
            "talk",
            "Daan",
            "--contact",
            "voor zorgteam",
            "--with",
            "ouders",
            "--discussed",
            "de zorgen over lezen",
        ],
        [
            "--repo",
            repo,
            "consent",
            "Daan",
            "--basis",
            "schriftelijke toestemming",
            "--forum",
            "zorgteam",
            "--given-by",
            "moeder",
        ],
        [
            "--repo",
            repo,
            "care-team",
            "Daan",
            "--trigger",
            "te weinig profijt",
            "--help-question",
            HELP_Q,
        ],
        [
            "--repo",
            repo,
            "meeting",
            "Daan",
            "--forum",
            "zorgteam",
            "--attendee",
            "Ilse Bakker;IB;voorzitter",
            "--decision",
            "naar zat",
            "--action",
            "IB;vraagt de leestoetsen op;2026-12-07",
        ],
        [
            "--repo",
            repo,
            "talk",
            "Daan",
            "--contact",
            "na zorgteam",
            "--with",
            "ouders",
            "--discussed",
            "het advies",
        ],
        [
            "--repo",
            repo,
            "talk",
            "Daan",
            "--contact",
            "voor zat",
            "--with",
            "ouders",
            "--discussed",
            "het ZAT",
            "--leaflet-given",
            "--question-together",
            "--parents-view",
            "thuis helpen",
        ],
        [
            "--repo",
            repo,
            "consent",
            "Daan",
            "--basis",
            "toestemming",
            "--forum",
            "zat",
            "--given-by",
            "moeder",
        ],
        ["--repo", repo, "escalate", "Daan"],
    ]
    for args in steps:
        res = run(*args)
        assert res.exit_code == 0, (args, res.output)
    assert [k for k in record_kinds(repo) if k != "document"] == KINDS


def test_a_script_missing_options_hears_all_of_them_at_once(
    repo: Path, run: Run, new_case: Any
) -> None:
    res = run("--repo", repo, "signal", new_case())
    assert res.exit_code == 2
    assert (
        "niet alle gegevens zijn opgegeven: --observed-by, --setting, --since, "
        "--category, --description"
    ) in res.stderr


# --- Dutch in and out ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("enum", "typed", "code"),
    [
        (vocab.Relation, "moeder", "mother"),
        (vocab.Relation, "Vader", "father"),
        (vocab.MeetingRole, "voorzitter", "chair"),
        (vocab.MeetingRole, "notulist", "minutes"),
        (vocab.Outcome, "niet gehaald", "not_met"),
        (vocab.Outcome, "deels", "partly"),
        (vocab.Basis, "schriftelijke toestemming", "written_consent"),
        (vocab.Basis, "kennisgeving", "no_objection_notice"),
        (vocab.Since, "half jaar", "half_year"),
        (vocab.Setting, "klas", "classroom"),
        (vocab.Role, "zorgcoordinator", "zorgcoordinator"),
        (vocab.Custody, "beide ouders", "joint"),
        (vocab.Forum, "ZAT", "zat"),
        (vocab.Basis, "written_consent", "written_consent"),  # the English key stays valid
    ],
)
def test_every_choice_is_accepted_in_dutch(enum: type[vocab.Vocab], typed: str, code: str) -> None:
    found = enum.lookup(typed)
    assert found is not None and found.value == code


def test_every_vocabulary_value_has_a_dutch_word_that_finds_it() -> None:
    for enum in [
        v
        for v in vars(vocab).values()
        if isinstance(v, type) and issubclass(v, vocab.Vocab) and v is not vocab.Vocab
    ]:
        for member in enum:
            assert enum.lookup(member.short) is member, (enum.__name__, member)
            assert enum.lookup(member.label) is member


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14-5-2018", dt.date(2018, 5, 14)),
        ("14/05/2018", dt.date(2018, 5, 14)),
        ("14 mei 2018", dt.date(2018, 5, 14)),
        ("3 dec 2026", dt.date(2026, 12, 3)),
        ("dinsdag 1 december 2026", dt.date(2026, 12, 1)),
        ("2018-05-14", dt.date(2018, 5, 14)),
        ("vandaag", TODAY),
        ("morgen", TODAY + dt.timedelta(days=1)),
        ("over 2 weken", TODAY + dt.timedelta(days=14)),
        ("over een maand", dt.date(2026, 12, 23)),
        ("3 dagen geleden", TODAY - dt.timedelta(days=3)),
    ],
)
def test_dates_are_accepted_as_a_dutch_user_writes_them(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31-2-2026", "volgende keer", "14 mai 2018", ""])
def test_a_wrong_date_is_refused_in_dutch(text: str) -> None:
    with pytest.raises(DateError, match="datum"):
        parse_date(text, TODAY)


def test_dates_are_written_in_dutch_and_counts_have_the_right_plural() -> None:
    assert format_date(dt.date(2026, 12, 3)) == "3 december 2026"
    assert [plural(n, "dag", "dagen") for n in (0, 1, 2)] == ["0 dagen", "1 dag", "2 dagen"]


def test_status_overview_shows_name_group_and_plurals(repo: Path, run: Run, new_case: Any) -> None:
    new_case()
    res = run("--repo", repo, "status")
    assert res.exit_code == 0
    assert "Sanne Testkind" in res.stdout and "4b" in res.stdout
    assert "0 dagen" in res.stdout and "stilgevallen" not in res.stdout
    assert "23 november 2026" in res.stdout
    res = run("--repo", repo, "list")
    assert "1 dossier" in res.stdout and "1 dossiers" not in res.stdout


# --- findable -------------------------------------------------------------------------------


def test_case_by_id_prefix_or_name_and_a_list_when_ambiguous(
    repo: Path, run: Run, new_case: Any
) -> None:
    first = new_case()
    second = new_case()
    for given in (first, first[:5], "Sanne Testkind"[:0] or first[:8]):
        res = run("--repo", repo, "status", given, "--format", "json")
        assert res.exit_code == 0 and json.loads(res.stdout)["id"] == first
    res = run("--repo", repo, "show", "Sanne")
    assert res.exit_code == 2
    assert "die naam past bij 2 dossiers" in res.stderr
    assert first in res.stderr and second in res.stderr
    res = run("--repo", repo, "zoek", "testkind", "--format", "json")
    assert {c["id"] for c in json.loads(res.stdout)["cases"]} == {first, second}
    res = run("--repo", repo, "show", "Niemand")
    assert res.exit_code == 4 and "geen dossier gevonden" in res.stderr


def test_name_lookup_finds_the_one_pupil(repo: Path, run: Run, new_case: Any) -> None:
    case = new_case()
    res = run("--repo", repo, "status", "sanne", "--format", "json")
    assert json.loads(res.stdout)["id"] == case


def test_version_repo_anywhere_and_the_environment(repo: Path, run: Run, new_case: Any) -> None:
    res = run("--version")
    assert res.exit_code == 0 and re.fullmatch(r"zorgroute \d+\.\d+\.\d+\n", res.stdout)
    case = new_case()
    for args in (
        ["--repo", repo, "status", case],
        ["status", "--repo", repo, case],
        ["status", case, f"--repo={repo}"],
    ):
        res = run(*args, "--format", "json")
        assert res.exit_code == 0, args
    res = run("status", case, "--format", "json", env={"ZORGROUTE_REPO": str(repo)})
    assert res.exit_code == 0 and json.loads(res.stdout)["id"] == case


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_and_answers_for_each_shell(
    shell: str, repo: Path, new_case: Any
) -> None:
    case = new_case()
    script = subprocess.run([ZR, "completion", shell], capture_output=True, text=True, env=env())
    assert script.returncode == 0 and "_ZORGROUTE_COMPLETE" in script.stdout
    base = {**env(), "_ZORGROUTE_COMPLETE": f"complete_{shell}", "ZORGROUTE_REPO": str(repo)}
    words = {
        "_TYPER_COMPLETE_ARGS": "zorgroute sta",
        "COMP_WORDS": "zorgroute sta",
        "COMP_CWORD": "1",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    done = subprocess.run([ZR], capture_output=True, text=True, env={**base, **words})
    assert "status" in done.stdout
    words = {
        "_TYPER_COMPLETE_ARGS": f"zorgroute status {case[:3]}",
        "COMP_WORDS": f"zorgroute status {case[:3]}",
        "COMP_CWORD": "2",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    done = subprocess.run([ZR], capture_output=True, text=True, env={**base, **words})
    assert case in done.stdout
    words = {
        "_TYPER_COMPLETE_ARGS": "zorgroute consent x --partner lt",
        "COMP_WORDS": "zorgroute consent x --partner lt",
        "COMP_CWORD": "4",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    done = subprocess.run([ZR], capture_output=True, text=True, env={**base, **words})
    assert "lt-delft" in done.stdout


# --- partners -----------------------------------------------------------------------------


def test_partner_add_list_edit_remove(repo: Path, run: Run) -> None:
    res = run(
        "--repo",
        repo,
        "partner",
        "add",
        "--id",
        "smw-delft",
        "--name",
        "SMW Delft",
        "--kind",
        "schoolmaatschappelijk werk",
    )
    assert res.exit_code == 0, res.output
    res = run("--repo", repo, "partner", "edit", "smw-delft", "--municipality", "Delft")
    assert res.exit_code == 0, res.output
    listed = json.loads(run("--repo", repo, "partner", "list", "--format", "json").stdout)
    assert {"id": "smw-delft", "municipality": "Delft", "kind": "smw"}.items() <= next(
        p for p in listed["partners"] if p["id"] == "smw-delft"
    ).items()
    res = run("--repo", repo, "partner", "add", "--id", "smw-delft", "--name", "x", "--kind", "smw")
    assert res.exit_code == 2 and "bestaat al" in res.stderr
    assert run("--repo", repo, "partner", "remove", "smw-delft").exit_code == 0
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=repo, capture_output=True, text=True
    ).stdout
    assert "zorgroute: partner smw-delft toegevoegd" in log


def test_init_writes_a_commented_partners_section(tmp_path: Path, run: Run) -> None:
    run(
        "init",
        tmp_path / "r",
        "--school",
        "S",
        "--brin",
        "12AB",
        "--sector",
        "po",
        "--municipality",
        "Delft",
        "--swv",
        "SWV",
        "--ib-name",
        "I",
    )
    text = (tmp_path / "r" / "zorgroute.yaml").read_text(encoding="utf-8")
    assert "# partners:" in text and "zorgroute partner add" in text
    assert "Lokaal team Delft" in text


def test_consent_naming_an_unknown_partner_is_refused_with_the_known_ones(
    repo: Path, run: Run, new_case: Any
) -> None:
    res = run(
        "--repo",
        repo,
        "consent",
        new_case(),
        "--basis",
        "toestemming",
        "--forum",
        "zorgteam",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--partner",
        "bestaatniet",
    )
    assert res.exit_code == 2
    assert "staat niet in de partnerlijst" in res.stderr and "lt-delft" in res.stderr
    assert not list(repo.glob("cases/*/records/*consent*"))


# --- contracts ----------------------------------------------------------------------------


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return loaded


def test_every_json_output_carries_a_version_and_matches_its_schema(
    example_copy: Path, run: Run
) -> None:
    case = example_case("Emma")
    calls = {
        "list": ["list"],
        "status-overview": ["status"],
        "status": ["status", case],
        "show": ["show", case],
        "check": ["check"],
        "routes": ["routes"],
        "route": ["routes", "po-1-zorgroute"],
        "agenda": ["agenda"],
        "meeting-list": ["meeting-list", "zorgteam"],
        "timeline": ["timeline", case],
        "retention": ["retention"],
        "zoek": ["zoek", "a"],
        "partners": ["partner", "list"],
        "templates": ["templates"],
    }
    for name, args in calls.items():
        res = run("--repo", example_copy, *args, "--format", "json")
        data = json.loads(res.stdout)
        assert data["schema_version"] == 1, name
        jsonschema.validate(data, schema(name))


def test_errors_come_as_json_on_stderr_when_json_was_asked(repo: Path, run: Run) -> None:
    for args, code in (
        (["status", "zzzzzzzz"], 4),
        (["list", "--bogus"], 2),
        (["show", "zzzzzzzz"], 4),
    ):
        res = run("--repo", repo, *args, "--format", "json")
        assert res.exit_code == code, args
        data = json.loads(res.stderr)
        jsonschema.validate(data, schema("error"))
        assert data["error"]["exit_code"] == code


# --- no English where a person reads --------------------------------------------------------

ENGLISH = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Error",
    "Aborted",
    "invalid",
    "Invalid",
    "Show this message",
    "default:",
    "required]",
    "written_consent",
    "not_met",
    "mother",
    "chair",
    "half_year",
    "classroom",
    "no_objection_notice",
    "TEXT",
    "INTEGER",
    "<str>",
    "Did you mean",
    "[y/N]",
    "[Y/n]",
]


def all_commands() -> list[list[str]]:
    from typer.main import get_command

    from zorgroute.cli import app

    out: list[list[str]] = [[]]

    def walk(cmd: Any, path: list[str]) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            out.append([*path, name])
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return out


def test_no_english_word_in_any_help_or_prompt(repo: Path, run: Run, new_case: Any) -> None:
    for path in all_commands():
        text = run(*path, "--help").output
        found = [w for w in ENGLISH if w in text]
        assert not found, (path, found)
    case = new_case()
    prompts = run(
        "--repo", repo, "talk", case, input="\n", env={"ZORGROUTE_INTERACTIVE": "1"}
    ).output
    prompts += run(
        "--repo", repo, "meeting", case, input="x\n", env={"ZORGROUTE_INTERACTIVE": "1"}
    ).output
    assert "Soort gesprek" in prompts and "afgebroken" in prompts
    assert not [w for w in ENGLISH if w in prompts]
    for args in (["stat"], ["status", "--bogus"], ["status", "--format", "x"], ["status"]):
        text = run("--repo", repo, *args).output
        assert not [w for w in ENGLISH if w in text], args


def test_confirmations_take_j_and_nee(repo: Path, run: Run) -> None:
    res = run(
        "--repo",
        repo,
        "new-case",
        env={"ZORGROUTE_INTERACTIVE": "1"},
        input="Ada\nBos\n1-1-2017\n3a\nDelft\nmeisje\nnee\nnee\n",
    )
    assert res.exit_code == 0, res.output
    assert "[J/n]" in res.stdout
