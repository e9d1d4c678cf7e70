"""The cache of parsed cases: every change to the files is seen, and deleting it changes
nothing. Speed is measured by bench/benchmark.py, never here."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from conftest import Run

from zorgroute.domain.loading import load_all
from zorgroute.store.cache import CACHE_DIR, CaseCache
from zorgroute.store.repo import open_repository

OLD = time.time() - 3600  # an hour ago: outside the window of coarse clocks

SIGNAL = """kind: signal
date: '2026-09-01'
recorded_by: Ilse Bakker
recorded_at: '2026-09-01T10:00:00'
observed_by: leerkracht
settings:
- classroom
since: months
categories:
- {category}
description: Valt op in de klas.
"""


def age(folder: Path, when: float = OLD) -> None:
    for path in folder.rglob("*.yaml"):
        os.utime(path, (when, when))


def categories(repo: Path) -> list[list[str]]:
    source = open_repository(repo)
    return [
        [c.value for e in data.entries for c in getattr(e.record, "categories", [])]
        for data, _ in load_all(source)
        if data is not None
    ]


def cached(repo: Path) -> tuple[int, int]:
    cache = CaseCache(open_repository(repo))
    for case_id in cache.repo.case_ids():
        cache.load(case_id)
    return cache.hits, cache.misses


def setup(repo: Path, new_case: Callable[..., str]) -> Path:
    case_id = new_case()
    records = repo / "cases" / case_id / "records"
    records.mkdir(exist_ok=True)
    (records / "2026-09-01-signal-aaaa.yaml").write_text(
        SIGNAL.format(category="learning"), encoding="utf-8"
    )
    age(repo)
    assert categories(repo) == [["learning"]]  # first run: parsed and stored
    assert (repo / CACHE_DIR / "cases.json").is_file()
    assert cached(repo) == (1, 0)  # second run: from the cache
    return records


def test_edited_file_is_seen(repo: Path, new_case: Callable[..., str]) -> None:
    records = setup(repo, new_case)
    path = records / "2026-09-01-signal-aaaa.yaml"
    path.write_text(SIGNAL.format(category="behaviour"), encoding="utf-8")
    age(repo, OLD + 10)
    assert categories(repo) == [["behaviour"]]


def test_edit_with_same_size_and_time_but_new_file_is_seen(
    repo: Path, new_case: Callable[..., str]
) -> None:
    """A checkout or merge writes a new file (new inode), even if size and time match."""
    records = setup(repo, new_case)
    path = records / "2026-09-01-signal-aaaa.yaml"
    stat = path.stat()
    path.unlink()
    (records / "spare").write_text("x")  # keep the old inode number from being reused
    path.write_text(SIGNAL.format(category="physical"), encoding="utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_mtime_ns, stat.st_mtime_ns))
    (records / "spare").unlink()
    assert categories(repo) == [["physical"]]


def test_same_content_rewritten_is_reused(repo: Path, new_case: Callable[..., str]) -> None:
    """Content is part of the key: a rewritten but equal file needs no parsing."""
    records = setup(repo, new_case)
    path = records / "2026-09-01-signal-aaaa.yaml"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text, encoding="utf-8")
    age(repo, OLD + 20)
    assert cached(repo) == (1, 0)
    assert categories(repo) == [["learning"]]


def test_added_file_is_seen(repo: Path, new_case: Callable[..., str]) -> None:
    records = setup(repo, new_case)
    (records / "2026-09-02-signal-bbbb.yaml").write_text(
        SIGNAL.format(category="anxiety").replace("2026-09-01", "2026-09-02"), encoding="utf-8"
    )
    age(repo)
    assert categories(repo) == [["learning", "anxiety"]]


def test_removed_file_is_seen(repo: Path, new_case: Callable[..., str]) -> None:
    records = setup(repo, new_case)
    (records / "2026-09-01-signal-aaaa.yaml").unlink()
    assert categories(repo) == [[]]


def test_merged_file_is_seen(repo: Path, new_case: Callable[..., str]) -> None:
    """A record that arrives by `git merge` from another clone."""
    import subprocess

    records = setup(repo, new_case)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("add", "-A")
    git("commit", "-qm", "start")
    git("checkout", "-qb", "andere-kloon")
    (records / "2026-09-03-signal-cccc.yaml").write_text(
        SIGNAL.format(category="family").replace("2026-09-01", "2026-09-03"), encoding="utf-8"
    )
    git("add", "-A")
    git("commit", "-qm", "elders vastgelegd")
    git("checkout", "-q", "-")
    assert categories(repo) == [["learning"]]
    git("merge", "-q", "andere-kloon")
    assert categories(repo) == [["learning", "family"]]


def test_fresh_files_are_not_stored(repo: Path, new_case: Callable[..., str]) -> None:
    """A file changed in the last seconds could change again unnoticed: not cached."""
    new_case()
    categories(repo)
    assert cached(repo) == (0, 1)


def test_case_with_problems_is_never_stored(repo: Path, new_case: Callable[..., str]) -> None:
    records = setup(repo, new_case)
    (records / "2026-09-01-signal-aaaa.yaml").write_text("kind: signal\n", encoding="utf-8")
    age(repo)
    assert [d for d, _ in load_all(open_repository(repo))] == [None]
    assert cached(repo) == (0, 1)


def test_broken_cache_file_is_ignored(repo: Path, new_case: Callable[..., str]) -> None:
    setup(repo, new_case)
    (repo / CACHE_DIR / "cases.json").write_bytes(b"not json at all")
    assert categories(repo) == [["learning"]]


def test_deleting_the_cache_changes_no_result(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    setup(repo, new_case)
    new_case(home="Rijswijk")
    age(repo)
    commands = [
        ("report", "--format", "json"),
        ("status", "--format", "json"),
        ("check",),
        ("list", "--format", "json"),
    ]
    first = [run("--repo", repo, *c).stdout for c in commands]
    warm = [run("--repo", repo, *c).stdout for c in commands]
    stored = json.loads((repo / CACHE_DIR / "report.json").read_bytes())
    assert len(stored["entries"]) == 2  # both cases' counts are kept
    shutil.rmtree(repo / CACHE_DIR)
    cold = [run("--repo", repo, *c).stdout for c in commands]
    off = [run("--repo", repo, *c, env={"ZORGROUTE_NO_CACHE": "1"}).stdout for c in commands]
    assert first == warm == cold == off
    assert json.loads(first[0])["sections"][0]["tables"][0]["rows"][0] == [
        "actief in de periode",
        "<5",
    ]


def test_report_cache_sees_an_edit(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    records = setup(repo, new_case)
    first = run("--repo", repo, "report", "--format", "csv").stdout
    assert (repo / CACHE_DIR / "report.json").is_file()
    assert (repo / CACHE_DIR / "report-summary.json").is_file()  # the whole, too
    assert run("--repo", repo, "report", "--format", "csv").stdout == first
    assert "gedragsproblemen" not in first
    (records / "2026-09-01-signal-aaaa.yaml").write_text(
        SIGNAL.format(category="behaviour"), encoding="utf-8"
    )
    age(repo, OLD + 30)
    second = run("--repo", repo, "report", "--format", "csv").stdout
    assert "gedragsproblemen" in second and "leerproblemen" not in second
    config = repo / "zorgroute.yaml"  # a changed setting is part of the key too
    config.write_text(
        config.read_text(encoding="utf-8").replace("small_count: 5", "small_count: 1"),
        encoding="utf-8",
    )
    third = run("--repo", repo, "report", "--format", "csv").stdout
    assert "Soort problemen bij signalering,gedragsproblemen,leerlingen,1" in third
