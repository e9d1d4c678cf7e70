"""A rendered document's Markdown as a small tree of blocks, the one source for PDF, DOCX, ODT.

The HTML comes from the same Markdown through markdown-it; this module walks markdown-it's
tokens instead of its HTML, so every format sees the same headings, paragraphs, lists and
tables. `::: name` ... `:::` fences (address block, signatures, confidential part, note)
become a `Div` that a format may lay out in its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

_FENCE = re.compile(r"^:::\s*([a-z][a-z0-9-]*)?\s*$")


@dataclass(frozen=True)
class Span:
    """A run of text with one style; `text == "\\n"` with `hard` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    hard: bool = False  # a hard line break, not text


Inlines = list[Span]


@dataclass
class Heading:
    level: int
    inlines: Inlines


@dataclass
class Para:
    inlines: Inlines


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    start: int = 1


@dataclass
class Table:
    header: list[Inlines]
    rows: list[list[Inlines]]


@dataclass
class Quote:
    blocks: list[Block]


@dataclass
class Div:
    name: str
    blocks: list[Block]


@dataclass
class Rule:
    pass


@dataclass
class Code:
    text: str


Block = Heading | Para | ListBlock | Table | Quote | Div | Rule | Code


def plain(inlines: Inlines) -> str:
    """The text of inline content, line breaks as newlines."""
    return "".join("\n" if s.hard else s.text for s in inlines)


def headings(blocks: list[Block]) -> list[tuple[int, str]]:
    """Every heading, in reading order, also those inside divs and quotes."""
    out: list[tuple[int, str]] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append((block.level, plain(block.inlines)))
        elif isinstance(block, Div | Quote):
            out += headings(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                out += headings(item)
    return out


@dataclass
class _Style:
    bold: int = 0
    italic: int = 0
    links: list[str] = field(default_factory=list)


def _inlines(token: Any) -> Inlines:
    out: Inlines = []
    style = _Style()
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            if child.content:
                out.append(
                    Span(
                        child.content,
                        style.bold > 0,
                        style.italic > 0,
                        link=style.links[-1] if style.links else None,
                    )
                )
        elif kind == "softbreak":
            out.append(Span(" ", style.bold > 0, style.italic > 0))
        elif kind == "hardbreak":
            out.append(Span("\n", hard=True))
        elif kind == "strong_open":
            style.bold += 1
        elif kind == "strong_close":
            style.bold -= 1
        elif kind == "em_open":
            style.italic += 1
        elif kind == "em_close":
            style.italic -= 1
        elif kind == "code_inline":
            out.append(Span(child.content, style.bold > 0, style.italic > 0, code=True))
        elif kind == "link_open":
            style.links.append(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            if style.links:
                style.links.pop()
        elif kind == "image":
            alt = "".join(c.content for c in child.children or [])
            if alt:
                out.append(Span(alt, style.bold > 0, style.italic > 0))
        elif child.content:  # anything else with text (html is switched off): keep the text
            out.append(Span(child.content, style.bold > 0, style.italic > 0))
    return _merge(out)


def _merge(spans: Inlines) -> Inlines:
    """Join neighbouring spans of the same style (fewer runs in DOCX and ODT)."""
    out: Inlines = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not span.hard
            and not prev.hard
            and (prev.bold, prev.italic, prev.code, prev.link)
            == (span.bold, span.italic, span.code, span.link)
        ):
            out[-1] = Span(prev.text + span.text, span.bold, span.italic, span.code, span.link)
        else:
            out.append(span)
    return out


def _blocks(tokens: list[Any], pos: int, close: str | None) -> tuple[list[Block], int]:
    """Blocks from `tokens[pos:]` up to the token of type `close` (or the end)."""
    out: list[Block] = []
    while pos < len(tokens):
        tok = tokens[pos]
        kind = tok.type
        if close is not None and kind == close:
            return out, pos + 1
        if kind == "heading_open":
            out.append(Heading(int(tok.tag[1:]), _inlines(tokens[pos + 1])))
            pos += 3
        elif kind == "paragraph_open":
            out.append(Para(_inlines(tokens[pos + 1])))
            pos += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(tok.attrs.get("start", 1)) if ordered else 1
            end = kind.replace("_open", "_close")
            items: list[list[Block]] = []
            pos += 1
            while tokens[pos].type != end:
                item, pos = _blocks(tokens, pos + 1, "list_item_close")
                items.append(item)
            out.append(ListBlock(ordered, items, start))
            pos += 1
        elif kind == "blockquote_open":
            inner, pos = _blocks(tokens, pos + 1, "blockquote_close")
            out.append(Quote(inner))
        elif kind == "table_open":
            table, pos = _table(tokens, pos + 1)
            out.append(table)
        elif kind == "hr":
            out.append(Rule())
            pos += 1
        elif kind in ("fence", "code_block"):
            out.append(Code(tok.content.rstrip("\n")))
            pos += 1
        elif kind == "inline":
            out.append(Para(_inlines(tok)))
            pos += 1
        else:
            pos += 1
    return out, pos


def _table(tokens: list[Any], pos: int) -> tuple[Table, int]:
    header: list[Inlines] = []
    rows: list[list[Inlines]] = []
    row: list[Inlines] = []
    in_head = False
    while tokens[pos].type != "table_close":
        kind = tokens[pos].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        elif kind == "inline":
            row.append(_inlines(tokens[pos]))
        pos += 1
    return Table(header, rows), pos + 1


@cache
def _parser() -> Any:
    """One parser per process; building it costs more than parsing a letter."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "breaks": False, "typographer": False}).enable(
        "table"
    )


def parse(markdown: str) -> list[Block]:
    """The Markdown of a document (CommonMark with tables, raw HTML off) as blocks."""
    parser = _parser()
    root: list[Block] = []
    stack: list[Div] = []
    chunk: list[str] = []

    def target() -> list[Block]:
        return stack[-1].blocks if stack else root

    def flush() -> None:
        if chunk:
            blocks, _ = _blocks(parser.parse("\n".join(chunk)), 0, None)
            target().extend(blocks)
            chunk.clear()

    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if m and m.group(1):
            flush()
            div = Div(m.group(1), [])
            target().append(div)
            stack.append(div)
        elif m and stack:
            flush()
            stack.pop()
        else:
            chunk.append(line)
    flush()
    return root


def without_address(blocks: list[Block]) -> tuple[list[Block], Div | None]:
    """The blocks with the first top-level `address` div taken out, and that div."""
    for i, block in enumerate(blocks):
        if isinstance(block, Div) and block.name == "address":
            return blocks[:i] + blocks[i + 1 :], block
    return blocks, None
