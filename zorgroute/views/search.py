"""Finding a case the way a person remembers it: its id, the start of its id, or the pupil's
name. Reads only each case's `case.yaml`, never the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zorgroute.errors import NotFound, Problem, UsageError
from zorgroute.model.records import CASE_ID_RE, Case
from zorgroute.model.vocab import normalize
from zorgroute.store.repo import Repository, load_model


@dataclass(frozen=True)
class Found:
    id: str
    pupil: str
    group: str
    birth_date: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pupil": self.pupil,
            "group": self.group,
            "birth_date": self.birth_date,
        }

    def line(self) -> str:
        return f"{self.id}  {self.pupil} (groep {self.group})"


def directory(repo: Repository) -> list[Found]:
    """Every readable case with its pupil's name and group."""
    out = []
    for case_id in repo.case_ids():
        path = repo.case_dir(case_id) / "case.yaml"
        problems: list[Problem] = []
        if not path.is_file():
            continue
        case = load_model(path, repo.rel(path), Case, problems)
        if case is None:
            continue
        pupil = case.pupil
        out.append(Found(case_id, pupil.full_name, pupil.group, pupil.birth_date.isoformat()))
    return out


def _matches(found: Found, words: list[str]) -> bool:
    haystack = normalize(" ".join((found.id, found.pupil, f"groep {found.group}")))
    return all(w in haystack for w in words)


def search(repo: Repository, text: str) -> list[Found]:
    """Cases whose id, pupil's name or group contain every word of `text`."""
    words = normalize(text).split()
    if not words:
        return []
    return [f for f in directory(repo) if _matches(f, words)]


def resolve(repo: Repository, text: str) -> str:
    """The case id meant by `text`: an id, a unique start of an id, or a pupil's name."""
    wanted = text.strip()
    ids = repo.case_ids()
    if wanted in ids:
        return wanted
    lowered = wanted.lower()
    if lowered and CASE_ID_RE.match(lowered.ljust(8, "0")[:8]) and len(lowered) <= 8:
        starts = [i for i in ids if i.startswith(lowered)]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            everyone = {f.id: f for f in directory(repo)}
            raise UsageError(
                f"dat begin van een dossiernummer past bij {len(starts)} dossiers:\n"
                + "\n".join("  " + (everyone[i].line() if i in everyone else i) for i in starts),
                hint="typ meer tekens van het dossiernummer",
            )
    words = normalize(wanted).split()
    found = [
        f
        for f in directory(repo)
        if words
        and all(w in normalize(f.pupil).split() or normalize(f.pupil).startswith(w) for w in words)
    ]
    if not found:
        found = [f for f in directory(repo) if words and _matches(f, words)]
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        raise UsageError(
            f"die naam past bij {len(found)} dossiers:\n"
            + "\n".join("  " + f.line() for f in found),
            hint="geef het dossiernummer (of het begin ervan), of de volledige naam",
        )
    raise NotFound(
        "geen dossier gevonden met dat nummer of die naam",
        hint="'zorgroute zoek TEKST' zoekt op naam, groep en dossiernummer; "
        "'zorgroute list' toont alle dossiers",
    )
