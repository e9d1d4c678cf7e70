"""JSON Schemas for every file a dossier repository holds, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from zorgroute.model.records import RECORD_TYPES, Case, Config
from zorgroute.store.repo import write_atomic


def all_schemas() -> dict[str, dict[str, Any]]:
    from zorgroute.model.route import Route

    models: dict[str, type[BaseModel]] = {"config": Config, "case": Case, "route": Route}
    models.update({f"record-{kind}": model for kind, model in RECORD_TYPES.items()})
    out = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        if name.startswith("record-"):
            schema.setdefault("required", [])
            if "kind" not in schema["required"]:
                schema["required"].insert(0, "kind")
        out[name] = schema
    return out


def schema_texts() -> dict[str, str]:
    return {
        f"{name}.schema.json": json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        for name, schema in all_schemas().items()
    }


def write_schemas(folder: Path, root: Path | None = None) -> list[Path]:
    """(Re)write the schema files in `folder` (inside `root`, default its parent). Only
    changed files are touched."""
    root = root or folder.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if path.exists():
            path.unlink()
        write_atomic(path, text, root)
        written.append(path)
    return written
