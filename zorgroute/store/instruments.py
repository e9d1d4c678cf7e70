"""Reading instrument configuration (the SDQ scoring: shipped, or the school's own copy) and
the school's register of pupils and groups.

The register lives in `pupils/` (one file per pupil, named by a random id, never by a name
or pupil number) and `groups.yaml`; every file is read through the guard (`safefs`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zorgroute.errors import Problem, ValidationFailed, WriteFailed
from zorgroute.model.instruments import Groups, RegisteredPupil, SdqConfig
from zorgroute.store import safefs
from zorgroute.store.repo import TMP_MARK, Repository, load_model, new_id
from zorgroute.store.yamlio import dump_model

SDQ_FILE = "sdq.yaml"
PUPILS_DIR = "pupils"
GROUPS_FILE = "groups.yaml"


def builtin_sdq() -> Path:
    return Path(str(resources.files("zorgroute") / "instruments" / SDQ_FILE))


def builtin_imports() -> Path:
    """The example column mappings (ParnasSys, Magister, ESIS)."""
    return Path(str(resources.files("zorgroute") / "instruments" / "imports"))


def sdq_config(repo: Repository | None) -> SdqConfig:
    """The repository's `sdq.yaml` when it has one, else the shipped scoring."""
    path, display, root = builtin_sdq(), "zorgroute/instruments/sdq.yaml", None
    if repo is not None:
        cached = repo.memo.get("sdq-config")
        if isinstance(cached, SdqConfig):
            return cached
        if safefs.kind(repo.root, repo.root / SDQ_FILE) != "missing":
            path, display, root = repo.root / SDQ_FILE, SDQ_FILE, repo.root
    problems: list[Problem] = []
    config = load_model(path, display, SdqConfig, problems, root or path.parent)
    if config is None:
        raise ValidationFailed(
            f"{display} heeft fouten", problems, hint="herstel het bestand of verwijder het"
        )
    if repo is not None:
        repo.memo["sdq-config"] = config
    return config


@dataclass(frozen=True)
class Register:
    """The pupils (by pupil number, with the file each lives in) and the groups."""

    pupils: dict[str, tuple[Path, RegisteredPupil]]
    groups: Groups


def read_register(repo: Repository) -> Register:
    folder = repo.root / PUPILS_DIR
    problems: list[Problem] = []
    pupils: dict[str, tuple[Path, RegisteredPupil]] = {}
    if safefs.kind(repo.root, folder) not in ("missing",):
        if not safefs.is_dir(repo.root, folder):
            raise ValidationFailed(
                f"{PUPILS_DIR} hoort een map te zijn",
                [Problem(PUPILS_DIR, 1, 1, "", safefs.LINK_OUT, "koppeling", safefs.LINK_OUT_HINT)],
                hint=f"verwijder {PUPILS_DIR} als het een koppeling of bestand is",
            )
        for item in sorted(os.scandir(folder), key=lambda e: e.name):
            if not item.name.endswith(".yaml") or TMP_MARK in item.name:
                continue
            display = f"{PUPILS_DIR}/{item.name}"
            pupil = load_model(Path(item.path), display, RegisteredPupil, problems, repo.root)
            if pupil is None:
                continue
            if pupil.number in pupils:
                problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "number",
                        "dit leerlingnummer staat ook in een ander bestand in pupils/",
                        "register",
                        "verwijder een van de twee bestanden",
                    )
                )
                continue
            pupils[pupil.number] = (Path(item.path), pupil)
    groups = Groups()
    if safefs.kind(repo.root, repo.root / GROUPS_FILE) != "missing":
        found = load_model(repo.root / GROUPS_FILE, GROUPS_FILE, Groups, problems, repo.root)
        groups = found or groups
    if problems:
        raise ValidationFailed(
            "het leerlingenregister heeft fouten; er is niets ingelezen",
            problems,
            hint="herstel de genoemde bestanden",
        )
    return Register(pupils, groups)


def new_pupil_path(repo: Repository, taken: set[Path]) -> Path:
    for _ in range(50):
        path = repo.root / PUPILS_DIR / f"{new_id(10)}.yaml"
        if path not in taken and not os.path.lexists(path):
            return path
    raise WriteFailed("kon geen vrije bestandsnaam vinden", hint="voer de opdracht opnieuw uit")


def write_register(
    repo: Repository, pupils: list[tuple[Path, RegisteredPupil]], groups: Groups | None
) -> list[Path]:
    """Write changed pupils and the groups file, each atomically. The caller holds the lock."""
    files = [(path, dump_model(p, None)) for path, p in pupils]
    if groups is not None:
        files.append((repo.root / GROUPS_FILE, dump_model(groups, None)))
    written: list[Path] = []
    try:
        safefs.ensure_dir(repo.root, repo.root / PUPILS_DIR)
        for path, text in files:
            safefs.replace(repo.root, path, text.encode("utf-8"))
            written.append(path)
    except safefs.UnsafeFile as exc:
        raise WriteFailed(
            f"er is niets geschreven: {exc.message}", exc.problems, hint=exc.hint
        ) from None
    except OSError as exc:
        raise WriteFailed(
            f"kon het leerlingenregister niet schrijven: {safefs.os_reason(exc)}",
            hint="controleer of de schijf vol is en of u schrijfrechten heeft",
        ) from None
    return written
