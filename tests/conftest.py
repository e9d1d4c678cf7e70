"""Shared test helpers: file trees from dicts, fresh repositories, and the CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zorgroute.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "de-regenboog"
TODAY = "2026-11-23"


def write_tree(base: Path, tree: dict[str, Any], commit: bool = True) -> None:
    """Write {name: text | dict} as files and folders under `base`.

    Inside a git repository the files are committed, as a school's files are: `check`
    reports a record that was never committed (test_tamper.py tests that on its own)."""
    _write(base, tree)
    if commit:
        commit_paths(base, list(tree))


def commit_paths(base: Path, names: list[str]) -> None:
    """Commit these paths (relative to `base`) when `base` is inside git."""
    import subprocess

    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=base, capture_output=True, text=True
    )
    if top.returncode != 0 or not names:
        return
    subprocess.run(["git", "add", "-A", "--", *names], cwd=base, capture_output=True)
    subprocess.run(
        ["git", "commit", "-q", "--no-verify", "-m", "test: bestanden"],
        cwd=base,
        capture_output=True,
    )


def _write(base: Path, tree: dict[str, Any]) -> None:
    for name, content in tree.items():
        path = base / name
        if isinstance(content, dict):
            path.mkdir(parents=True, exist_ok=True)
            _write(path, content)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZORGROUTE_TODAY", TODAY)
    monkeypatch.setenv("ZORGROUTE_INTERACTIVE", "0")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.invalid")
    monkeypatch.delenv("ZORGROUTE_USER", raising=False)


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process: run("--repo", dir, "check"). Keeps stdout/stderr apart."""

    def invoke(
        *args: str | Path, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            app, [str(a) for a in args], input=input, env=env, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    """A fresh dossier repository (git-initialised) with a partner list."""
    root = tmp_path / "dossiers"
    res = run(
        "init",
        root,
        "--school",
        "De Testschool",
        "--brin",
        "99ZZ",
        "--sector",
        "po",
        "--municipality",
        "Delft",
        "--swv",
        "SWV Test",
        "--ib-name",
        "Ilse Bakker",
        "--directeur",
        "Dirk de Wit",
    )
    assert res.exit_code == 0, res.output
    config = root / "zorgroute.yaml"
    config.write_text(config.read_text(encoding="utf-8") + PARTNERS, encoding="utf-8")
    return root


PARTNERS = """partners:
- id: lt-delft
  name: Lokaal team Delft
  kind: local_team
  municipality: Delft
- id: lt-rijswijk
  name: Wijkteam Rijswijk
  kind: local_team
  municipality: Rijswijk
- id: sbo-de-brug
  name: SBO De Brug
  kind: special_school
- id: ggz-jeugd
  name: GGZ Jeugd
  kind: ggz
"""


@pytest.fixture
def new_case(repo: Path, run: Run) -> Callable[..., str]:
    """Create a case in `repo`; keyword arguments override the pupil's options."""

    def make(
        birth_date: str = "2017-03-04",
        home: str = "Delft",
        adults: tuple[str, ...] = (
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
            "id=vader;name=Tom Testvader;relation=father;authority=ja",
        ),
    ) -> str:
        args: list[str] = [
            "--repo",
            str(repo),
            "new-case",
            "--first-name",
            "Sanne",
            "--last-name",
            "Testkind",
            "--birth-date",
            birth_date,
            "--group",
            "4b",
            "--home-municipality",
            home,
        ]
        for a in adults:
            args += ["--adult", a]
        res = run(*args)
        assert res.exit_code == 0, res.output
        return res.stdout.strip().splitlines()[-1]

    return make


# Who works on a copy of the example: its IB, known by her e-mail address in the example's
# zorgroute.yaml, as a school sets it up ('git config user.email' of the IB's machine).
EXAMPLE_IB = ("Marieke Verhoeven", "m.verhoeven@deregenboog.example")


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the bundled example repository, worked on by the example's IB."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    name, email = EXAMPLE_IB
    monkeypatch.setenv("GIT_AUTHOR_NAME", name)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", email)
    return target


def example_case(first_name: str) -> str:
    """The id of the example's case for the pupil with this first name.

    Ids are random and change with every rebuild of the example, so tests name the pupil.
    """
    found = [
        path.parent.name
        for path in sorted((EXAMPLE / "cases").glob("*/case.yaml"))
        if f"\n  first_name: {first_name}\n" in path.read_text(encoding="utf-8")
    ]
    assert len(found) == 1, f"the example should have one pupil {first_name}: {found}"
    return found[0]


def files_under(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def load_yaml(text: str) -> Any:
    """Parse YAML as zorgroute does (dates stay text), for assertions on written files."""
    from zorgroute.store.yamlio import parse_yaml

    loaded, problems = parse_yaml(text, Path("test.yaml"), "test.yaml")
    assert loaded is not None, [p.format() for p in problems]
    return loaded.data
