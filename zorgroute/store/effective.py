"""A record as it stands after its corrections: the one place corrections are applied.

A correction (`kind: correction`) names the record it corrects (`supersedes`), a field and
the right value; the old record stays on disk. Whoever decides something from a record —
the rules, the policy layer, the documents — reads it through `effective`, so a corrected
forum, basis or signer counts everywhere at once.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import ValidationError

from zorgroute.model.records import Correction, RecordBase
from zorgroute.store.repo import CaseData, Entry


def corrections_of(data: CaseData, record_id: str, on: dt.date | None = None) -> list[Entry]:
    """The corrections of one record, oldest first, made on or before `on`."""
    return [
        e
        for e in data.entries
        if isinstance(e.record, Correction)
        and e.record.supersedes.split("#")[0] == record_id
        and (on is None or e.record.date <= on)
    ]


def corrected_value(record: RecordBase, name: str, value: Any) -> Any:
    """A correction's value in the shape of the field: a list field takes a comma list."""
    field = type(record).model_fields.get(name)
    if field is None:
        return value
    origin = typing.get_origin(field.annotation)
    if isinstance(value, str) and origin is list:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def apply_correction(record: RecordBase, correction: Correction) -> RecordBase | None:
    """`record` with one correction applied, or None when the value does not fit the field."""
    name = correction.field
    if name not in type(record).model_fields or name in ("kind", "recorded_at", "recorded_by"):
        return None
    fields = record.model_dump()
    fields[name] = corrected_value(record, name, correction.value)
    try:
        return type(record).model_validate(fields)
    except ValidationError:
        return None


def effective(data: CaseData, entry: Entry, on: dt.date | None = None) -> RecordBase:
    """The record of `entry` with every correction made on or before `on` applied, in order.

    A correction that does not fit the field is left out here; `check` reports it."""
    record = entry.record
    for corr in corrections_of(data, entry.id, on):
        assert isinstance(corr.record, Correction)
        fixed = apply_correction(record, corr.record)
        if fixed is not None:
            record = fixed
    return record


def effective_entries(data: CaseData, on: dt.date | None = None) -> list[Entry]:
    """Every entry of the case with its corrections applied (same ids, same paths)."""
    if not any(isinstance(e.record, Correction) for e in data.entries):
        return list(data.entries)
    return [Entry(e.id, e.path, effective(data, e, on)) for e in data.entries]
