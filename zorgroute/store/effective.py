"""A record as it stands after its corrections, as of a date: what the policy layer reads.

A correction (`kind: correction`) names the record it corrects (`supersedes`), a field and
the right value; a void withdraws a record made by mistake; the old record stays on disk.
`store.dossier.effective` applies them once, when a case is loaded, so every reader sees
the corrected values. The policy layer judges an act as of its date: through this module
it reads each record with the corrections and voids made on or before that date only.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from zorgroute.model.records import Correction, RecordBase
from zorgroute.store.dossier import CaseData, Entry, effective_on
from zorgroute.store.dossier import apply_correction as apply_field


def apply_correction(record: RecordBase, correction: Correction) -> RecordBase | None:
    """`record` with one correction applied (the value converted to the field's type, as
    `correct` does), or None when it does not fit the field."""
    try:
        return apply_field(record, correction.field, correction.value)
    except (ValueError, ValidationError):
        return None


def effective(data: CaseData, entry: Entry, on: dt.date | None = None) -> RecordBase:
    """The record of `entry` with every correction made on or before `on` applied.

    A correction that does not fit the field is left out here; `check` reports it."""
    held = effective_on(data, on).by_id.get(entry.id)
    return entry.record if held is None else held.record


def effective_entries(data: CaseData, on: dt.date | None = None) -> list[Entry]:
    """Every entry of the case with the corrections made on or before `on` applied (same
    ids, same paths); records voided by then are left out."""
    return list(effective_on(data, on).entries)
