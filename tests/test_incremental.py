"""`check` reuses the result of an unchanged case; it must never change what is reported.

The repository is mutated step by step in every way the other tests know (broken YAML,
schema errors, references, dates, layout, documents, settings, routes, the date of today),
and after each step the check through the cache is compared with a check without it.
The pre-commit hook runs as a real git hook, also through `git commit -a`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE, TODAY, example_case

from zorgroute.domain.check import CheckResult, affected_cases, check_repository
from zorgroute.store.cache import CACHE_DIR, SUFFIX

DAY = dt.date.fromisoformat(TODAY)
CASE = example_case("Emma")
OTHER = example_case("Finn")
DAAN = example_case("Daan")


def _age(root: Path, when: float) -> None:
    """Files older than the racy window, each step at its own time."""
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", CACHE_DIR)]
        for name in files:
            os.utime(os.path.join(top, name), (when, when))


def _records(root: Path, case_id: str = CASE) -> Path:
    return root / "cases" / case_id / "records"


def _first(root: Path, kind: str, case_id: str = CASE) -> Path:
    return sorted(_records(root, case_id).glob(f"*-{kind}-*.yaml"))[0]


def _line(path: Path, key: str) -> str:
    """The line of `path` that starts with `key` (the example's values change with a rebuild)."""
    return next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith(key))


CASES = len(list((EXAMPLE / "cases").glob("*/case.yaml")))
CASE_RECORDS = len(list((EXAMPLE / "cases" / CASE / "records").glob("*.yaml")))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _document(root: Path, name: str, body: bytes) -> None:
    case = root / "cases" / CASE
    (case / "documents").mkdir(exist_ok=True)
    (case / "documents" / name).write_bytes(body)
    (case / "records" / "2026-11-02-document-dd01.yaml").write_text(
        "date: '2026-11-02'\n"
        "recorded_by: Marieke Verhoeven (intern begeleider)\n"
        "recorded_at: '2026-11-02T10:00:00'\n"
        "kind: document\n"
        "document: zat-registration\n"
        "template_version: '1'\n"
        "files:\n"
        f"- path: documents/{name}\n"
        f"  sha256: {hashlib.sha256(body).hexdigest()}\n",
        encoding="utf-8",
    )


def _mutations(root: Path) -> list[tuple[str, Callable[[], object]]]:
    rec = _records(root)
    signal = _first(root, "signal")
    evaluation, second = sorted(_records(root).glob("*-evaluation-*.yaml"))
    referral = _first(root, "referral", DAAN)
    saved = signal.read_bytes()
    signal_date = _line(signal, "date:")
    plan_ref = _line(second, "plan:")
    doc = root / "cases" / CASE / "documents" / "aanmelding.md"
    return [
        ("nothing changed", lambda: None),
        ("missing field", lambda: _edit(signal, "recorded_by:", "recorded_bij:")),
        ("put back as it was", lambda: signal.write_bytes(saved)),
        ("broken YAML", lambda: _edit(evaluation, "outcome:", "outcome: [")),
        (
            "duplicate key",
            lambda: evaluation.write_text(
                evaluation.read_text(encoding="utf-8").replace("outcome: [", "outcome:")
                + "outcome: met\n",
                encoding="utf-8",
            ),
        ),
        ("alias", lambda: _edit(evaluation, "outcome: met\n", "x: &a 1\ny: *a\n")),
        ("future date", lambda: _edit(signal, signal_date, "date: '2027-01-05'")),
        (
            "dangling reference",
            lambda: (
                _edit(signal, "date: '2027-01-05'", signal_date),
                _edit(second, plan_ref, "plan: 2026-10-19-plan-weg0"),
            ),
        ),
        ("record removed", lambda: evaluation.unlink()),
        ("record added", lambda: shutil.copy(second, rec / "2026-11-01-evaluation-zz01.yaml")),
        ("not a YAML file in records", lambda: (rec / "notes.txt").write_text("x")),
        ("temporary file in records", lambda: (rec / "a.yaml.tmp-abc123").write_text("x")),
        ("stray file in the case", lambda: (root / "cases" / CASE / "extra.txt").write_text("x")),
        ("document made", lambda: _document(root, "aanmelding.md", b"# Aanmelding\n")),
        ("document edited", lambda: doc.write_bytes(b"# Aanmelding, bewerkt\n")),
        ("document removed", lambda: doc.unlink()),
        ("document not recorded", lambda: (doc.parent / "los.md").write_text("x")),
        (
            "case id differs",
            lambda: _edit(root / "cases" / OTHER / "case.yaml", f"id: {OTHER}", "id: aaaaaaaa"),
        ),
        ("case.yaml removed", lambda: (root / "cases" / OTHER / "case.yaml").unlink()),
        ("stray file in cases", lambda: (root / "cases" / "lijst.txt").write_text("x")),
        ("temporary case", lambda: (root / "cases" / "abc.tmp-123").mkdir()),
        (
            "partner removed from the settings",
            lambda: _edit(root / "zorgroute.yaml", f"id: {_institution(referral)}", "id: weg"),
        ),
        ("broken retention log", lambda: (root / "retention-log.yaml").write_text("- [")),
        ("school route added", lambda: _route(root)),
    ]


def _institution(referral: Path) -> str:
    for line in referral.read_text(encoding="utf-8").splitlines():
        if line.startswith("institution:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("referral without institution")


def _route(root: Path) -> None:
    (root / "routes").mkdir(exist_ok=True)
    (root / "routes" / "eigen.yaml").write_text("id: eigen\nversions: [\n", encoding="utf-8")


def _same(cached: CheckResult, cold: CheckResult, step: str) -> None:
    assert [p.format() for p in cached.problems] == [p.format() for p in cold.problems], step
    assert (cached.cases, cached.records, cached.routes) == (
        cold.cases,
        cold.records,
        cold.routes,
    ), step


def test_incremental_check_reports_what_a_cold_check_reports(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    when = 1_700_000_000.0
    _age(root, when)
    assert check_repository(root, DAY).ok  # fills the cache
    before: list[str] = []
    for name, mutate in _mutations(root):
        mutate()
        when += 100
        _age(root, when)
        cold = check_repository(root, DAY, use_cache=False)
        _same(check_repository(root, DAY), cold, name)  # after the change: partly cached
        _same(check_repository(root, DAY), cold, name)  # again: all from the cache
        clean = name in ("nothing changed", "put back as it was")
        assert cold.ok == clean, name
        formatted = [p.format() for p in cold.problems]
        valid = clean or name == "document made"
        assert valid or formatted != before, name  # each mistake shows in what is reported
        before = formatted
    assert (root / CACHE_DIR / f"check{SUFFIX}").is_file()
    # another day is another check (a date that was in the future no longer is)
    later = DAY + dt.timedelta(days=400)
    _same(check_repository(root, later), check_repository(root, later, use_cache=False), "day")


def test_only_the_named_cases_are_checked(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    _edit(_first(root, "signal", OTHER), "recorded_by:", "recorded_bij:")
    full = check_repository(root, DAY)
    assert full.cases == CASES and not full.ok
    mine = check_repository(root, DAY, only={CASE})
    assert mine.ok and mine.cases == 1 and mine.records == CASE_RECORDS
    theirs = check_repository(root, DAY, only={OTHER})
    assert [p.format() for p in theirs.problems] == [p.format() for p in full.problems]


def test_checking_a_few_cases_keeps_what_is_known_of_the_others(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    _age(root, 1_700_000_000.0)
    check_repository(root, DAY)
    stored = root / CACHE_DIR / f"check{SUFFIX}"
    assert len(json.loads(stored.read_text(encoding="utf-8"))["entries"]) == CASES
    _edit(_first(root, "signal"), "recorded_by: ", "recorded_by: M. ")
    _age(root, 1_700_000_100.0)
    assert check_repository(root, DAY, only={CASE}).cases == 1  # the pre-commit hook
    assert len(json.loads(stored.read_text(encoding="utf-8"))["entries"]) == CASES


def test_which_cases_a_change_affects() -> None:
    assert affected_cases([f"cases/{CASE}/records/x.yaml", f"cases/{OTHER}/case.yaml"]) == {
        CASE,
        OTHER,
    }
    assert affected_cases(["README.md", "cases/.gitkeep"]) == set()
    assert affected_cases([f"cases/{CASE}/records/x.yaml", "zorgroute.yaml"]) is None
    assert affected_cases(["routes/eigen.yaml"]) is None


# --- the pre-commit hook as git runs it --------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def hooked(tmp_path: Path) -> Path:
    """The example under git, with the hook of .pre-commit-hooks.yaml installed as git's
    pre-commit hook, running this zorgroute as a separate process (as git does)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    assert _git(root, "init", "-q").returncode == 0
    assert _git(root, "add", "-A").returncode == 0
    assert _git(root, "commit", "-q", "-m", "begin").returncode == 0
    hooks = ROOT_HOOKS.read_text(encoding="utf-8")
    entry = next(line.split(":", 1)[1].strip() for line in hooks.splitlines() if "entry:" in line)
    assert entry == "zorgroute check --staged"
    args = " ".join(entry.split()[1:])
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m zorgroute {args}\n', encoding="utf-8")
    hook.chmod(0o755)
    return root


ROOT_HOOKS = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"


def test_hook_accepts_a_good_commit_all_and_refuses_a_bad_one(hooked: Path) -> None:
    root = hooked
    signal = _first(root, "signal")
    _edit(signal, "recorded_by: ", "recorded_by: M. ")  # still valid
    done = _git(root, "commit", "-a", "-m", "een kleine correctie")
    assert done.returncode == 0, done.stdout + done.stderr  # git's own index.lock is fine
    assert "in orde: 1 dossier" in done.stdout + done.stderr

    _edit(signal, "recorded_by:", "recorded_bij:")
    refused = _git(root, "commit", "-a", "-m", "kapot")
    assert refused.returncode != 0
    assert f"cases/{CASE}/records/{signal.name}" in refused.stderr
    assert "index.lock" not in refused.stderr
    assert _git(root, "log", "--format=%s", "-1").stdout.strip() == "een kleine correctie"


def test_hook_checks_only_the_staged_cases(hooked: Path) -> None:
    root = hooked
    _edit(_first(root, "signal", OTHER), "recorded_by:", "recorded_bij:")  # not staged
    (root / "notes.txt").write_text("x", encoding="utf-8")
    _edit(_first(root, "signal"), "recorded_by: ", "recorded_by: M. ")
    assert _git(root, "add", f"cases/{CASE}").returncode == 0
    done = _git(root, "commit", "-m", "alleen dit dossier")
    assert done.returncode == 0, done.stdout + done.stderr
    records = len(list((root / "cases" / CASE / "records").glob("*.yaml")))
    assert f"in orde: 1 dossier, {records} records" in done.stdout + done.stderr
    # a change of the settings can affect every case: then every case is checked
    with (root / "zorgroute.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# een opmerking\n")
    assert _git(root, "add", "zorgroute.yaml").returncode == 0
    refused = _git(root, "commit", "-m", "instellingen")
    assert refused.returncode != 0
    assert OTHER in refused.stderr


def test_a_stale_index_lock_is_still_reported(hooked: Path) -> None:
    (hooked / ".git" / "index.lock").write_text("", encoding="utf-8")
    result = check_repository(hooked, DAY)
    assert [p.rule for p in result.problems] == ["git-slot"]
