"""No leaks: a full scenario, with mistakes made on purpose, and the pupil's and parents'
names must not appear in file or folder names, commit messages, error output, logs,
reports or the agenda file. An unexpected exception shows no data either."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import Result, Run

NAMES = ("Zoëlla", "Lekvrijsma", "Mirjam", "Geheimhouder", "Bartholomeus", "Nietlekken")
FIRST, LAST = "Zoëlla", "Lekvrijsma"
MOTHER, FATHER = "Mirjam Geheimhouder", "Bartholomeus Nietlekken"


def leaks(text: str) -> list[str]:
    low = text.lower()
    return [n for n in NAMES if n.lower() in low]


class Scenario:
    def __init__(self, repo: Path, run: Run) -> None:
        self.repo, self.run = repo, run
        self.stderr: list[tuple[str, str]] = []

    def __call__(
        self, *args: str | Path, ok: bool | None = None, env: dict[str, str] | None = None
    ) -> Result:
        res = self.run("--repo", self.repo, *args, env=env)
        self.stderr.append((" ".join(str(a) for a in args[:2]), res.stderr))
        assert res.exit_code != 70, res.stderr
        if ok is True:
            assert res.exit_code == 0, res.output
        if ok is False:
            assert res.exit_code != 0, res.output
        return res


def test_full_scenario_leaks_no_names(repo: Path, run: Run, tmp_path: Path) -> None:
    z = Scenario(repo, run)
    case = (
        z(
            "new-case",
            "--first-name",
            FIRST,
            "--last-name",
            LAST,
            "--birth-date",
            "2016-05-06",
            "--group",
            "5a",
            "--home-municipality",
            "Delft",
            "--address",
            "Lekstraat 1, Delft",
            "--adult",
            f"id=moeder;name={MOTHER};relation=mother;authority=ja;phone=0612345678",
            "--adult",
            f"id=vader;name={FATHER};relation=father;authority=ja",
            ok=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    z(
        "signal",
        case,
        "--observed-by",
        "juf Anna",
        "--setting",
        "classroom",
        "--since",
        "months",
        "--category",
        "social_emotional",
        "--description",
        f"{FIRST} trekt zich terug; {MOTHER} maakt zich zorgen",
        "--date",
        "2026-09-01",
        ok=True,
    )
    z(
        "plan",
        case,
        "--type",
        "group_plan",
        "--area",
        "sociaal",
        "--needs",
        f"{FIRST} heeft een vaste maatje nodig",
        "--goal",
        "speelt mee in de pauze",
        "--approach",
        "maatjes",
        "--responsible",
        "juf Anna",
        "--start",
        "2026-09-02",
        "--end",
        "2026-10-30",
        "--evaluation-date",
        "2026-10-30",
        "--date",
        "2026-09-02",
        ok=True,
    )
    z(
        "evaluate",
        case,
        "--outcome",
        "not_met",
        "--what-worked",
        f"{FIRST} praat meer",
        "--what-did-not",
        "pauzes",
        "--date",
        "2026-11-02",
        ok=True,
    )
    z(
        "talk",
        case,
        "--contact",
        "before_care_team",
        "--with",
        "parents",
        "--adult",
        "moeder",
        "--discussed",
        f"{MOTHER} vertelt over thuis",
        "--parents-view",
        f"{FATHER} is het eens",
        "--date",
        "2026-11-03",
        ok=True,
    )
    z(
        "consent",
        case,
        "--basis",
        "written_consent",
        "--forum",
        "zorgteam",
        "--purpose",
        "discussion",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--date",
        "2026-11-03",
        ok=True,
    )
    # mistakes on purpose
    z(
        "signal",
        case,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        f"{FIRST}",
        "--date",
        "2099-01-01",
        ok=False,
    )
    z(
        "consent",
        case,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--purpose",
        "discussion",
        "--given-by",
        "Geheimhouder",
        ok=False,
    )
    z(
        "talk",
        case,
        "--contact",
        "after_care_team",
        "--with",
        "parents",
        "--adult",
        "Nietlekken",
        "--discussed",
        "x",
        ok=False,
    )
    z("care-team", case, "--help-question", f"Wat heeft {FIRST} nodig?", ok=None)
    z("status", "Lekvrijsma", ok=True)  # a case is found by the pupil's name (not echoed)
    z("show", f"../{LAST}", ok=False)
    z(
        "correct",
        case,
        "2026-01-01-signal-zzzz#a1;rm",
        "--field",
        "description",
        "--value",
        f"{FIRST} {LAST}",
        "--reason",
        f"verzoek van {MOTHER}",
        ok=False,
    )
    z(
        "new-case",
        "--first-name",
        FIRST,
        "--last-name",
        LAST,
        "--birth-date",
        "2099-01-01",
        "--group",
        "5a",
        "--home-municipality",
        "Delft",
        ok=False,
    )
    bad = repo / "cases" / case / "records" / "2026-11-10-signal-bbbb.yaml"
    bad.write_text(f"kind: {FIRST} {LAST}\nsetting: {LAST}\n", encoding="utf-8")
    bad2 = repo / "cases" / case / "records" / "2026-11-10-signal-cccc.yaml"
    bad2.write_text(
        f"kind: signal\nsince: {LAST}\nsettings: [{MOTHER}]\ncategories: "
        f"[{FATHER}]\ndate: {FIRST}\n",
        encoding="utf-8",
    )
    z("check", ok=False)
    z("status", case, ok=False)
    z("show", case, ok=False)
    z("list", ok=True)
    bad.unlink()
    bad2.unlink()
    # reading and reporting
    for args in (
        ("check",),
        ("list",),
        ("status",),
        ("status", case),
        ("show", case),
        ("timeline", case),
        ("meeting-list", "--help"),
    ):
        z(*args, ok=True)
    ics = tmp_path / "agenda.ics"
    agenda = z("agenda", "--ics", ics, ok=True)
    report = z("report", "--format", "csv", ok=True)
    z("render", case, "parents-overview", ok=None)

    found = {cmd: leaks(err) for cmd, err in z.stderr if leaks(err)}
    assert not found, found
    assert not leaks(report.stdout), report.stdout
    assert not leaks(ics.read_text(encoding="utf-8"))
    assert agenda.exit_code == 0
    names = [p.relative_to(repo).as_posix() for p in repo.rglob("*")]
    assert not [n for n in names if leaks(n)]
    messages = subprocess.run(
        ["git", "-C", str(repo), "log", "--format=%B"], capture_output=True, text=True, check=True
    ).stdout
    assert "zorgroute:" in messages
    assert not leaks(messages), messages
    # the repository holds no log files with data beside the dossier itself
    assert not list(repo.rglob("*.log"))


def test_unexpected_exception_shows_no_data(
    repo: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zorgroute.domain import engine

    def explode(*args: object, **kwargs: object) -> None:
        secret = f"{FIRST} {LAST}, {MOTHER}"  # a local that a traceback would show
        raise RuntimeError(f"kapot bij {secret}")

    monkeypatch.setattr(engine, "load", explode)
    (repo / "cases" / "abcdefgh").mkdir()  # an id that exists, so the failure is inside
    res = run("--repo", repo, "status", "abcdefgh")
    assert res.exit_code == 70
    assert res.stderr.strip() == (
        "zorgroute: interne fout (RuntimeError). Er is niets half "
        "geschreven. Meld dit aan de beheerder, zonder "
        "leerlinggegevens."
    )
    assert not leaks(res.output)
    assert "Traceback" not in res.output


def test_unexpected_exception_in_a_real_process_shows_no_locals(repo: Path) -> None:
    """Through the console entry point, as a user runs it: no traceback, no locals."""
    import os
    import sys

    (repo / "cases" / "abcdefgh").mkdir()  # an id that exists, so the failure is inside
    code = (
        "import zorgroute.domain.engine as e\n"
        "def boom(*a, **k):\n"
        f"    secret = '{FIRST} {LAST}'\n"
        "    raise ValueError(secret)\n"
        "e.load = boom\n"
        "from zorgroute.cli import main\n"
        f"sys.argv = ['zorgroute', '--repo', {str(repo)!r}, 'status', 'abcdefgh']\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ZORGROUTE_TODAY": "2026-11-23"},
    )
    assert proc.returncode == 70
    assert not leaks(proc.stdout + proc.stderr)
    assert "Traceback" not in proc.stderr
