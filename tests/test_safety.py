"""Safe by construction: nothing in a repository can run code, reach outside it, leak a
name into a message, or make zorgroute hang (issue 15).

Each test plants what a colleague with push access could plant and runs the commands a
school runs. Speed is never timed here: the limits are structural (counted), so a test
asserts that they are hit, not how fast.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, commit_paths

from zorgroute.store import yamlio
from zorgroute.store.cache import CACHE_DIR

SIGNAL = """kind: signal
date: '2026-09-01'
recorded_by: Ilse Bakker
recorded_at: '2026-09-01T10:00:00'
observed_by: leerkracht
settings:
- classroom
since: months
categories:
- learning
description: Valt op in de klas.
"""
SIGNAL_ARGS = (
    "--observed-by",
    "juf Anna",
    "--setting",
    "classroom",
    "--since",
    "months",
    "--category",
    "learning",
    "--description",
    "leest traag",
)
SECRET = "Emma de Vries"  # a name that must never appear in a message
READING = [("check",), ("list",), ("status",), ("agenda",), ("report",)]


def tree(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file and folder under `root` with its size, mtime and mode (links as such)."""
    found: dict[str, tuple[int, int, int]] = {}
    if not os.path.lexists(root):
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = os.lstat(path)
            found[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns, st.st_mode)
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the repository: nothing may be read from or written to it."""
    folder = tmp_path / "elders"
    folder.mkdir()
    (folder / "geheim.txt").write_text("GEHEIM-BUITEN-DE-REPOSITORY\n", encoding="utf-8")
    return folder


@pytest.fixture
def case(repo: Path, new_case: Callable[..., str], run: Run) -> str:
    case_id = new_case()
    assert run("--repo", repo, "signal", case_id, *SIGNAL_ARGS).exit_code == 0
    return case_id


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and "interne fout" not in text, text


# --- the cache --------------------------------------------------------------------------


class Bomb:
    """A pickle that, when loaded, creates a file: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def outputs(run: Run, repo: Path, env: dict[str, str] | None = None) -> list[str]:
    commands = [
        ("list", "--format", "json"),
        ("status", "--format", "json"),
        ("agenda", "--format", "json"),
        ("report", "--format", "json"),
    ]
    found = []
    for command in commands:
        res = run("--repo", repo, *command, env=env)
        assert res.exit_code == 0, res.output
        found.append(res.stdout)
    return found


def test_a_planted_pickle_never_runs_and_the_cache_is_rebuilt(
    repo: Path, case: str, run: Run, tmp_path: Path
) -> None:
    marker = tmp_path / "pickle-ran"
    cache = repo / CACHE_DIR
    cache.mkdir(exist_ok=True)
    for name in ("cases", "status-rows", "agenda", "report", "report-summary"):
        (cache / f"{name}.pickle").write_bytes(pickle.dumps(Bomb(marker)))
    want = outputs(run, repo, {"ZORGROUTE_NO_CACHE": "1"})
    assert outputs(run, repo) == want
    assert outputs(run, repo) == want  # warm, from the new cache
    assert not marker.exists()
    assert {p.name for p in cache.glob("*.json")} >= {
        "status-rows.json",
        "agenda.json",
        "report.json",
    }
    for path in cache.glob("*.json"):
        json.loads(path.read_bytes())  # plain data
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


HOSTILE_REFS = [
    {"~o": ["os:system", {"command": "touch PWNED"}]},
    {"~o": ["builtins:eval", {"source": "1"}]},
    {"~p": ["zorgroute.store.safefs:UnsafeFile", {}]},
    {"~o": ["zorgroute.store.safefs:write_new", {}]},
    {"~e": ["subprocess:Popen", ["touch", "PWNED"]]},
    {"~o": ["zorgroute.views.agenda:AgendaItem", {"date": {"~d": "not a date"}}]},
    {"~t": [{"~m": [[{"~t": []}, {"~c": "x"}]]}]},
    "Emma de Vries",
]
DEEP: Any = []
for _ in range(100):
    DEEP = [DEEP]
HOSTILE_REFS.append(DEEP)


@pytest.mark.parametrize("bound", [False, True], ids=["from-elsewhere", "bound-here"])
def test_a_planted_cache_in_the_new_format_is_ignored_and_rebuilt(
    repo: Path, case: str, run: Run, bound: bool
) -> None:
    want = outputs(run, repo, {"ZORGROUTE_NO_CACHE": "1"})
    outputs(run, repo)  # a real cache, to copy the signatures from
    cache = repo / CACHE_DIR
    folder = os.lstat(cache)
    for path in cache.glob("*.json"):
        stored = json.loads(path.read_bytes())
        if not bound:  # as it would arrive by git: another folder's numbers
            stored["folder"] = [1, 2]
        for i, entry in enumerate((stored.get("entries") or {}).values()):
            entry["value"] = HOSTILE_REFS[i % len(HOSTILE_REFS)]
        if "value" in stored:
            stored["value"] = HOSTILE_REFS[0]
        assert stored["folder"] != [1, 2] or not bound
        path.write_text(json.dumps(stored), encoding="utf-8")
        os.chmod(path, 0o600)
    assert [folder.st_dev, folder.st_ino] == json.loads((cache / "agenda.json").read_bytes())[
        "folder"
    ] or not bound
    assert outputs(run, repo) == want
    assert not (repo / "PWNED").exists() and not Path("PWNED").exists()
    assert outputs(run, repo) == want


def test_a_cache_readable_by_others_or_behind_a_link_is_not_used(
    repo: Path, case: str, run: Run, outside: Path
) -> None:
    want = outputs(run, repo, {"ZORGROUTE_NO_CACHE": "1"})
    outputs(run, repo)
    cache = repo / CACHE_DIR
    os.chmod(cache / "agenda.json", 0o644)  # as a checkout leaves it
    assert outputs(run, repo) == want
    assert stat.S_IMODE((cache / "agenda.json").stat().st_mode) == 0o600  # rewritten
    shutil.rmtree(cache)
    cache.symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    assert outputs(run, repo) == want
    assert tree(outside) == before  # nothing written through the link
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert f"{CACHE_DIR}:1:1: de cache is geen gewone map" in res.stderr


def test_check_refuses_a_committed_cache(repo: Path, case: str, run: Run) -> None:
    outputs(run, repo)
    subprocess.run(["git", "add", "-f", CACHE_DIR], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "cache"], cwd=repo, check=True)
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert f"{CACHE_DIR}:1:1: de cache staat in git" in res.stderr
    assert "[cache-in-git]" in res.stderr and "git rm -r --cached" in res.stderr
    subprocess.run(["git", "rm", "-rq", "--cached", CACHE_DIR], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "weg"], cwd=repo, check=True)
    assert run("--repo", repo, "check").exit_code == 0
    assert f"{CACHE_DIR}/" in (repo / ".gitignore").read_text(encoding="utf-8")


# --- links and special files -----------------------------------------------------------


def test_a_case_folder_linked_outside_is_refused_and_nothing_is_written_there(
    repo: Path, case: str, run: Run, outside: Path
) -> None:
    target = outside / "dossier"
    shutil.copytree(repo / "cases" / case, target)
    shutil.rmtree(repo / "cases" / case)
    (repo / "cases" / case).symlink_to(target, target_is_directory=True)
    before = tree(outside)
    res = run("--repo", repo, "signal", case, *SIGNAL_ARGS)
    assert res.exit_code != 0
    no_traceback(res.output)
    for command in READING + [("status", case), ("render", case, "parents-overview")]:
        res = run("--repo", repo, *command)
        no_traceback(res.output)
        assert "Testkind" not in res.output  # the pupil's name lives outside now
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert f"cases/{case}:1:1: dit is een koppeling (symlink) naar een plek buiten" in res.stderr
    assert tree(outside) == before


@pytest.mark.parametrize("what", ["record", "records", "case.yaml", "documents"])
def test_links_out_of_a_case_are_refused(
    repo: Path, case: str, run: Run, outside: Path, what: str
) -> None:
    folder = repo / "cases" / case
    if what == "record":
        (outside / "r.yaml").write_text(SIGNAL.replace("Valt op", "GEHEIM-BUITEN"), "utf-8")
        (folder / "records" / "2026-09-02-signal-link.yaml").symlink_to(outside / "r.yaml")
    elif what == "records":
        shutil.copytree(folder / "records", outside / "records")
        shutil.rmtree(folder / "records")
        (folder / "records").symlink_to(outside / "records", target_is_directory=True)
    elif what == "case.yaml":
        shutil.move(folder / "case.yaml", outside / "case.yaml")
        (folder / "case.yaml").symlink_to(outside / "case.yaml")
    else:
        (outside / "documents").mkdir()
        (folder / "documents").symlink_to(outside / "documents", target_is_directory=True)
    before = tree(outside)
    for command in [
        *READING,
        ("status", case),
        ("show", case),
        ("render", case, "parents-overview"),
        ("signal", case, *SIGNAL_ARGS),
    ]:
        res = run("--repo", repo, *command)
        no_traceback(res.output)
        assert "GEHEIM-BUITEN" not in res.output
    res = run("--repo", repo, "check")
    assert res.exit_code == 1, res.output
    assert "koppeling (symlink)" in res.stderr
    assert tree(outside) == before


def test_a_template_linked_outside_is_refused(
    repo: Path, case: str, run: Run, outside: Path
) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "parents-overview.md").symlink_to(outside / "geheim.txt")
    before = tree(repo / "cases")
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "md")
    assert res.exit_code == 1
    assert "templates/parents-overview.md:1:1: dit is een koppeling (symlink)" in res.stderr
    assert "GEHEIM" not in res.output
    assert tree(repo / "cases") == before  # no document saved
    res = run("--repo", repo, "render", case, "parents-overview", "--stdout")
    assert res.exit_code == 1 and "GEHEIM" not in res.output


def test_a_logo_linked_outside_is_refused(repo: Path, case: str, run: Run, outside: Path) -> None:
    (outside / "logo.png").write_bytes(b"\x89PNG GEHEIM")
    (repo / "logo.png").symlink_to(outside / "logo.png")
    config = repo / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "letterhead:\n  logo: logo.png\n", encoding="utf-8"
    )
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "html")
    assert res.exit_code == 1, res.output
    assert "letterhead.logo" in res.stderr and "buiten de repository" in res.stderr


def test_special_files_get_an_answer_that_says_what_they_are(
    repo: Path, case: str, run: Run
) -> None:
    folder = repo / "cases" / case
    (folder / "case.yaml").unlink()
    os.mkfifo(folder / "case.yaml")  # opening it for reading would block forever
    res = run("--repo", repo, "status", case)
    assert res.exit_code == 1
    assert (
        f"cases/{case}/case.yaml:1:1: dit is een named pipe (FIFO), geen gewoon bestand"
        in res.stderr
    )
    assert "bestaat niet" not in res.stderr
    res = run("--repo", repo, "check")
    assert "named pipe (FIFO)" in res.stderr and res.exit_code == 1


def test_records_as_a_plain_file_is_a_problem_not_an_empty_case(
    repo: Path, case: str, run: Run
) -> None:
    folder = repo / "cases" / case
    shutil.rmtree(folder / "records")
    (folder / "records").write_text(SIGNAL, encoding="utf-8")
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert (
        f"cases/{case}/records:1:1: records hoort een map te zijn met de records van het "
        "dossier, maar is een bestand [indeling]"
    ) in res.stderr
    assert "in orde" not in res.output


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("kind: !!python/object/apply:os.system ['ls']\n", "een tag met !", "verwijder de tag"),
        ("kind: " + "[" * 100_000 + "\n", "het bestand is te diep genest", "niveaus"),
        ("kind: " + "{a: " * 100_000 + "\n", "het bestand is te diep genest", "niveaus"),
        ("".join(f"{i:x}: 1\n" for i in range(60_000)), "te veel velden", "splits"),
        ("kind: [" + ",".join("1" for _ in range(30_000)) + "]\n", "te veel waarden", "splits"),
        ("description: '" + "x" * 200_000 + "'\n", "deze tekst is te lang", "splits"),
    ],
)
def test_hostile_yaml_gets_the_right_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str, hint: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")

    def never(*_: Any) -> Any:
        raise AssertionError("refused before validation: the limit is structural")

    monkeypatch.setattr(yamlio, "validation_problems", never)
    loaded, problems = yamlio.read_yaml(path, "r.yaml", tmp_path)
    assert loaded is None
    assert len(problems) == 1, problems
    assert message in problems[0].message and hint in problems[0].hint


def test_the_60000_key_record_is_refused_with_one_message(repo: Path, case: str, run: Run) -> None:
    record = repo / "cases" / case / "records" / "2026-09-03-signal-huge.yaml"
    record.write_text(SIGNAL + "".join(f"{i:x}: 1\n" for i in range(60_000)), "utf-8")
    commit_paths(repo, [record.relative_to(repo).as_posix()])  # pushed by a colleague
    assert record.stat().st_size < yamlio.MAX_FILE_BYTES  # inside the size limit
    for command in [("check",), ("status", case), ("status",), ("agenda",), ("report",)]:
        res = run("--repo", repo, *command)
        no_traceback(res.output)
    res = run("--repo", repo, "check")
    assert res.stderr.count("2026-09-03-signal-huge.yaml") == 1
    assert "hier staan te veel velden bij elkaar (meer dan 500)" in res.stderr


# --- templates ----------------------------------------------------------------------------

RUNAWAY = {
    "nested-loops": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "te veel werk",
    ),
    "huge-string": ("{{ ('a' * 400000000)|length }}", "te grote tekst"),
    "huge-power": ("{{ 7 ** 100000000 }}", "te grote tekst"),
    "huge-width": ("{{ 'a'|center(400000000) }}", "te grote tekst"),
    "huge-format": ("{{ '%400000000s' % 'a' }}", "te grote tekst"),
    "huge-format-star": ("{{ '%*s' % (400000000, 'a') }}", "te grote tekst"),
    "huge-str-format": ("{{ '{:>400000000}'.format('a') }}", "te grote tekst"),
    "recursion": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "zichzelf te vaak"),
    "output": (
        "{% for a in range(100000) %}{% for b in range(100) %}xxxxxxxxxx{% endfor %}{% endfor %}",
        "te grote tekst",
    ),
}


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_a_runaway_school_template_is_stopped_with_a_located_message(
    repo: Path, case: str, run: Run, name: str
) -> None:
    body, message = RUNAWAY[name]
    (repo / "templates").mkdir()
    (repo / "templates" / "parents-overview.md").write_text(
        "# Overzicht\n\nregel twee\n" + body + "\n", encoding="utf-8"
    )
    before = tree(repo / "cases")
    res = run("--repo", repo, "render", case, "parents-overview", "--format", "md")
    assert res.exit_code == 1, res.output
    assert "templates/parents-overview.md:4:1: " in res.stderr, res.stderr
    assert message in res.stderr and "[sjabloon]" in res.stderr
    assert tree(repo / "cases") == before


# --- private by default --------------------------------------------------------------------


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def test_everything_written_is_private_under_umask_022(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "dossiers"
    with umask(0o022):
        assert (
            run(
                "init",
                root,
                "--school",
                "S",
                "--brin",
                "99ZZ",
                "--sector",
                "po",
                "--municipality",
                "Delft",
                "--swv",
                "SWV",
                "--ib-name",
                "Ilse Bakker",
            ).exit_code
            == 0
        )
        res = run(
            "--repo",
            root,
            "new-case",
            "--first-name",
            "Sanne",
            "--last-name",
            "Kind",
            "--birth-date",
            "2017-03-04",
            "--group",
            "4b",
            "--home-municipality",
            "Delft",
            "--adult",
            "id=moeder;name=Ria Kind;relation=mother;authority=ja",
        )
        assert res.exit_code == 0, res.output
        case_id = res.stdout.strip().splitlines()[-1]
        for command in [
            ("signal", case_id, *SIGNAL_ARGS),
            ("render", case_id, "parents-overview", "--format", "md", "--format", "html"),
            ("status",),
            ("list",),
            ("agenda", "--ics", str(root / "a.ics")),
            ("report", "--output", str(root / "r.md")),
        ]:
            res = run("--repo", root, *command)
            assert res.exit_code == 0, (command, res.output)
    loose = []
    for path in [root, *root.rglob("*")]:
        if ".git" in path.relative_to(root).parts:
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            loose.append((path.relative_to(root).as_posix(), oct(mode)))
    assert loose == []
    assert (root / CACHE_DIR).is_dir() and any((root / "cases" / case_id / "documents").iterdir())


def test_check_warns_about_loose_modes_and_init_fixes_them(repo: Path, case: str, run: Run) -> None:
    folder = repo / "cases" / case
    os.chmod(folder, 0o755)  # as a clone under umask 022 leaves them
    for path in folder.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    res = run("--repo", repo, "check")
    assert res.exit_code == 0  # a warning, not a problem
    assert "zijn leesbaar voor andere gebruikers van deze computer [rechten]" in res.stderr
    assert "zorgroute init --fix-modes" in res.stderr
    res = run("init", "--fix-modes", repo)
    assert res.exit_code == 0 and "privé gemaakt" in res.stdout
    assert "[rechten]" not in run("--repo", repo, "check").output
    for path in [folder, *folder.rglob("*")]:
        assert not stat.S_IMODE(path.stat().st_mode) & 0o077
    git = subprocess.run(
        ["git", "config", "core.sharedRepository"], cwd=repo, capture_output=True, text=True
    )
    assert git.stdout.strip() == "0600"


# --- no record text in messages ---------------------------------------------------------

PLANTED = {
    "key": SIGNAL + f"{SECRET}: geheim\n",
    "nested-key": SIGNAL.replace("settings:\n- classroom", f"settings:\n- {{{SECRET}: x}}"),
    "duplicate-key": SIGNAL + f"{SECRET}: a\n{SECRET}: b\n",
    "value-date": SIGNAL.replace("date: '2026-09-01'", f"date: {SECRET}"),
    "value-enum": SIGNAL.replace("since: months", f"since: {SECRET}"),
    "value-list": SIGNAL.replace("- learning", f"- {SECRET}"),
    "value-kind": SIGNAL.replace("kind: signal", f"kind: {SECRET}"),
    "value-bool": SIGNAL + f"private: {SECRET}\n",
    "tag": SIGNAL + f"extra: !{SECRET.replace(' ', '')} x\n",
    "key-and-syntax": f"{SECRET}: [\n",
    "many-keys": SIGNAL + "".join(f"{SECRET} {i}: x\n" for i in range(600)),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_no_record_text_in_any_message(repo: Path, case: str, run: Run, name: str) -> None:
    record = repo / "cases" / case / "records" / "2026-09-02-signal-name.yaml"
    record.write_text(PLANTED[name], encoding="utf-8")
    (repo / "cases" / case / "case.yaml").write_text(
        (repo / "cases" / case / "case.yaml").read_text(encoding="utf-8") + f"{SECRET}: geheim\n",
        encoding="utf-8",
    )
    commands = [
        *READING,
        ("check", "--format", "json"),
        ("status", case),
        ("show", case),
        ("render", case, "parents-overview", "--stdout"),
        ("signal", case, *SIGNAL_ARGS),
        ("close", case),
    ]
    for command in commands:
        res = run("--repo", repo, *command)
        no_traceback(res.output)
        for part in (SECRET, SECRET.replace(" ", ""), "Vries"):
            assert part not in res.output, (command, res.output)
    assert run("--repo", repo, "check").exit_code == 1


def test_a_lock_file_planted_as_a_link_is_refused(
    repo: Path, case: str, run: Run, outside: Path
) -> None:
    (repo / ".zorgroute.lock").unlink(missing_ok=True)  # left by the earlier step
    (repo / ".zorgroute.lock").symlink_to(outside / "geheim.txt")
    before = tree(outside)
    res = run("--repo", repo, "signal", case, *SIGNAL_ARGS)
    assert res.exit_code == 5
    assert "op de plaats van het slot (.zorgroute.lock) staat geen gewoon bestand" in res.stderr
    assert tree(outside) == before
