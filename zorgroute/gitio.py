"""The git side: initialise a repository and commit what a command wrote.

Commit messages name the case id and the step, never the pupil. A missing git, or a
repository that is not under git, is not an error: the files are written either way.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

_FALLBACK_IDENTITY = ["-c", "user.name=zorgroute", "-c", "user.email=zorgroute@localhost"]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False,
        env=None, timeout=60,
    )


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
    done = _git(root, *_identity(root), "commit", "-q", "--no-verify", "-m", message,
                "--", *rel)
    if done.returncode != 0:
        return "de bestanden zijn opgeslagen, maar git kon ze niet vastleggen (commit)"
    return None
