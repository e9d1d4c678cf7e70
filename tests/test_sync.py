"""Working together through a remote: init configures git for a team, `sync` fetches,
merges, checks and pushes, one act is one commit, and recorded_by comes from a known
identity."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, Run

ZARA = {
    "GIT_AUTHOR_NAME": "Zara",
    "GIT_AUTHOR_EMAIL": "zara@school.invalid",
    "GIT_COMMITTER_NAME": "Zara",
    "GIT_COMMITTER_EMAIL": "zara@school.invalid",
}
PERSON = """- role: smw
  name: Zara de Vries
  identities:
  - zara@school.invalid
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def records(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.glob("cases/*/records/*.yaml")}


@pytest.fixture
def team(tmp_path: Path, repo: Path) -> tuple[Path, Path]:
    """A shared bare remote and two clones: the IB's (the repo) and Zara's."""
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("people:\n", "people:\n" + PERSON, 1), encoding="utf-8")
    git(repo, "add", "zorgroute.yaml")
    git(repo, "commit", "-q", "-m", "zara")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "HEAD")
    other = tmp_path / "zara"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    return repo, other


def test_init_configures_the_repository_for_a_team(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "partners")  # the fixture adds partners by hand
    assert git(repo, "config", "pull.rebase").strip() == "false"
    assert git(repo, "config", "core.quotepath").strip() == "off"
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert "retention-log.yaml merge=union" in attributes
    assert git(repo, "status", "--porcelain") == ""


def test_init_inside_another_repository_leaves_its_git_config_alone(
    tmp_path: Path, run: Run
) -> None:
    project = tmp_path / "project"  # like the example inside the zorgroute repository
    project.mkdir()
    git(project, "init", "-q")
    before = (project / ".git" / "config").read_text(encoding="utf-8")
    res = run(
        "init", project / "dossiers", "--school", "X", "--brin", "99ZZ", "--sector", "po",
        "--municipality", "Delft", "--swv", "S", "--ib-name", "Ilse Bakker",
        "--directeur", "Dirk de Wit",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert (project / ".git" / "config").read_text(encoding="utf-8") == before


def test_a_fresh_clone_gets_the_team_settings_on_its_first_sync(
    team: tuple[Path, Path], run: Run
) -> None:
    _, other = team
    assert subprocess.run(["git", "config", "pull.rebase"], cwd=other).returncode == 1
    res = run("--repo", other, "sync", env=ZARA)
    assert res.exit_code == 0, res.output
    assert git(other, "config", "pull.rebase").strip() == "false"
    assert "niets te delen" in res.stdout


# --- recorded_by ---------------------------------------------------------------------------


def signal(run: Run, repo: Path, case: str, date: str, env: dict[str, str] | None = None) -> Result:
    return run(
        "--repo", repo, "signal", case, "--observed-by", "juf Anna", "--setting", "classroom",
        "--since", "months", "--category", "learning", "--description", "leest traag",
        "--date", date, env={"ZORGROUTE_TODAY": max(date, "2026-11-23"), **(env or {})},
    )  # fmt: skip


def recorded_by(repo: Path, case: str) -> list[str]:
    return sorted(
        line.split(": ", 1)[1]
        for p in (repo / "cases" / case / "records").glob("*.yaml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("recorded_by: ")
    )


def test_recorded_by_comes_from_the_git_identity_mapped_to_a_person(
    team: tuple[Path, Path], new_case: Callable[..., str], run: Run
) -> None:
    repo, _ = team
    case = new_case()
    assert signal(run, repo, case, "2026-11-02").exit_code == 0
    assert signal(run, repo, case, "2026-11-03", env=ZARA).exit_code == 0
    assert recorded_by(repo, case) == [
        "Ilse Bakker (intern begeleider)",
        "Zara de Vries (schoolmaatschappelijk werker)",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GIT_AUTHOR_EMAIL": "vreemd@elders.invalid", "GIT_AUTHOR_NAME": "Vreemd"},
         "uw git-identiteit hoort bij niemand in zorgroute.yaml"),
        ({"ZORGROUTE_USER": "Onbekende Collega"},
         "ZORGROUTE_USER noemt iemand die niet bij de mensen in zorgroute.yaml staat"),
    ],
)  # fmt: skip
def test_an_unknown_identity_is_an_error_and_nothing_is_written(
    repo: Path, new_case: Callable[..., str], run: Run, env: dict[str, str], message: str
) -> None:
    case = new_case()
    head = git(repo, "rev-parse", "HEAD")
    res = signal(run, repo, case, "2026-11-02", env=env)
    assert res.exit_code == 2, res.output
    assert message in res.stderr and "er is niets vastgelegd" in res.stderr
    assert not (repo / "cases" / case / "records").exists()
    assert git(repo, "rev-parse", "HEAD") == head


def test_the_configured_user_is_mapped_to_a_person(
    team: tuple[Path, Path], new_case: Callable[..., str], run: Run
) -> None:
    repo, _ = team
    case = new_case()
    res = signal(run, repo, case, "2026-11-02", env={"ZORGROUTE_USER": "zara de vries"})
    assert res.exit_code == 0, res.output
    assert recorded_by(repo, case) == ["Zara de Vries (schoolmaatschappelijk werker)"]


# --- one act, one commit -----------------------------------------------------------------------


def consent(run: Run, repo: Path, case: str) -> None:
    res = run(
        "--repo", repo, "consent", case, "--basis", "written_consent", "--forum", "zorgteam",
        "--given-by", "moeder", "--given-by", "vader", "--date", "2026-11-02",
    )  # fmt: skip
    assert res.exit_code == 0, res.output


def test_a_meeting_about_five_pupils_is_one_commit(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    cases = [new_case() for _ in range(5)]
    for case in cases:
        consent(run, repo, case)
    before = int(git(repo, "rev-list", "--count", "HEAD"))
    also = [a for c in cases[1:] for a in ("--also", c)]
    res = run(
        "--repo", repo, "meeting", cases[0], "--forum", "groepsbespreking",
        "--attendee", "Ilse Bakker;IB;chair", "--decision", "continue_plan",
        "--date", "2026-11-10", *also,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert int(git(repo, "rev-list", "--count", "HEAD")) == before + 1
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert {p.split("/")[1] for p in changed} == set(cases)
    assert git(repo, "status", "--porcelain", "--", "cases") == ""


def test_a_meeting_refused_for_one_pupil_writes_nothing_for_any(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    cases = [new_case() for _ in range(3)]
    consent(run, repo, cases[0])
    consent(run, repo, cases[1])  # the third has no basis for the zorgteam
    head = git(repo, "rev-parse", "HEAD")
    res = run(
        "--repo", repo, "meeting", cases[0], "--forum", "zorgteam",
        "--attendee", "Ilse Bakker;IB;chair", "--date", "2026-11-10",
        "--also", cases[1], "--also", cases[2], "--override", "step_order=spoed",
    )  # fmt: skip
    assert res.exit_code != 0
    assert git(repo, "rev-parse", "HEAD") == head
    assert not list(repo.glob("cases/*/records/*meeting*"))


def test_an_act_with_documents_is_one_commit(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    before = int(git(repo, "rev-list", "--count", "HEAD"))
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "md")
    assert res.exit_code == 0, res.output
    assert int(git(repo, "rev-list", "--count", "HEAD")) == before + 1


# --- sync ------------------------------------------------------------------------------------


def sync(run: Run, root: Path, day: str, env: dict[str, str] | None = None) -> Result:
    res = run("--repo", root, "sync", env={"ZORGROUTE_TODAY": day, **(env or {})})
    assert res.exit_code == 0, res.output
    return res


def new_case_in(run: Run, root: Path, day: str, env: dict[str, str] | None = None) -> str:
    res = run(
        "--repo", root, "new-case", "--first-name", "Sam", "--last-name", "Testkind",
        "--birth-date", "2017-03-04", "--group", "5a", "--home-municipality", "Delft",
        "--adult", "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
        env={"ZORGROUTE_TODAY": day, **(env or {})},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return res.stdout.strip().splitlines()[-1]


def act(run: Run, root: Path, day: str, *args: str, env: dict[str, str] | None = None) -> str:
    res = run("--repo", root, *args, "--date", day, env={"ZORGROUTE_TODAY": day, **(env or {})})
    assert res.exit_code == 0, res.output
    return Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem


def test_two_clones_work_the_same_cases_for_a_school_week(
    team: tuple[Path, Path], run: Run
) -> None:
    ib, zara = team
    week = [(dt.date(2026, 11, 16) + dt.timedelta(days=i)).isoformat() for i in range(5)]
    monday = week[0]
    cases = [new_case_in(run, ib, monday) for _ in range(3)]
    sync(run, ib, monday)
    sync(run, zara, monday, ZARA)
    made = 0
    corrected = closed = ""
    for n, day in enumerate(week):
        for case in cases:
            if case == closed:
                continue
            # both add records to the same cases on the same day
            act(run, ib, day, "signal", case, "--observed-by", "juf Anna", "--setting",
                "classroom", "--since", "weeks", "--category", "learning",
                "--description", "valt op in de les")  # fmt: skip
            rid = act(run, zara, day, "talk", case, "--contact", "signal", "--with",
                      "parents", "--discussed", "de signalen", env=ZARA)  # fmt: skip
            made += 2
            if n == 2 and case == cases[0]:
                corrected = rid
        if n == 2:  # Wednesday: the IB corrects a record Zara made, after syncing it
            sync(run, zara, day, ZARA)
            sync(run, ib, day)
            act(run, ib, day, "correct", cases[0], corrected[-4:], "--field",
                "parents_questions", "--value", "wat kunnen wij thuis doen?",
                "--reason", "aanvulling van de ouders")  # fmt: skip
            made += 1
        if n == 3:  # Thursday: Zara closes a case
            sync(run, ib, day)
            sync(run, zara, day, ZARA)
            act(run, zara, day, "close", cases[2], "--reason", "goals_met",
                "--parents-told", "de zorgen zijn weg", env=ZARA)  # fmt: skip
            closed = cases[2]
            made += 1
        # end of the day: both share their work, in either order
        first, second = ((ib, None), (zara, ZARA)) if n % 2 else ((zara, ZARA), (ib, None))
        sync(run, first[0], day, first[1])
        sync(run, second[0], day, second[1])
    sync(run, zara, week[-1], ZARA)  # Friday evening: Zara picks up the IB's last work
    assert records(ib) == records(zara)
    # 0 records lost: every act is there (plus the documents some acts made)
    acts = {r for r in records(ib) if "-document-" not in r}
    assert len(acts) == made
    for root, env in ((ib, None), (zara, ZARA)):
        res = run("--repo", root, "check", env={"ZORGROUTE_TODAY": week[-1], **(env or {})})
        assert res.exit_code == 0, res.output
        assert git(root, "status", "--porcelain") == ""
    status = json.loads(
        run(
            "--repo", zara, "status", closed, "--format", "json", env={"ZORGROUTE_TODAY": week[-1]}
        ).stdout  # fmt: skip
    )
    assert status["closed"] is True
    assert git(ib, "rev-parse", "HEAD") == git(zara, "rev-parse", "HEAD")
    assert "CONFLICT" not in git(ib, "log", "--format=%s")


def test_sync_refuses_with_uncommitted_work_and_loses_nothing(
    team: tuple[Path, Path], new_case: Callable[..., str], run: Run
) -> None:
    ib, _ = team
    case = new_case()
    stray = ib / "cases" / case / "records" / "2026-11-01-signal-zzzz.yaml"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("kind: signal\n", encoding="utf-8")
    res = run("--repo", ib, "sync")
    assert res.exit_code == 2
    assert "nog niet in git zijn vastgelegd" in res.stderr and "niets verloren" in res.stderr
    assert stray.read_text(encoding="utf-8") == "kind: signal\n"


def test_sync_explains_a_conflict_and_keeps_local_work(team: tuple[Path, Path], run: Run) -> None:
    ib, zara = team
    case = new_case_in(run, ib, "2026-11-16")
    sync(run, ib, "2026-11-16")
    sync(run, zara, "2026-11-16", ZARA)
    # both edit the same case.yaml by hand and commit it (zorgroute never does that); one
    # pushes with plain git
    for root, group in ((ib, "6a"), (zara, "6b")):
        path = root / "cases" / case / "case.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("5a", group), "utf-8")
        git(root, "commit", "-q", "-am", "met de hand")
    git(zara, "push", "-q")
    head = git(ib, "rev-parse", "HEAD")
    res = run("--repo", ib, "sync")
    assert res.exit_code == 1
    assert "kon niet automatisch worden samengevoegd" in res.stderr
    assert "uw eigen werk staat er nog zoals het was" in res.stderr
    assert f"cases/{case}/case.yaml" in res.stderr
    assert "Traceback" not in res.output
    assert git(ib, "rev-parse", "HEAD") == head
    assert git(ib, "status", "--porcelain") == ""
    assert "6a" in (ib / "cases" / case / "case.yaml").read_text(encoding="utf-8")


def test_sync_does_not_push_a_merge_that_fails_check(team: tuple[Path, Path], run: Run) -> None:
    ib, zara = team
    case = new_case_in(run, ib, "2026-11-16")
    sync(run, ib, "2026-11-16")
    path = ib / "cases" / case / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("5a", "7c"), "utf-8")
    git(ib, "commit", "-q", "-am", "met de hand")
    remote_head = git(ib, "rev-parse", "@{u}")
    res = run("--repo", ib, "sync")
    assert res.exit_code == 1
    assert "er is niets gedeeld" in res.stderr and "met de hand gewijzigd" in res.stderr
    git(ib, "fetch", "-q")
    assert git(ib, "rev-parse", "@{u}") == remote_head
    assert zara.exists()


def test_sync_without_a_remote_says_how_to_add_one(repo: Path, run: Run) -> None:
    git(repo, "commit", "-q", "-am", "partners")
    res = run("--repo", repo, "sync")
    assert res.exit_code == 2
    assert "geen gedeelde remote" in res.stderr and "git remote add origin" in res.stderr
