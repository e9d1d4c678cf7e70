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
NOT_RUN = -1  # the return code of a git command that could not be started at all


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
        return subprocess.CompletedProcess(["git", *args], NOT_RUN, "", "")


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


class GitDidNotRun(OSError):
    """git is installed but could not be run (a full disk, too many processes)."""


def identity(root: Path) -> tuple[str, str] | None:
    """The name and e-mail git would write as author here (config or environment); None
    when git knows none. Raises GitDidNotRun when git could not be asked."""
    if not available():
        return None
    probe = root
    while not probe.exists():
        probe = probe.parent
    result = _git(probe, "var", "GIT_AUTHOR_IDENT")
    if result.returncode == NOT_RUN:
        raise GitDidNotRun("git var")
    if result.returncode != 0:
        return None
    text = result.stdout.strip()
    name, _, rest = text.partition(" <")
    email = rest.partition(">")[0]
    return (name.strip(), email.strip()) if name.strip() or email.strip() else None


# --- working together through a remote ----------------------------------------------

ATTRIBUTES = ".gitattributes"
GITATTRIBUTES = """# zorgroute: één record per bestand; zo voegt git het werk van collega's samen
# het logboek van de bewaartermijn: regels van beide kanten blijven staan
retention-log.yaml merge=union
# gemaakte documenten zijn binair en worden nooit regel voor regel samengevoegd
*.pdf binary
*.docx binary
*.odt binary
"""
# Settings for a team: `git pull` merges (one record per file never conflicts), names
# stay readable, and a merge commit is made without opening an editor.
TEAM_SETTINGS = (
    ("pull.rebase", "false"),
    ("pull.ff", "true"),
    ("merge.ff", "true"),
    ("core.quotepath", "off"),
    ("push.default", "current"),
    ("fetch.prune", "true"),
)


def is_own_repository(root: Path) -> bool:
    """Whether `root` is the top of its git work tree: a dossier repository with its own
    git, not a folder inside another project's repository (like the bundled example)."""
    if not inside_work_tree(root):
        return False
    top = _git(root, "rev-parse", "--show-toplevel").stdout.strip()
    return bool(top) and Path(top).resolve() == root.resolve()


def configure_team(root: Path) -> bool:
    """Write the team settings into the repository's own git config (idempotent). A folder
    inside another repository is left alone: that git config is not the school's."""
    if not is_own_repository(root):
        return False
    return all(_git(root, "config", key, value).returncode == 0 for key, value in TEAM_SETTINGS)


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one git command in the repository, with zorgroute's identity as fallback for
    commits (for merges made by `sync`)."""
    return _git(root, *_identity(root), *args)


# --- comparing the working tree with history -----------------------------------------


def worktree_changes(root: Path, *paths: str) -> list[tuple[str, str]] | None:
    """(status, path) of every file under `paths` that differs from the last commit:
    'M' changed, 'D' deleted, '?' never committed ('A': staged, not yet committed). One git
    call. None outside git."""
    if not inside_work_tree(root):
        return None
    result = _git(
        root,
        "--no-optional-locks",  # reading: git must not refresh (write) its index
        "-c",
        "core.quotepath=off",
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
        *paths,
    )
    if result.returncode != 0:
        return None
    out: list[tuple[str, str]] = []
    for item in result.stdout.split("\x00"):
        if len(item) < 4:
            continue
        code, path = item[:2], item[3:]
        if code == "??":
            out.append(("?", path))
        elif "D" in code:
            out.append(("D", path))
        elif code[0] == "A":
            out.append(("A", path))
        elif code.strip():
            out.append(("M", path))
    return out


def committed_changes(root: Path, *paths: str) -> dict[str, tuple[str, str]]:
    """For files under `paths` that a commit deleted or changed after adding them: the
    last such status ('D' or 'M') and the commit. One git call over the history."""
    if not inside_work_tree(root):
        return {}
    result = _git(
        root,
        "-c",
        "core.quotepath=off",
        "log",
        "--diff-filter=DM",
        "--no-renames",
        "--name-status",
        "--format=%x00%h",
        "--",
        *paths,
    )
    if result.returncode != 0:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for block in result.stdout.split("\x00"):
        sha, _, names = block.partition("\n")
        for line in names.splitlines():
            status, _, path = line.partition("\t")
            if path and status in ("D", "M"):
                found.setdefault(path, (status, sha.strip()))  # newest first
    return found


def last_commit(root: Path, path: str) -> str | None:
    """The short id of the last commit that had `path` (it may be deleted since)."""
    result = _git(root, "log", "-1", "--format=%h", "--", path)
    sha = result.stdout.strip()
    return sha or None


def same_as_added(root: Path, path: str) -> bool:
    """Whether the file now is exactly as the commit that first added it wrote it."""
    added = _git(root, "log", "--diff-filter=A", "--format=%H", "--", path).stdout.split()
    if not added:
        return False
    return _git(root, "diff", "--quiet", added[-1], "--", path).returncode == 0


def staged_paths(root: Path) -> list[str] | None:
    """The paths (relative to `root`) that the commit being made changes: added, changed,
    renamed or deleted in git's index. Inside a pre-commit hook git points
    GIT_INDEX_FILE at the index of the commit (also for `git commit -a`), which git
    passes on to us. None when git is missing or `root` is not under git."""
    if not inside_work_tree(root):
        return None
    result = _git(
        root, "-c", "core.quotepath=off", "diff", "--cached", "--name-only", "-z", "--relative"
    )
    if result.returncode != 0:
        return None
    return [name for name in result.stdout.split("\x00") if name]


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
