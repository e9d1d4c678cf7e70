"""Tamper evidence: the working tree compared with git history.

zorgroute writes every file once and commits it. A record or case.yaml that differs from
what was committed, that is gone, or that was never committed, was changed outside
zorgroute; `check` reports it with the file, the commit that last had it and the command
that repairs it. The comparison costs two git calls, however many cases there are.
"""

from __future__ import annotations

from pathlib import Path

from zorgroute.errors import Problem
from zorgroute.store import gitio
from zorgroute.store.repo import CASES_DIR, DOCUMENTS_DIR, RECORDS_DIR, TMP_MARK

RULE = "git-geschiedenis"
NEVER_COMMITTED = frozenset({"?", "A"})  # untracked, or staged and not yet committed


def _case_and_record(path: str) -> tuple[str, str | None, str]:
    """(case id, record id or None, part) for a path under cases/."""
    parts = path.split("/")
    case = parts[1] if len(parts) > 1 else ""
    if len(parts) == 4 and parts[2] == RECORDS_DIR and parts[3].endswith(".yaml"):
        return case, parts[3][:-5], RECORDS_DIR
    if len(parts) >= 4 and parts[2] == DOCUMENTS_DIR:
        return case, None, DOCUMENTS_DIR
    return case, None, parts[2] if len(parts) > 2 else ""


def _restore(path: str) -> str:
    return f"git restore --source=HEAD --staged --worktree -- {path}"


def tamper_problems(root: Path, retained: set[str]) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings): files under cases/ that differ from git history. `retained`
    are the case ids that retention deleted: their files are gone on purpose.

    A committed file changed or deleted outside zorgroute is a problem: the dossier no
    longer says what was recorded. A file that was never committed is a warning: nothing
    recorded was lost or changed (zorgroute wrote it, and git was busy or stopped), and
    `check` validates its content like any other; the fix is to commit it."""
    changes = gitio.worktree_changes(root, CASES_DIR)
    if changes is None:
        return [], []  # not under git: nothing to compare with
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: set[str] = set()
    for status, path in changes:
        if TMP_MARK in path or path.endswith("/.gitkeep"):
            continue
        case, record, part = _case_and_record(path)
        if not (root / CASES_DIR / case).is_dir() and case in retained:
            continue
        seen.add(path)
        found = _worktree_problem(root, status, path, case, record, part)
        (warnings if status in NEVER_COMMITTED else problems).append(found)
    for path, (status, sha) in gitio.committed_changes(root, CASES_DIR).items():
        if path in seen or TMP_MARK in path:
            continue
        case, record, part = _case_and_record(path)
        if part not in (RECORDS_DIR, "case.yaml") or not (root / CASES_DIR / case).is_dir():
            continue  # documents are checked by their checksum; a deleted case by retention
        exists = (root / path).is_file()
        if status == "D" and not exists:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"dit bestand is in commit {sha} uit git verwijderd, buiten zorgroute om; "
                    "een dossier verliest nooit een record",
                    RULE,
                    f"zet het terug met 'git checkout {sha}~1 -- {path}' en leg het vast; "
                    "was het record een vergissing, trek het dan in met 'zorgroute void "
                    f'{case} {record or ""} --reden "…"\'',
                )
            )
        elif status == "M" and exists and not gitio.same_as_added(root, path):
            what = "case.yaml" if part == "case.yaml" else "dit record"
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"{what} is na het vastleggen met de hand gewijzigd (commit {sha}); "
                    "zorgroute schrijft elk bestand maar één keer",
                    RULE,
                    f"zet de eerste versie terug met 'git log --follow -- {path}' en 'git "
                    f"checkout COMMIT -- {path}', en leg de juiste waarde vast met "
                    f"'zorgroute correct {case} {record or 'case'} --field … --value …'",
                )
            )
    return problems, warnings


def _worktree_problem(
    root: Path, status: str, path: str, case: str, record: str | None, part: str
) -> Problem:
    target = record or ("case" if part == "case.yaml" else "")
    if status in NEVER_COMMITTED:
        return Problem(
            path,
            1,
            1,
            "",
            "dit bestand staat in het dossier maar is nooit in git vastgelegd",
            RULE,
            f"controleer het en leg het vast met 'git add -- {path}' en 'git commit'; "
            "hoort het er niet, verwijder het dan"
            if status == "?"
            else "controleer het en leg het vast met 'git commit'; hoort het er niet, haal "
            f"het dan weg met 'git rm --cached -- {path}' en verwijder het",
        )
    sha = gitio.last_commit(root, path) or "?"
    if status == "D":
        return Problem(
            path,
            1,
            1,
            "",
            f"dit bestand is buiten zorgroute verwijderd (laatst vastgelegd in commit {sha})",
            RULE,
            f"zet het terug met '{_restore(path)}'"
            + (
                f"; was het een vergissing, trek het dan in met 'zorgroute void {case} "
                f'{record} --reden "…"\''
                if record
                else ""
            ),
        )
    fix = f"zet het terug met '{_restore(path)}'"
    if target:
        fix += (
            f" en leg de juiste waarde vast met "
            f"'zorgroute correct {case} {target} --field … --value …'"
        )
    return Problem(
        path,
        1,
        1,
        "",
        f"dit bestand is buiten zorgroute gewijzigd na de laatste vastlegging (commit {sha})",
        RULE,
        fix,
    )
