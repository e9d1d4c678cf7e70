"""Crash safety: a write interrupted at any point leaves the repository before or after the
write, never half; `check` passes or explains what is left over, with a fix; a killed
writer does not block the next one.

Three ways to interrupt a write:
- an error (OSError) at the Nth file-system call: the command fails cleanly (exit 5) and
  its own clean-up runs;
- a hard stop (os._exit) at the Nth call, in a forked child: no clean-up runs at all, as
  when the power fails or the process is killed;
- SIGKILL sent to a real process that writes records in a loop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer.main
from click.testing import CliRunner
from conftest import Run

from zorgroute.cli import app
from zorgroute.domain.check import check_repository
from zorgroute.store.repo import LOCK_FILE, TMP_MARK


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests fork; the PDF compiler keeps a thread pool that a forked child cannot
    use (it waits for threads that were not copied). The writes, not the PDF, are the point."""
    monkeypatch.setattr("zorgroute.documents.render.pdf_available", lambda: False)


CLI = typer.main.get_command(app)
TODAY = "2026-11-23"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

# The calls a write goes through. Each is a point where a crash can happen.
POINTS: list[tuple[Any, str]] = [
    (os, "open"),
    (os, "write"),
    (os, "fsync"),
    (os, "link"),
    (os, "rename"),
    (os, "replace"),
    (os, "unlink"),
    (os, "mkdir"),
    (Path, "mkdir"),
    (subprocess, "run"),
]
LEFTOVER_RULES = {"tijdelijk-bestand", "document", "git-slot"}


def case_files(root: Path) -> set[str]:
    """What a reader sees: files under cases/, without temporary files."""
    return {
        p.relative_to(root).as_posix()
        for p in (root / "cases").rglob("*")
        if p.is_file() and TMP_MARK not in p.as_posix()
    }


@contextmanager
def failing_at(n: int, action: Callable[[], None]) -> Iterator[list[int]]:
    """Patch every write point; on the nth call, `action()` (raise or exit)."""
    count = [0]
    originals = [(owner, name, getattr(owner, name)) for owner, name in POINTS]

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == n:
                action()
            return fn(*args, **kwargs)

        return inner

    for owner, name, fn in originals:
        setattr(owner, name, wrap(fn))
    try:
        yield count
    finally:
        for owner, name, fn in originals:
            setattr(owner, name, fn)


def raise_oserror() -> None:
    raise OSError(28, "No space left on device")


def hard_exit() -> None:
    os._exit(86)


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    env = {"ZORGROUTE_TODAY": TODAY, "ZORGROUTE_INTERACTIVE": "0"}
    result = CliRunner().invoke(CLI, ["--repo", str(root), *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def signal_args(case: str) -> list[str]:
    return [
        "signal",
        case,
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
    ]


def talk_args(case: str) -> list[str]:
    return [
        "talk",
        case,
        "--contact",
        "before_care_team",
        "--with",
        "parents",
        "--adult",
        "moeder",
        "--discussed",
        "zorgen over het lezen",
    ]


def new_case_args(_case: str) -> list[str]:
    return [
        "new-case",
        "--first-name",
        "Sanne",
        "--last-name",
        "Testkind",
        "--birth-date",
        "2017-03-04",
        "--group",
        "4b",
        "--home-municipality",
        "Delft",
        "--adult",
        "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
    ]


COMMANDS = {"signal": signal_args, "talk": talk_args, "new-case": new_case_args}


def assert_whole(now: set[str], case: str, before: set[str], after: set[str]) -> None:
    """Before, after, or a prefix of the write order: documents first, then the act's
    record, then the record of the documents. Never a record without what precedes it."""
    have = normalise(now, case, before) - before
    want = normalise(after, case, before) - before
    assert have <= want and now >= before, (sorted(have), sorted(want))
    docs = {p for p in want if "/documents/" in p}
    order = sorted((p for p in want if "/records/" in p), key=lambda p: "-document" in p)
    got = {p for p in have if "/records/" in p}
    if got:
        assert docs <= have, "a record landed before its documents"
        assert got == set(order[: len(got)]), (sorted(got), order)


def assert_check_explains(root: Path) -> None:
    import datetime as dt

    result = check_repository(root, dt.date.fromisoformat(TODAY))
    unexplained = [p for p in result.problems if p.rule not in LEFTOVER_RULES or not p.hint]
    assert not unexplained, [p.format() for p in unexplained]
    assert not any(LOCK_FILE in p.path for p in result.problems)


def clean_leftovers(root: Path) -> None:
    """Do what check's hints say: remove temporary files and unrecorded documents."""
    import datetime as dt
    import shutil

    for problem in check_repository(root, dt.date.fromisoformat(TODAY)).problems:
        path = root / problem.path
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def head(repo: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def rewind(repo: Path, start: str) -> None:
    """Take back the commits a run made (the files are removed by the caller), so that the
    next run starts from `start` in git too: check compares the tree with git history."""
    subprocess.run(["git", "reset", "-q", start], cwd=repo, capture_output=True, check=True)


def reference(
    repo: Path, new_case: Callable[..., str], run: Run, command: str
) -> tuple[str, set[str], set[str], int, str]:
    """Run the command once unpatched to learn the files before/after and the call count."""
    case = new_case()
    start = head(repo)
    before = case_files(repo)
    with failing_at(10**9, raise_oserror) as count:
        code, out, err = invoke(repo, *COMMANDS[command](case))
    assert code == 0, err
    after = case_files(repo)
    assert after > before
    # undo: the crash runs start from `before` again
    for rel in after - before:
        (repo / rel).unlink()
    for folder in sorted((repo / "cases").rglob("*"), reverse=True):
        if (
            folder.is_dir()
            and not any(folder.iterdir())
            and folder.name not in ("records", "documents")
            and folder.parent.name != "cases"
        ):
            folder.rmdir()
    if command == "new-case":
        new_dirs = {p.split("/")[1] for p in after - before}
        for d in new_dirs:
            for sub in sorted((repo / "cases" / d).rglob("*"), reverse=True):
                sub.rmdir() if sub.is_dir() else sub.unlink()
            (repo / "cases" / d).rmdir()
    rewind(repo, start)
    assert case_files(repo) == before
    return case, before, after, count[0], start


def normalise(paths: set[str], case: str, before: set[str]) -> set[str]:
    """Record and case names are random; compare the shape (folder and kind)."""
    out = set()
    for p in paths:
        if p in before:
            out.add(p)
            continue
        parts = p.split("/")
        if len(parts) >= 3 and parts[1] != case:
            parts[1] = "<new>"
        name = parts[-1]
        if parts[-2] == "records":
            name = "-".join(name.split("-")[:4])
        elif parts[-2] == "documents":
            stem, _, ext = name.rpartition(".")
            name = stem.rpartition("-")[0] + "." + ext
        parts[-1] = name
        out.add("/".join(parts))
    return out


@pytest.mark.parametrize("command", ["new-case", "signal"])
def test_error_at_every_write_point(
    repo: Path, new_case: Callable[..., str], run: Run, command: str
) -> None:
    """An OSError at call N: exit 5 with a Dutch message, or (when only git failed) the
    files written with a warning; the repository is before or after, never half."""
    case, before, after, calls, start = reference(repo, new_case, run, command)
    for n in range(1, calls + 1):
        with failing_at(n, raise_oserror):
            code, out, err = invoke(repo, *COMMANDS[command](case))
        assert "Traceback" not in err
        # reads open files with os.open too: a failing read refuses with exit 1
        assert code in (0, 5) or (code == 1 and "kan niet worden gelezen" in err), (n, code, err)
        if code in (1, 5):
            assert err.startswith("zorgroute: "), err
        assert_whole(case_files(repo), case, before, after)
        assert_check_explains(repo)
        clean_leftovers(repo)
        for rel in case_files(repo) - before:
            (repo / rel).unlink()
        for d in (repo / "cases").iterdir():
            if d.is_dir() and d.name != case and not any(d.rglob("*.yaml")):
                for sub in sorted(d.rglob("*"), reverse=True):
                    sub.rmdir()
                d.rmdir()
        rewind(repo, start)
    # afterwards the command simply works
    code, _, err = invoke(repo, *COMMANDS[command](case))
    assert code == 0, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_hard_crash_at_every_write_point(
    repo: Path, new_case: Callable[..., str], run: Run, command: str
) -> None:
    """A forked child dies (os._exit, no clean-up) at call N of the write."""
    case, before, after, calls, start = reference(repo, new_case, run, command)
    shape_after = normalise(after, case, before)
    for n in range(1, calls + 1):
        pid = os.fork()
        if pid == 0:  # the child: run the command and die at call n
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                with failing_at(n, hard_exit):
                    invoke(repo, *COMMANDS[command](case))
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        died = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 86
        now = case_files(repo)
        assert_whole(now, case, before, after)
        if not died:
            assert normalise(now, case, before) == shape_after
        assert_check_explains(repo)
        # the next writer is not blocked by the dead one's lock
        started = time.monotonic()
        clean_leftovers(repo)
        for rel in case_files(repo) - before:
            (repo / rel).unlink()
        for d in (repo / "cases").iterdir():
            if d.is_dir() and d.name != case and not any(d.rglob("*.yaml")):
                for sub in sorted(d.rglob("*"), reverse=True):
                    sub.rmdir()
                d.rmdir()
        rewind(repo, start)
        assert case_files(repo) == before
        assert time.monotonic() - started < 5
    code, _, err = invoke(repo, *COMMANDS[command](case))
    assert code == 0, err


WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from zorgroute.domain import engine
    from zorgroute.store.repo import open_repository
    repo = open_repository(Path(sys.argv[1]))
    case = sys.argv[2]
    print("ready", flush=True)
    for i in range(100000):
        engine.perform(repo, case, "signal", "signal", {
            "observed_by": "juf", "settings": ["classroom"], "since": "weeks",
            "categories": ["learning"], "description": "regel " * 2000},
            day=dt.date(2026, 11, 1), by="test")
""")


def test_sigkill_mid_write(repo: Path, new_case: Callable[..., str]) -> None:
    """Kill a process that writes records as fast as it can; every record that landed is
    whole, check passes or explains the leftovers, and the lock does not block anyone."""
    case = new_case()
    env = {**os.environ, "ZORGROUTE_TODAY": TODAY}
    for delay in (0.3, 0.7, 1.1):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(repo), case],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert_check_explains(repo)
        clean_leftovers(repo)
    started = time.monotonic()
    code, _, err = invoke(repo, *signal_args(case))
    assert code == 0, err
    assert "let op" not in err, err  # git commits again after check's fix
    assert time.monotonic() - started < 10, "the killed writer's lock blocked the next one"
    code, out, err = invoke(repo, "check")
    assert code == 0, err


def test_check_explains_leftovers_and_ignores_the_lock_file(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    (repo / LOCK_FILE).write_text("", encoding="utf-8")  # as a killed writer leaves it
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    (repo / "cases" / f"{TMP_MARK}abcdefgh").mkdir()
    (repo / "cases" / case / "records").mkdir(exist_ok=True)
    (repo / "cases" / case / "records" / f"2026-11-01-signal-abcd.yaml{TMP_MARK}x1y2z3").write_text(
        "kind: sig", encoding="utf-8"
    )
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert LOCK_FILE not in res.stderr
    assert (
        ".git/index.lock:1:1: een onderbroken git-opdracht liet een slot achter; nieuwe "
        "records worden zo niet vastgelegd in git [git-slot]"
    ) in res.stderr
    assert (
        f"cases/{TMP_MARK}abcdefgh:1:1: een onderbroken opdracht liet dit tijdelijke "
        "dossier achter; het dossier is niet aangemaakt [tijdelijk-bestand]"
    ) in res.stderr
    assert (
        f"cases/{case}/records/2026-11-01-signal-abcd.yaml{TMP_MARK}x1y2z3:1:1: een "
        "onderbroken opdracht liet dit tijdelijke bestand achter"
    ) in res.stderr
    # three leftovers, and the files written here by hand are readable by others (umask)
    assert res.stderr.count("oplossing:") == 3 + res.stderr.count("[rechten]")
    clean_leftovers(repo)
    assert run("--repo", repo, "check").exit_code == 0
    assert run("--repo", repo, *signal_args(case)).exit_code == 0
