"""The git side: initialise a repository and commit what a command wrote.

Commit messages name the case id and the step, never the pupil. A missing git, or a
repository that is not under git, is not an error: the files are written either way.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_FALLBACK_IDENTITY = ["-c", "user.name=zorgroute", "-c", "user.email=zorgroute@localhost"]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env=None,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):  # git could not run: report, not crash
        return subprocess.CompletedProcess(["git", *args], 1, "", "")


def available() -> bool:
    return shutil.which("git") is not None


def inside_work_tree(folder: Path) -> bool:
    if not available():
        return False
    probe = folder
    while not probe.exists():
        probe = probe.parent
    result = _git(probe, "rev-parse", "--is-inside-work-tree")
    return result.returncode == 0 and result.stdout.strip() == "true"


def init(folder: Path) -> bool:
    if not available():
        return False
    return _git(folder, "init", "-q").returncode == 0


def _identity(root: Path) -> list[str]:
    has_name = _git(root, "config", "user.name").stdout.strip()
    has_mail = _git(root, "config", "user.email").stdout.strip()
    return [] if has_name and has_mail else _FALLBACK_IDENTITY


def commit(root: Path, paths: Sequence[Path], message: str) -> str | None:
    """Commit exactly `paths`. Returns a Dutch warning when that did not work."""
    if not paths or not inside_work_tree(root):
        return None
    rel = [str(p.relative_to(root)) if p.is_absolute() else str(p) for p in paths]
    added = _git(root, "add", "--", *rel)
    if added.returncode != 0:
        return "de bestanden zijn opgeslagen, maar git kon ze niet toevoegen"
    done = _git(root, *_identity(root), "commit", "-q", "--no-verify", "-m", message, "--", *rel)
    if done.returncode != 0:
        return "de bestanden zijn opgeslagen, maar git kon ze niet vastleggen (commit)"
    return None


# --- reading history ----------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    """The commit that added a file: who committed it and when."""

    sha: str
    author: str
    email: str
    date: dt.datetime

    def as_dict(self) -> dict[str, str]:
        return {
            "commit": self.sha,
            "author": self.author,
            "email": self.email,
            "date": self.date.isoformat(),
        }


_SEP = "\x1f"


def added_in(root: Path, folder: Path) -> dict[str, Commit]:
    """For every file under `folder`, the commit that added it (paths relative to `root`).

    Empty when git is missing or the folder is not under git. Reading only."""
    if not inside_work_tree(root):
        return {}
    rel = str(folder.relative_to(root)) if folder.is_absolute() else str(folder)
    result = _git(
        root,
        "-c",
        "core.quotepath=off",
        "log",
        "--diff-filter=A",
        "--name-only",
        f"--format=%x00%H{_SEP}%an{_SEP}%ae{_SEP}%aI",
        "--",
        rel,
    )
    if result.returncode != 0:
        return {}
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()
    found: dict[str, Commit] = {}
    for block in result.stdout.split("\x00"):
        if not block.strip():
            continue
        header, _, names = block.partition("\n")
        parts = header.split(_SEP)
        if len(parts) != 4:
            continue
        try:
            when = dt.datetime.fromisoformat(parts[3])
        except ValueError:
            continue
        commit = Commit(parts[0], parts[1], parts[2], when)
        for name in names.splitlines():
            name = name.strip()
            if not name:
                continue
            if prefix and name.startswith(prefix):
                name = name[len(prefix) :]
            # log is newest first; an older add (before a delete and re-add) loses
            found.setdefault(name, commit)
    return found


def keep_private(root: Path) -> bool:
    """Let git create its own files for the owner only (core.sharedRepository 0600)."""
    if not available():
        return False
    return _git(root, "config", "core.sharedRepository", "0600").returncode == 0


def tracked(root: Path, rel: str) -> list[str]:
    """The files under `rel` that git tracks (empty when git is missing or not in use)."""
    if not available():
        return []
    result = _git(root, "-c", "core.quotepath=off", "ls-files", "-z", "--", rel)
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.split("\x00") if name]
