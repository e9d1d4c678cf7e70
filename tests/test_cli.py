"""The command line: help, README reference, init, new-case, exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import typer
from conftest import ROOT, Run

from zorgroute.cli import app
from zorgroute.store.repo import CASE_ID_RE


def _commands() -> dict[str, click.Command]:
    group = typer.main.get_command(app)
    out: dict[str, click.Command] = {}
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            out.update({f"{name} {sub}": c for sub, c in cmd.commands.items()})
        else:
            out[name] = cmd
    return out


def test_every_command_has_dutch_help_and_is_in_the_readme(run: Run) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in _commands().items():
        assert cmd.help and len(cmd.help) > 20, name
        res = run(*name.split(), "--help")
        assert res.exit_code == 0, name
        assert f"zorgroute {name}" in readme, f"README mist 'zorgroute {name}'"


def test_python_dash_m_runs_the_cli() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "zorgroute", "--help"], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0
    assert "Zorgdossiers van leerlingen" in res.stdout


def test_init_creates_config_cases_schemas_gitignore_and_git(tmp_path: Path, run: Run) -> None:
    target = tmp_path / "school"
    res = run(
        "init",
        target,
        "--school",
        "De Linde",
        "--brin",
        "12AB",
        "--sector",
        "vo",
        "--municipality",
        "Leiden",
        "--swv",
        "SWV Leiden",
        "--ib-name",
        "Z. Coördinator",
    )
    assert res.exit_code == 0, res.output
    config = (target / "zorgroute.yaml").read_text(encoding="utf-8")
    assert config.startswith("# yaml-language-server: $schema=schemas/config.schema.json\n")
    assert "route: vo\n" in config and "role: zorgcoordinator" in config
    assert (target / "cases").is_dir()
    assert (target / "schemas" / "record-signal.schema.json").is_file()
    assert ".zorgroute.lock" in (target / ".gitignore").read_text(encoding="utf-8")
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=target, capture_output=True, text=True, check=True
    ).stdout
    assert "nieuwe dossierrepository" in log
    again = run(
        "init",
        target,
        "--school",
        "X",
        "--brin",
        "12AB",
        "--sector",
        "po",
        "--municipality",
        "X",
        "--swv",
        "X",
        "--ib-name",
        "X",
    )
    assert again.exit_code == 2
    assert "staat al een zorgroute.yaml" in again.stderr


def test_init_refuses_a_bad_brin_with_the_field(tmp_path: Path, run: Run) -> None:
    res = run(
        "init",
        tmp_path / "s",
        "--school",
        "S",
        "--brin",
        "ABCD",
        "--sector",
        "po",
        "--municipality",
        "M",
        "--swv",
        "W",
        "--ib-name",
        "I",
    )
    assert res.exit_code == 1
    assert "school.brin: deze waarde heeft niet de juiste vorm" in res.stderr
    assert not (tmp_path / "s" / "zorgroute.yaml").exists()


def test_new_case_without_terminal_lists_every_missing_option(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "new-case", "--first-name", "Sanne")
    assert res.exit_code == 2
    assert res.stderr.splitlines()[0] == (
        "zorgroute: niet alle gegevens zijn opgegeven: --last-name, --birth-date, --group, "
        "--home-municipality"
    )
    assert not any((repo / "cases").glob("*/case.yaml"))


def test_new_case_asks_for_what_is_missing_in_a_terminal(repo: Path, run: Run) -> None:
    answers = "Jansen\n2017-13-01\n2017-03-04\n5a\nDelft\nmeisje\nn\nn\n"
    res = run(
        "--repo",
        repo,
        "new-case",
        "--first-name",
        "Sanne",
        input=answers,
        env={"ZORGROUTE_INTERACTIVE": "1"},
    )
    assert res.exit_code == 0, res.output
    assert "geen bestaande datum" in res.stdout  # the impossible date was asked again
    assert "2017-13-01" not in res.stdout.split("vandaag): 2017-13-01", 1)[1]  # not echoed
    found = re.search(r"^([0-9a-z]{8})$", res.stdout, re.M)
    assert found is not None, res.stdout
    text = (repo / "cases" / found.group(1) / "case.yaml").read_text(encoding="utf-8")
    assert "sex: girl\n" in text  # asked, not silently written as 'other'
    assert "birth_date: 2017-03-04\n" in text and "group: 5a\n" in text


def test_case_ids_are_short_unique_and_say_nothing_about_the_child(repo: Path, new_case) -> None:
    ids = {new_case() for _ in range(5)}
    assert len(ids) == 5
    for case_id in ids:
        assert CASE_ID_RE.match(case_id)
        assert not re.search(r"sanne|test|2017", case_id)


def test_a_bad_date_in_new_case_names_the_field(repo: Path, run: Run) -> None:
    res = run(
        "--repo",
        repo,
        "new-case",
        "--first-name",
        "A",
        "--last-name",
        "B",
        "--birth-date",
        "31-02-2017",
        "--group",
        "3",
        "--home-municipality",
        "Delft",
    )
    assert res.exit_code == 2
    assert res.stderr.splitlines()[0] == (
        "zorgroute: ongeldige waarde voor --birth-date: dat is geen bestaande datum"
    )
    assert "31-02-2017" not in res.stderr  # dates of birth are not echoed


def test_unknown_case_is_not_found(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "status", "../../etc")
    assert res.exit_code == 4
    assert "geen dossier gevonden met dat nummer of die naam" in res.stderr
    res = run("--repo", repo, "status", "abcdefgh")
    assert res.exit_code == 4
    assert "geen dossier gevonden met dat nummer of die naam" in res.stderr


def test_bad_today_is_a_clear_error(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "list", env={"ZORGROUTE_TODAY": "gisteren"})
    assert res.exit_code == 2
    assert "ZORGROUTE_TODAY is geen geldige datum" in res.stderr


def test_a_step_in_the_future_is_refused(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    res = run(
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
        "Leest langzaam.",
        "--date",
        "2027-01-01",
    )
    assert res.exit_code == 2
    assert "de datum ligt na vandaag" in res.stderr


def test_git_commit_messages_name_the_case_and_step_only(repo: Path, run: Run, new_case) -> None:
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
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert log[0] == f"zorgroute: {case_id} signal"
    assert log[1] == f"zorgroute: dossier {case_id} aangemaakt"


def test_usage_errors_are_dutch_and_exit_two(repo: Path, run: Run) -> None:
    res = run("--repo", repo, "list", "--bogus")
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        "zorgroute: onbekende optie --bogus",
        "oplossing: zie 'zorgroute list --help'",
    ]
    res = run("--repo", repo, "signal")
    assert res.exit_code == 2
    assert "zorgroute: het dossier (DOSSIER) ontbreekt" in res.stderr
    res = run("init", repo / "x", "--sector", "pre")
    assert res.exit_code == 2
    assert (
        "ongeldige waarde voor --sector: 'pre' is geen keuze; kies uit: po, sbo, so, vo, vso, mbo"
        in res.stderr
    )
