"""Corrections and voids, checked before anything is written.

A correction names a record (or the case itself), a field and the right value. It is
refused, with a located Dutch message, when the record does not exist, the field is not
one of the record's own fields, or the value does not fit that field. A void withdraws a
record made by mistake. Both leave the original file as it is; `store.dossier.effective`
makes every reader see the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from zorgroute.errors import NotFound, Problem, UsageError, ValidationFailed
from zorgroute.store.dossier import (
    CASE_TARGET,
    CaseData,
    FieldUnknown,
    apply_correction,
    field_names,
    id_candidates,
    resolve_field,
)
from zorgroute.store.repo import Repository
from zorgroute.store.yamlio import read_yaml, validation_problems

# Records that are not corrected but withdrawn (a void) or remade.
NOT_CORRECTABLE = {
    "correction": "een correctie wordt niet gecorrigeerd; trek haar in met 'zorgroute void' "
    "en leg een nieuwe vast",
    "void": "een intrekking kan niet worden gecorrigeerd",
    "document": "een document wordt niet gecorrigeerd; corrigeer het record waar het uit "
    "is gemaakt en maak het document opnieuw",
}
CASE_WORDS = frozenset({CASE_TARGET, "dossier", "case.yaml"})


def resolve_record(data: CaseData, text: str) -> str:
    """The full record id meant by `text`: the id itself or its unique last part."""
    found = id_candidates(data, text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(
            f"dossier {data.id} heeft geen record '{text.strip()}'; er is niets vastgelegd",
            hint=f"'zorgroute timeline {data.id}' toont de record-ids; het laatste deel "
            "(bijvoorbeeld k3f9) is genoeg",
        )
    raise UsageError(
        f"'{text.strip()}' past bij meer dan één record: {', '.join(found)}; "
        "er is niets vastgelegd",
        hint="geef het volledige record-id",
    )


def prepare_correction(repo: Repository, data: CaseData, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a correction record, checked against the corrected record's model.

    Returns them with the target's full id, the field's own name and the value as the
    field holds it; raises a located Dutch error otherwise."""
    target_text = str(fields.get("supersedes") or "")
    field_text = str(fields.get("field") or "")
    value_text = str(fields.get("value") or "")
    target: BaseModel
    if target_text.strip().lower() in CASE_WORDS:
        target_id, target, path = CASE_TARGET, data.case, data.path
    else:
        target_id = resolve_record(data, target_text)
        entry = data.original(target_id)
        assert entry is not None
        if target_id in data.voided:
            raise UsageError(
                f"record {target_id} is ingetrokken en kan niet meer worden gecorrigeerd; "
                "er is niets vastgelegd",
                hint="leg zo nodig een nieuw record vast",
            )
        refusal = NOT_CORRECTABLE.get(entry.kind)
        if refusal:
            raise UsageError(f"{refusal}; er is niets vastgelegd")
        current = data.by_id.get(target_id)
        target = current.record if current is not None else entry.record
        path = entry.path
    model = type(target)
    try:
        name = resolve_field(model, field_text)
    except FieldUnknown:
        choices = ", ".join(f"{p} ({t})" for p, t in field_names(model))
        raise ValidationFailed(
            "de correctie klopt niet; er is niets vastgelegd",
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"dit record heeft geen veld '{_code(field_text)}' dat gecorrigeerd kan worden",
                    "correctie",
                    f"kies een veld: {choices}",
                )
            ],
        ) from None
    try:
        fixed = apply_correction(target, name, value_text)
    except ValidationError as exc:  # before ValueError: pydantic's error is one too
        raise ValidationFailed(
            "de correctie klopt niet; er is niets vastgelegd",
            _located(repo, path, exc, name),
        ) from None
    except ValueError as exc:  # our own conversion (ja/nee): a Dutch message
        raise ValidationFailed(
            "de correctie klopt niet; er is niets vastgelegd",
            [_problem(repo, path, name, str(exc))],
        ) from None
    if fixed == target:
        raise UsageError(
            "het veld heeft die waarde al; er is niets vastgelegd",
            hint=f"'zorgroute show {data.id}' toont de huidige gegevens",
        )
    return {**fields, "supersedes": target_id, "field": name, "value": canonical(fixed, name)}


def prepare_void(data: CaseData, fields: dict[str, Any]) -> dict[str, Any]:
    target_id = resolve_record(data, str(fields.get("voids") or ""))
    entry = data.original(target_id)
    assert entry is not None
    if entry.kind == "void":
        raise UsageError(
            "een intrekking kan zelf niet worden ingetrokken; er is niets vastgelegd",
            hint="leg het ingetrokken record zo nodig opnieuw vast",
        )
    if target_id in data.voided:
        raise UsageError(
            f"record {target_id} is al ingetrokken (in {data.voided[target_id].id}); "
            "er is niets vastgelegd"
        )
    return {**fields, "voids": target_id}


def canonical(model: BaseModel, path: str) -> str:
    """The corrected value as text that reads back to the same value."""
    value: Any = model
    for part in path.split("."):
        value = getattr(value, part)
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _code(text: str) -> str:
    """Echo what the user typed only when it looks like a field name, never free text."""
    word = text.strip()
    ok = word and len(word) <= 40 and all(c.isalnum() or c in "._-" for c in word)
    return word if ok else "…"


def _problem(repo: Repository, path: str, name: str, message: str) -> Problem:
    return Problem(path, _line_of(repo, path, name), 1, name, message, "correctie")


def _located(repo: Repository, path: str, exc: ValidationError, name: str) -> list[Problem]:
    """The model's complaints about the new value, at the line of the field it corrects."""
    loaded, _ = read_yaml(repo.root / path, path)
    if loaded is None:
        return [_problem(repo, path, name, "ongeldige waarde")]
    found = validation_problems(exc, loaded)
    return [
        Problem(p.path, p.line, p.col, p.field or name, p.message, "correctie", p.hint)
        for p in found
    ]


def _line_of(repo: Repository, path: str, name: str) -> int:
    """The line in the file where the field (its first part) is written, else 1."""
    key = name.split(".")[-1] + ":"
    try:
        lines = Path(repo.root / path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.strip().startswith(key)), 1)
