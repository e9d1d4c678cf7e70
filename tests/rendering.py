"""Helpers for the format tests: every document of the example, and glyph widths from the
fonts zorgroute ships (to see where a line of a PDF ends)."""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conftest import EXAMPLE

from zorgroute.documents import catalogue
from zorgroute.documents.formats.pdf import font_dir
from zorgroute.domain import engine
from zorgroute.store.repo import open_repository

DAY = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class Doc:
    case: str
    kind: str  # the document's name, e.g. zat-registration
    recipient: str  # kind of recipient: parent, parents, pupil, teacher, forum, ...
    files: dict[str, str | bytes]

    @property
    def label(self) -> str:
        return f"{self.case}/{self.kind}/{self.recipient}"


def example_documents(formats: tuple[str, ...]) -> list[Doc]:
    """Every document the example's dossiers can produce today, for every recipient.
    Rendering reads only; nothing is written."""
    repo = open_repository(EXAMPLE)
    out: list[Doc] = []
    for folder in sorted(p for p in (EXAMPLE / "cases").iterdir() if p.is_dir()):
        loaded = engine.load(repo, folder.name)
        for spec in catalogue.DOCUMENTS.values():
            fitting = [
                e for e in loaded.data.entries if e.kind == spec.record and spec.applies(e.record)
            ]
            if spec.record is not None and not fitting:
                continue
            entry = fitting[-1] if fitting else None
            try:
                rendered = catalogue.render_spec(loaded, spec, DAY, entry, formats=formats)
            except Exception as exc:  # a document the dossier is not ready for
                if type(exc).__name__ in ("RuleRefused", "ValidationFailed"):
                    continue
                raise
            out += [Doc(folder.name, spec.name, r.recipient.kind, r.files) for r in rendered]
    return out


# --- glyph widths from the shipped TrueType fonts ------------------------------------------


@dataclass(frozen=True)
class Metrics:
    units: int
    advances: list[int]
    cmap: dict[int, int]

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` in points, without kerning (an upper bound near enough)."""
        default = self.advances[0]
        total = 0
        for ch in text:
            gid = self.cmap.get(ord(ch))
            total += self.advances[min(gid, len(self.advances) - 1)] if gid else default
        return total * size / self.units


def _tables(data: bytes) -> dict[str, tuple[int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        out[tag.decode("latin-1")] = (offset, length)
    return out


def _cmap(data: bytes, offset: int) -> dict[int, int]:
    count = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
    best = None
    for i in range(count):
        platform, encoding, sub = struct.unpack(
            ">HHI", data[offset + 4 + 8 * i : offset + 12 + 8 * i]
        )
        fmt = struct.unpack(">H", data[offset + sub : offset + sub + 2])[0]
        if platform == 3 and fmt in (4, 12) and (best is None or fmt == 12):
            best = offset + sub
    assert best is not None
    out: dict[int, int] = {}
    fmt = struct.unpack(">H", data[best : best + 2])[0]
    if fmt == 12:
        groups = struct.unpack(">I", data[best + 12 : best + 16])[0]
        for g in range(groups):
            start, end, gid = struct.unpack(">III", data[best + 16 + 12 * g : best + 28 + 12 * g])
            for code in range(start, end + 1):
                out[code] = gid + code - start
        return out
    segs = struct.unpack(">H", data[best + 6 : best + 8])[0] // 2
    ends = struct.unpack(f">{segs}H", data[best + 14 : best + 14 + 2 * segs])
    base = best + 16 + 2 * segs
    starts = struct.unpack(f">{segs}H", data[base : base + 2 * segs])
    deltas = struct.unpack(f">{segs}h", data[base + 2 * segs : base + 4 * segs])
    range_base = base + 4 * segs
    ranges = struct.unpack(f">{segs}H", data[range_base : range_base + 2 * segs])
    for s in range(segs):
        for code in range(starts[s], ends[s] + 1):
            if code == 0xFFFF:
                continue
            if ranges[s] == 0:
                gid = (code + deltas[s]) & 0xFFFF
            else:
                at = range_base + 2 * s + ranges[s] + 2 * (code - starts[s])
                gid = struct.unpack(">H", data[at : at + 2])[0]
                gid = (gid + deltas[s]) & 0xFFFF if gid else 0
            out[code] = gid
    return out


@cache
def metrics(file_name: str) -> Metrics:
    data = (font_dir() / file_name).read_bytes()
    tables = _tables(data)
    units = struct.unpack(">H", data[tables["head"][0] + 18 : tables["head"][0] + 20])[0]
    hhea = tables["hhea"][0]
    count = struct.unpack(">H", data[hhea + 34 : hhea + 36])[0]
    hmtx = tables["hmtx"][0]
    advances = [struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(count)]
    return Metrics(units, advances, _cmap(data, tables["cmap"][0]))


def font_file(base_font: str) -> str:
    """'ABCDEF+NotoSans-Bold' -> 'NotoSans-Bold.ttf' (the subset's source in fonts/)."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    path = font_dir() / f"{name}.ttf"
    assert path.is_file(), f"font {name} is not one zorgroute ships"
    return path.name


def shipped_fonts() -> list[Path]:
    return sorted(Path(font_dir()).glob("*.ttf"))
