"""What an editor with a YAML language server does: validate files against schemas/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT
from jsonschema import Draft202012Validator, FormatChecker

from zorgroute.store.yamlio import read_yaml


def _schema_for(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), path
    return (path.parent / first.split("=", 1)[1]).resolve()


def _example_files() -> list[Path]:
    return sorted(
        [
            EXAMPLE / "zorgroute.yaml",
            *EXAMPLE.glob("cases/*/case.yaml"),
            *EXAMPLE.glob("cases/*/records/*.yaml"),
        ]
    )


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_example_files_validate_against_their_modeline_schema(path: Path) -> None:
    schema_path = _schema_for(path)
    assert schema_path.is_file(), schema_path
    assert schema_path.read_text(encoding="utf-8") == (
        ROOT / "schemas" / schema_path.name
    ).read_text(encoding="utf-8")
    loaded, problems = read_yaml(path, path.name)
    assert not problems and loaded is not None
    validator = Draft202012Validator(
        json.loads(schema_path.read_text(encoding="utf-8")), format_checker=FormatChecker()
    )
    errors = [e.message for e in validator.iter_errors(loaded.data)]
    assert errors == []


def test_the_schema_catches_what_check_catches(tmp_path: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "record-signal.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    bad = {
        "kind": "signal",
        "date": "2026-09-10",
        "recorded_by": "IB",
        "recorded_at": "2026-09-10T10:00:00",
        "observed_by": "juf",
        "settings": ["class"],
        "since": "months",
        "categories": ["learning"],
        "description": "x",
        "mood": "sad",
    }
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("'class' is not one of" in m for m in messages)
    assert any("'mood' was unexpected" in m for m in messages)
    assert "Kies uit" in schema["properties"]["since"]["description"]
