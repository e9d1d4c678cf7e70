"""Working together through a shared remote: fetch, merge, check, push.

One record per file means two colleagues' work merges without conflicts. `sync` never
loses local work: it refuses to start with uncommitted changes (and says which files),
aborts a merge that conflicts (the repository is as it was), and does not push a merge
that fails `check` (the merge stays local, to be repaired first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zorgroute.domain.check import check_repository
from zorgroute.errors import Problem, UsageError, ValidationFailed, WriteFailed
from zorgroute.store import gitio
from zorgroute.store.repo import Repository

ATTEMPTS = 3  # a colleague may push between our fetch and our push


@dataclass
class Synced:
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _out(result: object) -> str:
    return str(getattr(result, "stdout", "")) + str(getattr(result, "stderr", ""))


def _upstream(repo: Repository) -> tuple[str, str]:
    """(remote, branch) to sync with: the branch's upstream, else origin (or the only
    remote) with the same branch name."""
    root = repo.root
    branch = gitio.run(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if not branch:
        raise UsageError(
            "de repository staat niet op een branch (losse HEAD); er is niets gedaan",
            hint="ga terug naar de gewone branch met 'git switch main' (of de naam van uw branch)",
        )
    remote = gitio.run(root, "config", f"branch.{branch}.remote").stdout.strip()
    merge = gitio.run(root, "config", f"branch.{branch}.merge").stdout.strip()
    remotes = gitio.run(root, "remote").stdout.split()
    if not remote:
        if not remotes:
            raise UsageError(
                "deze repository heeft geen gedeelde remote; er is niets gedaan",
                hint="koppel de gedeelde repository met 'git remote add origin ADRES' "
                "(vraag de beheerder om het adres)",
            )
        remote = "origin" if "origin" in remotes else remotes[0]
    target = merge.removeprefix("refs/heads/") if merge else branch
    return remote, target


def _dirty(repo: Repository) -> list[tuple[str, str]]:
    changes = gitio.worktree_changes(repo.root, ".")
    return [c for c in changes or [] if not c[1].startswith(".zorgroute")]


def sync(repo: Repository, today: dt.date) -> Synced:
    """Fetch the colleagues' work, merge it, check the result, push our own."""
    root = repo.root
    if not gitio.inside_work_tree(root):
        raise UsageError(
            "deze repository staat niet in git; samenwerken via een remote kan dan niet",
            hint="maak de repository opnieuw met 'zorgroute init' of zet 'git init' aan",
        )
    gitio.configure_team(root)
    result = Synced()
    dirty = _dirty(repo)
    if dirty:
        shown = ", ".join(path for _, path in dirty[:5])
        more = f" en nog {len(dirty) - 5}" if len(dirty) > 5 else ""
        raise UsageError(
            f"er zijn wijzigingen die nog niet in git zijn vastgelegd ({shown}{more}); "
            "er is niets opgehaald of gedeeld, en er is niets verloren",
            hint="'zorgroute check' zegt per bestand hoe u het herstelt of vastlegt; "
            "voer daarna 'zorgroute sync' opnieuw uit",
        )
    remote, branch = _upstream(repo)
    for _attempt in range(ATTEMPTS):
        fetched = gitio.run(root, "fetch", "--quiet", remote)
        if fetched.returncode != 0:
            raise WriteFailed(
                f"ophalen van '{remote}' lukte niet; er is niets veranderd",
                hint="controleer de verbinding met de gedeelde repository en probeer het opnieuw",
            )
        remote_ref = f"refs/remotes/{remote}/{branch}"
        has_remote = gitio.run(root, "rev-parse", "--verify", "--quiet", remote_ref)
        if has_remote.returncode == 0:
            _merge(repo, remote, branch, result)
        checked = check_repository(root, today)
        if not checked.ok:
            raise ValidationFailed(
                "na het samenvoegen vindt de controle problemen; er is niets gedeeld. "
                "Uw werk en dat van uw collega's staan samen in deze kopie",
                checked.problems,
                hint="los de problemen hierboven op en voer 'zorgroute sync' opnieuw uit",
            )
        ahead = gitio.run(root, "rev-list", "--count", f"{remote_ref}..HEAD")
        count = ahead.stdout.strip() if has_remote.returncode == 0 else "alle"
        if count == "0":
            result.lines.append("controle: in orde")
            result.lines.append("niets te delen: de gedeelde repository is bij")
            return result
        pushed = gitio.run(root, "push", "--quiet", "-u", remote, f"HEAD:refs/heads/{branch}")
        if pushed.returncode == 0:
            result.lines.append("controle: in orde")
            result.lines.append(
                f"gedeeld: {count} commit{'' if count == '1' else 's'} naar {remote}/{branch}"
            )
            return result
        if "rejected" not in _out(pushed) and "fetch first" not in _out(pushed):
            raise WriteFailed(
                f"delen met '{remote}' lukte niet; uw werk staat veilig in deze kopie",
                hint="controleer de verbinding en uw rechten op de gedeelde repository, en "
                "probeer 'zorgroute sync' opnieuw",
            )
        # a colleague pushed in between: fetch and merge again
    raise WriteFailed(
        "collega's delen op dit moment steeds nieuw werk; uw werk staat veilig in deze kopie",
        hint="probeer 'zorgroute sync' over een minuut opnieuw",
    )


def _merge(repo: Repository, remote: str, branch: str, result: Synced) -> None:
    root = repo.root
    ref = f"{remote}/{branch}"
    incoming = gitio.run(root, "rev-list", "--count", f"HEAD..{ref}").stdout.strip()
    if incoming in ("", "0"):
        return
    merged = gitio.run(
        root, "merge", "--no-edit", "-m", "zorgroute: werk van collega's samengevoegd", ref
    )
    if merged.returncode == 0:
        result.lines.append(
            f"opgehaald en samengevoegd: {incoming} commit{'' if incoming == '1' else 's'} "
            "van collega's"
        )
        return
    conflicts = gitio.run(root, "diff", "--name-only", "--diff-filter=U").stdout.split()
    gitio.run(root, "merge", "--abort")
    problems = [
        Problem(
            path,
            1,
            1,
            "",
            "dit bestand is hier en bij een collega verschillend gewijzigd",
            "samenvoegen",
            "zorgroute schrijft elk record maar één keer; een bestand dat twee keer is "
            "gewijzigd is met de hand aangepast. Vergelijk beide versies met 'git diff "
            f"HEAD {ref} -- {path}' en leg het juiste vast als correctie",
        )
        for path in conflicts
    ]
    raise ValidationFailed(
        "het werk van collega's kon niet automatisch worden samengevoegd; het samenvoegen "
        "is teruggedraaid, uw eigen werk staat er nog zoals het was en er is niets gedeeld",
        problems,
        hint="los de verschillen per bestand op (zie hierboven) en voer 'zorgroute sync' "
        "opnieuw uit",
    )
