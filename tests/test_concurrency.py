"""Two processes writing to one repository at once: every record lands whole and is
committed, or a writer waits; nothing is lost or corrupted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, Run

WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from zorgroute.domain import engine
    from zorgroute.errors import ZorgrouteError
    from zorgroute.store.repo import open_repository
    root, case, tag, n = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    repo = open_repository(root)
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # start together
    failed = 0
    for i in range(n):
        try:
            engine.perform(repo, case, "signal", "signal", {
                "observed_by": "juf", "settings": ["classroom"], "since": "weeks",
                "categories": ["learning"], "description": f"{tag} nummer {i} " + "x" * 3000},
                day=dt.date(2026, 11, 1), by=tag)
        except ZorgrouteError as exc:  # a clear refusal is allowed, a crash is not
            failed += 1
            sys.stderr.write(exc.message + "\\n")
    print(f"done {failed}")
""")


def test_two_writers_at_once(repo: Path, new_case: Callable[..., str], run: Run) -> None:
    case = new_case()
    n = 12
    env = {**os.environ, "ZORGROUTE_TODAY": TODAY}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(repo), case, tag, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in ("schrijver-a", "schrijver-b")
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    failed = sum(int(out.split()[-1]) for out, _ in results)
    errors = "".join(err for _, err in results)
    for line in filter(None, errors.splitlines()):
        assert line == (
            "een andere zorgroute-opdracht schrijft op dit moment in deze repository"
        ), line
    records = sorted((repo / "cases" / case / "records").glob("*-signal-*.yaml"))
    assert len(records) == 2 * n - failed
    texts = [r.read_text(encoding="utf-8") for r in records]
    for tag in ("schrijver-a", "schrijver-b"):
        numbers = sorted(
            int(t.split(f"{tag} nummer ")[1].split()[0])
            for t in texts
            if f"recorded_by: {tag}" in t
        )
        assert len(numbers) == len(set(numbers))
    check = run("--repo", repo, "check")
    assert check.exit_code == 0, check.output
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert sum(1 for line in log if line.startswith(f"zorgroute: {case} signal")) == len(records)
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "cases"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert status == ""
