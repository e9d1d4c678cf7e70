"""Values as plain JSON data and back, for the cache: nothing in it can run code.

A pickle names any callable to run while it loads; this format names only data. Besides
JSON's own values it knows a closed set of shapes, each a one-key object:

    {"~t": [...]}                   a tuple
    {"~m": [[key, value], ...]}     a dict whose keys are not all plain text
    {"~c": [[key, count], ...]}     a Counter
    {"~d": "2026-09-01"}            a date;  {"~dt": "..."} a datetime
    {"~e": [ref, value]}            a member of an Enum class
    {"~p": [ref, data]}             a pydantic model, validated again when read
    {"~o": [ref, {field: value}]}   a dataclass, built from its fields
    {"~case": [case, path, [[id, path, record], ...]]}   a `CaseData`

A ref ("zorgroute.views.agenda:AgendaItem") is only resolved to a class that is already
imported, lives in the zorgroute package and is of the kind the tag says (an Enum, a
pydantic model, a dataclass): a reference to anything else, or a value that does not fit
its class, makes `decode` raise `Undecodable`, and the cache computes the value again.
Decoding never imports a module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sys
from collections import Counter
from typing import Any

from pydantic import BaseModel

from zorgroute.store.repo import RECORD_ADAPTER, CaseData, Entry


class Undecodable(ValueError):
    """Stored data that is not what this format writes: the value is computed again."""


class Unencodable(TypeError):
    """A value this format has no shape for: it is not cached."""


def _ref(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def encode(value: Any) -> Any:
    """`value` as JSON-ready data (raises Unencodable for a shape it does not know)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"~t": [encode(v) for v in value]}
    if isinstance(value, Counter):
        return {"~c": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("~") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"~m": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, enum.Enum):
        return {"~e": [_ref(type(value)), encode(value.value)]}
    if isinstance(value, dt.datetime):
        return {"~dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"~d": value.isoformat()}
    if isinstance(value, CaseData):
        return {
            "~case": [
                value.case.model_dump(mode="json", round_trip=True),
                value.path,
                [[e.id, e.path, encode(e.record)] for e in value.entries],
            ]
        }
    if isinstance(value, BaseModel):
        return {"~p": [_ref(type(value)), value.model_dump(mode="json", round_trip=True)]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return {"~o": [_ref(type(value)), fields]}
    raise Unencodable(type(value).__name__)


def _resolve(ref: Any) -> type:
    """The class a ref names: imported already, inside the zorgroute package."""
    if not isinstance(ref, str) or ref.count(":") != 1:
        raise Undecodable("ref")
    module_name, qualname = ref.split(":")
    if not (module_name == "zorgroute" or module_name.startswith("zorgroute.")):
        raise Undecodable("outside the package")
    module = sys.modules.get(module_name)
    if module is None:
        raise Undecodable("not imported")
    found: Any = module
    for part in qualname.split("."):
        if not part.isidentifier() or part.startswith("_"):
            raise Undecodable("name")
        found = vars(found).get(part) if hasattr(found, "__dict__") else None
    if not isinstance(found, type):
        raise Undecodable("not a class")
    return found


def decode(data: Any) -> Any:
    """The value `encode` made; raises Undecodable for anything else."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise Undecodable(type(data).__name__)
    if len(data) != 1 or not next(iter(data)).startswith("~"):
        return {k: decode(v) for k, v in data.items()}
    tag, body = next(iter(data.items()))
    try:
        return _decode_tagged(tag, body)
    except Undecodable:
        raise
    except Exception as exc:  # a value that does not fit its class: bad data, not a bug
        raise Undecodable(type(exc).__name__) from None


def _pairs(body: Any) -> list[tuple[Any, Any]]:
    if not isinstance(body, list) or not all(isinstance(p, list) and len(p) == 2 for p in body):
        raise Undecodable("pairs")
    return [(decode(k), decode(v)) for k, v in body]


def _decode_tagged(tag: str, body: Any) -> Any:
    if tag == "~t":
        if not isinstance(body, list):
            raise Undecodable("tuple")
        return tuple(decode(v) for v in body)
    if tag == "~m":
        return dict(_pairs(body))
    if tag == "~c":
        return Counter(dict(_pairs(body)))
    if tag == "~d":
        return dt.date.fromisoformat(body)
    if tag == "~dt":
        return dt.datetime.fromisoformat(body)
    if tag == "~case":
        case_data, path, entries = body
        from zorgroute.model.records import Case  # noqa: PLC0415

        case = Case.model_validate(case_data)
        loaded = tuple(
            Entry(str(rid), str(rpath), RECORD_ADAPTER.validate_python(_model_data(record)))
            for rid, rpath, record in entries
        )
        return CaseData(case, str(path), loaded, {e.id: e for e in loaded})
    if tag in ("~e", "~p", "~o"):
        ref, value = body
        cls = _resolve(ref)
        if tag == "~e" and issubclass(cls, enum.Enum):
            return cls(decode(value))
        if tag == "~p" and issubclass(cls, BaseModel):
            return cls.model_validate(value)
        if tag == "~o" and dataclasses.is_dataclass(cls) and isinstance(value, dict):
            names = {f.name for f in dataclasses.fields(cls) if f.init}
            if not set(value) <= names:
                raise Undecodable("fields")
            return cls(**{k: decode(v) for k, v in value.items()})
        raise Undecodable("kind")
    raise Undecodable("tag")


def _model_data(record: Any) -> Any:
    """The data of an encoded record (a pydantic model), for the record union."""
    if isinstance(record, dict) and set(record) == {"~p"}:
        ref, value = record["~p"]
        _resolve(ref)  # must name a zorgroute model that is loaded
        return value
    raise Undecodable("record")
