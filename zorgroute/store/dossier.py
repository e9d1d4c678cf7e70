"""A case and its records as loaded, and the one view every reader uses: `effective`.

A correction or a void never changes a file. `effective(data)` applies them: the entries a
reader gets carry the corrected values, voided records are left out, and `history` keeps
every record exactly as it was written, for the timeline and the parents' overview.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from zorgroute.model.records import Case, Correction, RecordBase, Void
from zorgroute.model.vocab import Vocab

M = TypeVar("M", bound=BaseModel)
CASE_TARGET = "case"
# Fields no correction may change: they say what a record is and who wrote it when.
FIXED_FIELDS = frozenset({"kind", "recorded_by", "recorded_at", "overrides"})
TRUE_WORDS = frozenset({"ja", "j", "yes", "true", "waar", "1"})
FALSE_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0"})


@dataclass(frozen=True)
class Entry:
    """One loaded record with where it came from."""

    id: str
    path: str  # relative to the repository root, for messages
    record: RecordBase

    @property
    def kind(self) -> str:
        return str(getattr(self.record, "kind"))  # noqa: B009 - every record has kind

    def sort_key(self) -> tuple[dt.date, dt.datetime, str]:
        return (self.record.date, self.record.recorded_at.replace(tzinfo=None), self.id)


@dataclass(frozen=True)
class CaseData:
    """A case and its records, oldest first.

    `entries` is what holds now (corrections applied, voided records left out); `history`
    is every record as written. For data that `effective` has not seen, both are the same.
    """

    case: Case
    path: str
    entries: tuple[Entry, ...]
    by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    history: tuple[Entry, ...] | None = field(default=None, compare=False, repr=False)
    original_case: Case | None = field(default=None, compare=False, repr=False)
    voided: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def written(self) -> tuple[Entry, ...]:
        """Every record as it was written, voided ones and corrections included."""
        return self.entries if self.history is None else self.history

    @property
    def as_written(self) -> Case:
        return self.original_case or self.case

    def original(self, record_id: str) -> Entry | None:
        return next((e for e in self.written if e.id == record_id), None)

    def as_of(self, day: dt.date) -> CaseData:
        """The case as it stood on `day`: later records left out."""
        if all(e.record.date <= day for e in self.written):
            return self
        entries = tuple(e for e in self.entries if e.record.date <= day)
        history = tuple(e for e in self.written if e.record.date <= day)
        return CaseData(
            self.case,
            self.path,
            entries,
            {e.id: e for e in entries},
            history,
            self.original_case,
            {k: v for k, v in self.voided.items() if v.record.date <= day},
        )


# --- applying corrections and voids ------------------------------------------------------


def effective(data: CaseData) -> CaseData:
    """The case as it holds now: every correction applied, every voided record left out.

    Idempotent: applying it to its own result changes nothing. A correction that no longer
    fits its record (a file edited by hand) is skipped here and reported by `check`."""
    if data.history is not None:
        return data
    written = data.entries
    voided = voids_of(written)
    corrections = [e for e in written if isinstance(e.record, Correction) and e.id not in voided]
    if not voided and not corrections:
        return CaseData(data.case, data.path, written, data.by_id, written, data.case, {})
    case = data.case
    for fix in corrections:
        rec = fix.record
        assert isinstance(rec, Correction)
        if rec.supersedes == CASE_TARGET:
            case = _apply_quietly(case, rec) or case
    entries: list[Entry] = []
    for entry in written:
        if entry.id in voided:
            continue
        record = entry.record
        for fix in corrections:
            rec = fix.record
            assert isinstance(rec, Correction)
            if rec.supersedes == entry.id:
                record = _apply_quietly(record, rec) or record
        entries.append(entry if record is entry.record else Entry(entry.id, entry.path, record))
    entries.sort(key=Entry.sort_key)  # a corrected date moves a record
    out = tuple(entries)
    return CaseData(case, data.path, out, {e.id: e for e in out}, written, data.case, voided)


def effective_on(data: CaseData, on: dt.date | None) -> CaseData:
    """The case with only the corrections and voids made on or before `on` applied (all of
    them when `on` is None). The policy layer judges an act by what was on record on its
    date: a correction made later does not count before its own date. Later corrections
    and voids stay in the entries as records, without effect."""
    full = effective(data)
    if on is None:
        return full
    late = {
        e.id
        for e in full.written
        if isinstance(e.record, (Correction, Void)) and e.record.date > on
    }
    if not late:
        return full
    kept = tuple(e for e in full.written if e.id not in late)
    then = effective(CaseData(full.as_written, full.path, kept, {e.id: e for e in kept}))
    entries = tuple(
        sorted(
            [*then.entries, *(full.by_id[i] for i in late if i in full.by_id)], key=Entry.sort_key
        )
    )
    return CaseData(
        then.case,
        then.path,
        entries,
        {e.id: e for e in entries},
        full.written,
        full.as_written,
        then.voided,
    )


def voids_of(entries: tuple[Entry, ...]) -> dict[str, Entry]:
    """Which records are voided, and by which void. A void of a void counts for nothing."""
    kinds = {e.id: e.kind for e in entries}
    out: dict[str, Entry] = {}
    for entry in entries:
        rec = entry.record
        if isinstance(rec, Void) and kinds.get(rec.voids) not in (None, "void"):
            out.setdefault(rec.voids, entry)
    return out


def _apply_quietly(target: M, fix: Correction) -> M | None:
    try:
        return apply_correction(target, fix.field, fix.value)
    except (ValueError, ValidationError):
        return None


# --- one correction ------------------------------------------------------------------


class FieldUnknown(ValueError):
    """The field does not exist in the record's model (or may not be corrected)."""


def field_names(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(path, Dutch title) of every field a correction may change, nested ones dotted."""
    out: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        if name in FIXED_FIELDS or (not prefix and name == "id" and model is Case):
            continue
        path = f"{prefix}{name}"
        sub = _submodel(info.annotation)
        if sub is not None and not _is_list(info.annotation):
            out += field_names(sub, path + ".")
        else:
            out.append((path, info.title or name))
    return out


def resolve_field(model: type[BaseModel], text: str) -> str:
    """The field path a user means: its English name or its Dutch title, any case."""
    wanted = text.strip().lower()
    for path, title in field_names(model):
        if wanted in (path.lower(), title.lower()):
            return path
    raise FieldUnknown(text)


def apply_correction(target: M, path: str, text: str) -> M:
    """`target` with the field at `path` set to `text`, converted to the field's type and
    validated by the target's own model. Raises FieldUnknown or pydantic's error."""
    parts = path.split(".")
    if not parts or parts[0] in FIXED_FIELDS:
        raise FieldUnknown(path)
    data = target.model_dump(mode="python")
    model: type[BaseModel] = type(target)
    holder: dict[str, Any] = data
    for part in parts[:-1]:
        info = model.model_fields.get(part)
        sub = _submodel(info.annotation) if info is not None else None
        if info is None or sub is None or _is_list(info.annotation):
            raise FieldUnknown(path)
        if not isinstance(holder.get(part), dict):
            holder[part] = {}
        holder, model = holder[part], sub
    last = parts[-1]
    info = model.model_fields.get(last)
    if info is None or (model is Case and last == "id"):
        raise FieldUnknown(path)
    holder[last] = convert(info.annotation, text)
    return type(target).model_validate(data)


def convert(annotation: Any, text: str) -> Any:
    """Text from the command line as the field's type wants it: ja/nee for yes-no, a list
    split on ';', a vocabulary value by its key or its Dutch label. Dates, numbers and
    the rest are left to the model, which says in Dutch what is wrong."""
    inner = _strip_optional(annotation)
    if _is_list(inner):
        (item,) = typing.get_args(inner) or (str,)
        parts = [p.strip() for p in text.split(";")]
        if _vocab(item) is not None and len(parts) == 1:
            parts = [p.strip() for p in text.split(",")]
        return [convert(item, p) for p in parts if p]
    if inner is bool:
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError("schrijf ja of nee")
    vocab = _vocab(inner)
    if vocab is not None:
        word = text.strip()
        for member in vocab:
            names = (member.value, member.label, *getattr(member, "aliases", ()))
            if word.lower() in (n.lower() for n in names):
                return member.value
        return word
    return text.strip()


def _strip_optional(annotation: Any) -> Any:
    annotation = _unannotated(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unannotated(args[0])
    return annotation


def _unannotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_strip_optional(annotation)) is list


def _submodel(annotation: Any) -> type[BaseModel] | None:
    inner = _strip_optional(annotation)
    if _is_list(inner):
        inner = _unannotated((typing.get_args(inner) or (str,))[0])
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner
    return None


def _vocab(annotation: Any) -> type[Vocab] | None:
    inner = _unannotated(annotation)
    if isinstance(inner, type) and issubclass(inner, Enum) and issubclass(inner, Vocab):
        return inner
    return None


# --- record ids ----------------------------------------------------------------------


def id_candidates(data: CaseData, text: str) -> list[str]:
    """Record ids that `text` may mean: the full id, or its last part (the random suffix,
    with or without the date and kind before it)."""
    wanted = text.strip().lower()
    ids = [e.id for e in data.written]
    if wanted in ids:
        return [wanted]
    return [i for i in ids if i.endswith("-" + wanted)]
