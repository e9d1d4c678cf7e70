"""Blocks to Word (.docx) with python-docx, in the school's own reference document if it has one.

With `reference_docx` the output is that document emptied of its body: its styles, page
setup, header and footer (the school's letterhead) stay, and the letter is written with its
styles ("Heading 1", "List Bullet", "Table Grid", ...; a style the reference lacks falls back
to the normal style). Without one zorgroute makes a plain A4 document with the school's name
in the header and "pagina X van Y" in the footer.
"""

from __future__ import annotations

import io
from typing import Any

from zorgroute.documents.formats import structure as st
from zorgroute.documents.formats.meta import WINDOW, Meta
from zorgroute.errors import Problem, ValidationFailed

ACCENT = "2F5D7C"
# paragraph styles of zorgroute's own parts; a reference document may define them too
ADDRESS = "Adres"
CONFIDENTIAL = "Vertrouwelijk"
NOTE = "Toelichting"


def _reference_error(path: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        "het Word-sjabloon van de school kan niet worden gebruikt",
        [
            Problem(
                "zorgroute.yaml",
                0,
                0,
                "letterhead.reference_docx",
                message,
                "briefhoofd",
                "geef het pad van een .docx-bestand in de repository, of laat de instelling weg",
            )
        ],
    )


def _open(meta: Meta) -> Any:
    from docx import Document

    if meta.reference_docx is None:
        return Document()
    try:
        doc = Document(str(meta.reference_docx))
    except Exception:  # a damaged or foreign file: python-docx raises many kinds
        raise _reference_error(
            str(meta.reference_docx), "het bestand is geen geldig Word-document (.docx)"
        ) from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def _style(doc: Any, name: str, fallback: str = "Normal") -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        try:
            return doc.styles[fallback]
        except KeyError:
            return None


def _own_styles(doc: Any) -> None:
    """zorgroute's paragraph styles, added only where the document lacks them."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    names = {s.name for s in doc.styles}
    specs = ((ADDRESS, None, None), (CONFIDENTIAL, "A33333", None), (NOTE, "555555", 9))
    for name, color, size in specs:
        if name in names:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        if color:
            style.font.color.rgb = RGBColor.from_string(color)
        if size:
            style.font.size = Pt(size)


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_setup(doc: Any, meta: Meta) -> None:
    """A4, margins, the letterhead in the header, the footer with page numbers."""
    from docx.shared import Mm, Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for level, size in ((1, 16), (2, 12.5), (3, 11)):
        heading = _style(doc, f"Heading {level}")
        if heading is not None and heading.name == f"Heading {level}":
            heading.font.name = "Arial"
            heading.font.size = Pt(size)
            heading.font.color.rgb = RGBColor.from_string(ACCENT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    _letterhead(section.header.paragraphs[0], meta)


def _letterhead(header: Any, meta: Meta) -> None:
    """The school's logo, name and lines in a header paragraph."""
    from docx.shared import Mm, Pt, RGBColor

    if meta.logo is not None:
        try:
            header.add_run().add_picture(io.BytesIO(meta.logo.data), height=Mm(14))
            header.add_run("   ")
        except Exception:  # an image python-docx cannot read: the name alone will do
            pass
    name = header.add_run(meta.school)
    name.bold = True
    name.font.size = Pt(14)
    name.font.color.rgb = RGBColor.from_string(ACCENT)
    for line in meta.lines:
        run = header.add_run()
        run.add_break()
        run.add_text(line)
        run.font.size = Pt(8.5)


def _letter_page(doc: Any, meta: Meta) -> None:
    """On the first page of a letter the header (the letterhead) reaches down to the top
    of the window, so the text starts there: its first line, which would run into the
    address frame, goes below it, and nothing of the letter stands above the window. The
    other pages keep the normal header and margin."""
    from docx.shared import Mm

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(12)
    header = section.first_page_header.paragraphs[0]
    _letterhead(header, meta)
    spacer = section.first_page_header.add_paragraph()
    # the letterhead takes at most about 15 mm below the header's top at 12 mm
    spacer.paragraph_format.space_before = Mm(WINDOW.top - 12 - 15)
    _footer_into(section.first_page_footer.paragraphs[0], meta)


def _footer(doc: Any, meta: Meta) -> None:
    _footer_into(doc.sections[0].footer.paragraphs[0], meta)


def _footer_into(footer: Any, meta: Meta) -> None:
    from docx.shared import Pt

    footer.text = ""
    run = footer.add_run(meta.footer_text() + " · pagina ")
    run.font.size = Pt(8)
    _field(footer, "PAGE")
    tail = footer.add_run(" van ")
    tail.font.size = Pt(8)
    _field(footer, "NUMPAGES")


def _runs(paragraph: Any, spans: st.Inlines) -> None:
    for span in spans:
        if span.hard:
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(span.text)
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
        if span.code:
            run.font.name = "Courier New"


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def in_window(paragraph: Any) -> None:
    """Put an address paragraph where a window envelope shows it: a frame at a fixed place
    on the page (`WINDOW`), with no text beside it. Consecutive framed paragraphs share one
    frame, so the address lines stay together."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w:w", _twips(WINDOW.width)),
        ("w:h", _twips(WINDOW.height)),
        ("w:hRule", "exact"),
        ("w:wrap", "notBeside"),
        ("w:vAnchor", "page"),
        ("w:hAnchor", "page"),
        ("w:x", _twips(WINDOW.left)),
        ("w:y", _twips(WINDOW.top)),
    ):
        frame.set(qn(key), value)
    ppr = paragraph._p.get_or_add_pPr()
    style = ppr.find(qn("w:pStyle"))
    # framePr follows pStyle, keepNext, keepLines and pageBreakBefore in a paragraph's
    # properties; the address paragraphs have only a style
    if style is not None:
        style.addnext(frame)
    else:
        ppr.insert(0, frame)


class _Writer:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids: dict[tuple[str, str], str | None] = {}

    def style_id(self, style: str, fallback: str) -> str | None:
        """The style's id, looked up once: python-docx's own lookup per paragraph is slow."""
        key = (style, fallback)
        if key not in self.ids:
            found = _style(self.doc, style, fallback)
            self.ids[key] = None if found is None else str(found.style_id)
        return self.ids[key]

    def para(self, spans: st.Inlines, style: str, fallback: str = "Normal") -> Any:
        paragraph = self.doc.add_paragraph()
        style_id = self.style_id(style, fallback)
        if style_id is not None:
            paragraph._p.style = style_id  # the pStyle element, set directly
        if style == ADDRESS:
            in_window(paragraph)
            self.after_address = False
        _runs(paragraph, spans)
        return paragraph

    def blocks(self, blocks: list[st.Block], div: str = "", depth: int = 0) -> None:
        for block in blocks:
            self.block(block, div, depth)

    def block(self, block: st.Block, div: str, depth: int) -> None:
        plain = {"address": ADDRESS, "confidential": CONFIDENTIAL, "note": NOTE}.get(div, "Normal")
        if isinstance(block, st.Heading):
            self.para(block.inlines, f"Heading {min(block.level, 9)}")
        elif isinstance(block, st.Para):
            self.para(block.inlines, plain)
        elif isinstance(block, st.ListBlock):
            kind = "List Number" if block.ordered else "List Bullet"
            name = kind if depth == 0 else f"{kind} {min(depth + 1, 3)}"
            for item in block.items:
                for i, inner in enumerate(item):
                    if isinstance(inner, st.Para):
                        self.para(
                            inner.inlines,
                            name if i == 0 else "List Continue",
                            fallback=kind if i == 0 else plain,
                        )
                    else:
                        self.block(inner, div, depth + 1)
        elif isinstance(block, st.Table):
            self.table(block, div)
        elif isinstance(block, st.Quote):
            for inner in block.blocks:
                if isinstance(inner, st.Para):
                    self.para(inner.inlines, "Quote", plain)
                else:
                    self.block(inner, div, depth)
        elif isinstance(block, st.Div):
            self.blocks(block.blocks, block.name, depth)
        elif isinstance(block, st.Rule):
            self.para([], plain)
        else:
            self.para([st.Span(block.text, code=True)], plain)

    def table(self, block: st.Table, div: str) -> None:
        from docx.shared import Cm

        columns = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        rows = ([block.header] if block.header else []) + block.rows
        table = self.doc.add_table(rows=len(rows), cols=columns)
        style = _style(self.doc, "Table Grid", "")
        if style is not None:
            table.style = style
        for r, row in enumerate(rows):
            for c in range(columns):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                spans = row[c] if c < len(row) else []
                if r == 0 and block.header:
                    spans = [st.Span(s.text, True, s.italic, s.code, s.link, s.hard) for s in spans]
                _runs(paragraph, spans)
            if div == "signatures" and r > 0:
                table.rows[r].height = Cm(1.5)
        self.para([], "Normal")


def to_docx(blocks: list[st.Block], meta: Meta) -> bytes:
    """The document as a Word file, from the same blocks as the PDF."""
    doc = _open(meta)
    if meta.reference_docx is None:
        _page_setup(doc, meta)
        _footer(doc, meta)
        if any(isinstance(b, st.Div) and b.name == "address" for b in blocks):
            _letter_page(doc, meta)
    _own_styles(doc)
    props = doc.core_properties
    props.title = meta.title
    props.author = meta.school
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.last_modified_by = meta.school
    _Writer(doc).blocks(blocks)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
