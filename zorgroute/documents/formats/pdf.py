"""Blocks to PDF with Typst (the `typst` wheel ships the compiler; no system fonts used).

Fonts come with zorgroute (`fonts/`): Noto Sans for Latin, Greek and Cyrillic, Noto Sans
Arabic for Arabic script (Typst shapes it and lays it out right to left), DejaVu Sans for
the rest (Hebrew, Armenian, Georgian, Tifinagh and more). Typst embeds the subset it uses,
hyphenates Dutch and numbers the pages. Every text from the document goes in as a Typst
string, never as markup, so a remark with "#", "*" or "=" prints as it is.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zorgroute.documents.formats import structure as st
from zorgroute.documents.formats.meta import Meta
from zorgroute.documents.formats.wrap import ZWSP, breakable
from zorgroute.errors import UsageError, ValidationFailed

PDF_MISSING = UsageError(
    "PDF maken kan hier niet: het onderdeel voor PDF (typst) is niet geïnstalleerd",
    hint='installeer het met: pip install "zorgroute[pdf]"; Markdown, HTML, Word en ODT werken wel',
)


def available() -> bool:
    from importlib.util import find_spec

    return find_spec("typst") is not None


def font_dir() -> Path:
    return Path(str(resources.files("zorgroute.documents.formats") / "fonts"))


@cache
def _compiler() -> Any:
    """One compiler per process: loading the fonts is the slow part."""
    try:
        import typst
    except ImportError:
        raise PDF_MISSING from None
    return typst.Compiler(font_paths=[str(font_dir())], ignore_system_fonts=True)


def _layout() -> str:
    return (resources.files("zorgroute.documents.formats") / "layout.typ").read_text(
        encoding="utf-8"
    )


# --- Typst code from blocks ---------------------------------------------------------------


def string(text: str) -> str:
    """A Typst string literal."""
    out = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace("\t", " ")
    )
    return f'"{out}"'


_ADDRESS = re.compile(r"\S*@\S+|\S*://\S+|www\.\S+")


def _pieces(text: str) -> str:
    """Typst strings with an empty box at each break opportunity: the line may break there,
    and nothing (no zero-width space) lands in the text someone copies from the PDF."""
    return "#box()".join(f"#{string(part)}" for part in breakable(text).split(ZWSP))


def _text(text: str) -> str:
    """Text as Typst strings; e-mail and web addresses are never hyphenated."""
    out = []
    pos = 0
    for m in _ADDRESS.finditer(text):
        if m.start() > pos:
            out.append(_pieces(text[pos : m.start()]))
        out.append(f"#text(hyphenate: false)[{_pieces(m.group(0))}]")
        pos = m.end()
    if pos < len(text) or not out:
        out.append(_pieces(text[pos:]))
    return "".join(out)


def _span(span: st.Span) -> str:
    if span.hard:
        return "#linebreak()"
    out = f"#raw({string(span.text)})" if span.code else _text(span.text)
    if span.italic:
        out = f"#emph[{out}]"
    if span.bold:
        out = f"#strong[{out}]"
    if span.link and span.link.startswith(("http://", "https://", "mailto:")):
        out = f"#link({string(span.link)})[{out}]"
    return out


def inlines(spans: st.Inlines) -> str:
    return "".join(_span(s) for s in spans)


def _item(blocks: list[st.Block]) -> str:
    if len(blocks) == 1 and isinstance(blocks[0], st.Para):
        return f"[{inlines(blocks[0].inlines)}]"
    return f"[{body(blocks)}]"


def _block(block: st.Block, div: str = "") -> str:
    if isinstance(block, st.Heading):
        return f"#heading(level: {min(block.level, 6)})[{inlines(block.inlines)}]"
    if isinstance(block, st.Para):
        return inlines(block.inlines) if block.inlines else ""
    if isinstance(block, st.ListBlock):
        items = ", ".join(_item(i) for i in block.items)
        if block.ordered:
            return f"#enum(start: {block.start}, {items})"
        return f"#list({items})"
    if isinstance(block, st.Table):
        columns = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        cells = []
        if block.header:
            head = ", ".join(f"[{inlines(c)}]" for c in block.header)
            cells.append(f"table.header({head})")
        for row in block.rows:
            padded = row + [[]] * (columns - len(row))
            cells += [f"[{inlines(c)}]" for c in padded]
        widths = f"({'1fr, ' * columns})" if div == "signatures" else str(columns)
        return f"#table(columns: {widths}, {', '.join(cells)})"
    if isinstance(block, st.Quote):
        return f"#quote(block: true)[{body(block.blocks)}]"
    if isinstance(block, st.Div):
        return f"#zdiv({string(block.name)})[{body(block.blocks, block.name)}]"
    if isinstance(block, st.Rule):
        return '#line(length: 100%, stroke: 0.5pt + rgb("#c8d3db"))'
    return f"#raw(block: true, {string(block.text)})"


def body(blocks: list[st.Block], div: str = "") -> str:
    return "\n\n".join(b for b in (_block(x, div) for x in blocks) if b)


def source(blocks: list[st.Block], meta: Meta, logo_name: str | None) -> str:
    """The whole Typst document: the layout, the metadata, the body."""
    rest, address = st.without_address(blocks)
    fields = {
        "title": string(meta.title),
        "school": string(meta.school),
        "lines": "(" + "".join(f"{string(line)}, " for line in meta.lines) + ")",
        "footer": string(meta.footer_text()),
        "logo": string(logo_name) if logo_name else "none",
        "letterhead": "true",
        "address_block": "true",
    }
    meta_code = "(" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + ")"
    address_code = f"[{body(address.blocks)}]" if address is not None else "none"
    return (
        f"{_layout()}\n#let meta = {meta_code}\n"
        f"#show: zdoc.with(meta, address: {address_code})\n\n{body(rest)}\n"
    )


def to_pdf(blocks: list[st.Block], meta: Meta) -> bytes:
    """The document as an A4 PDF with embedded fonts and page numbers."""
    compiler = _compiler()
    with tempfile.TemporaryDirectory(prefix="zorgroute-pdf-") as tmp:
        root = Path(tmp)
        logo_name = None
        if meta.logo is not None:
            logo_name = f"logo{meta.logo.suffix}"
            (root / logo_name).write_bytes(meta.logo.data)
        main = root / "document.typ"
        main.write_text(source(blocks, meta, logo_name), encoding="utf-8")
        try:
            data = compiler.compile(input=str(main), root=str(root), format="pdf")
        except Exception as exc:  # typst raises its own error types; none may reach a user
            raise ValidationFailed(
                "de PDF kon niet worden gemaakt",
                hint="controleer het logo in zorgroute.yaml (PNG, JPEG of GIF); maak anders "
                "alleen Markdown, HTML of Word",
            ) from exc
    if not isinstance(data, bytes):
        raise ValidationFailed("de PDF kon niet worden gemaakt")
    return data
