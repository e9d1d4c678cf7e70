"""Blocks to OpenDocument text (.odt) with odfpy, in the school's reference document if any.

Like the Word output: with `reference_odt` the output is that document with its body
replaced, so its styles, page layout, header and footer stay; styles are used by their
display name ("Heading 1", "List Bullet" ...). Without one zorgroute defines a small set of
styles, an A4 page with the school's name in the header and "pagina X van Y" in the footer.
"""

from __future__ import annotations

import io
from typing import Any

from zorgroute.documents.formats import structure as st
from zorgroute.documents.formats.meta import WINDOW, Meta
from zorgroute.errors import Problem, ValidationFailed

ACCENT = "#2f5d7c"


def _reference_error(message: str) -> ValidationFailed:
    return ValidationFailed(
        "het ODT-sjabloon van de school kan niet worden gebruikt",
        [
            Problem(
                "zorgroute.yaml",
                0,
                0,
                "letterhead.reference_odt",
                message,
                "briefhoofd",
                "geef het pad van een .odt-bestand in de repository, of laat de instelling weg",
            )
        ],
    )


def _styles_by_display(doc: Any) -> dict[str, str]:
    """Display name (or name) -> internal style name, of the document's common styles."""
    from odf.namespaces import STYLENS

    out: dict[str, str] = {}
    for style in doc.styles.childNodes:
        name = style.attributes.get((STYLENS, "name"))
        if not name:
            continue
        display = style.attributes.get((STYLENS, "display-name")) or name.replace("_20_", " ")
        out[str(display)] = str(name)
        out[str(name)] = str(name)
    return out


def _default_styles(doc: Any, meta: Meta) -> None:
    from odf.style import (
        Footer,
        Header,
        MasterPage,
        PageLayout,
        PageLayoutProperties,
        ParagraphProperties,
        Style,
        TextProperties,
    )
    from odf.text import P, PageCount, PageNumber

    def para(
        name: str,
        display: str,
        size: str = "10.5pt",
        bold: bool = False,
        color: str | None = None,
        above: str = "0cm",
        below: str = "0.2cm",
    ) -> None:
        style = Style(name=name, displayname=display, family="paragraph")
        props: dict[str, str] = {"fontsize": str(size), "fontfamily": "Arial"}
        if bold:
            props["fontweight"] = "bold"
        if color:
            props["color"] = color
        style.addElement(TextProperties(**props))
        style.addElement(ParagraphProperties(margintop=above, marginbottom=below))
        doc.styles.addElement(style)

    para("Standard", "Standard")
    para("Text_20_body", "Text body")
    for level, size in ((1, "16pt"), (2, "12.5pt"), (3, "11pt"), (4, "10.5pt")):
        para(f"Heading_20_{level}", f"Heading {level}", size, True, ACCENT, "0.35cm", "0.15cm")
    para("Quotations", "Quotations", color="#333333")
    para("Table_20_Contents", "Table Contents", below="0cm")
    para("Table_20_Heading", "Table Heading", bold=True, below="0cm")
    para("Adres", "Adres", below="0cm")  # in a frame where a window envelope shows it
    para("Vertrouwelijk", "Vertrouwelijk", color="#a33333")
    para("Toelichting", "Toelichting", "9pt", color="#555555")
    para("Header", "Header", "14pt", True, ACCENT)
    para("Footer", "Footer", "8pt", color="#555555")
    layout = PageLayout(name="zrPage")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            margintop="1.8cm",
            marginbottom="1.8cm",
            marginleft="2.2cm",
            marginright="2.2cm",
            printorientation="portrait",
        )
    )
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(stylename="Header", text=meta.school))
    for line in meta.lines:
        header.addElement(P(stylename="Footer", text=line))
    master.addElement(header)
    footer = Footer()
    text = P(stylename="Footer", text=meta.footer_text() + " · pagina ")
    text.addElement(PageNumber(selectpage="current", text="1"))
    text.addText(" van ")
    text.addElement(PageCount(text="1"))
    footer.addElement(text)
    master.addElement(footer)
    doc.masterstyles.addElement(master)


class _Writer:
    def __init__(self, doc: Any) -> None:
        from odf.style import Style, TextProperties

        self.doc = doc
        self.names = _styles_by_display(doc)
        self.spans: dict[tuple[bool, bool, bool], Any] = {}
        for bold in (False, True):
            for italic in (False, True):
                for code in (False, True):
                    if not (bold or italic or code):
                        continue
                    props: dict[str, str] = {}
                    if bold:
                        props["fontweight"] = "bold"
                    if italic:
                        props["fontstyle"] = "italic"
                    if code:
                        props["fontfamily"] = "Courier New"
                    style = Style(name=f"zrT{int(bold)}{int(italic)}{int(code)}", family="text")
                    style.addElement(TextProperties(**props))
                    doc.automaticstyles.addElement(style)
                    self.spans[(bold, italic, code)] = style
        self.list_styles: dict[bool, Any] = {}
        self._list_styles()
        self._table_styles()
        self._window_styles()
        self.after_address = False

    def _window_styles(self) -> None:
        """The frame of the address (fixed on the page, no text beside it) and the first
        paragraph after it, which starts inside the window's height and so below it."""
        from odf.style import GraphicProperties, ParagraphProperties, Style

        frame = Style(name="zrWindow", family="graphic")
        frame.addElement(
            GraphicProperties(
                wrap="none",
                verticalpos="from-top",
                verticalrel="page",
                horizontalpos="from-left",
                horizontalrel="page",
                border="none",
                padding="0cm",
                fill="none",
                shadow="none",
                stroke="none",
                backgroundcolor="transparent",
            )
        )
        self.doc.automaticstyles.addElement(frame)
        self.window_style = frame
        after = Style(
            name="zrBelowWindow", family="paragraph", parentstylename=self.style("Text body")
        )
        after.addElement(ParagraphProperties(margintop=f"{WINDOW.top - 10:g}mm"))
        self.doc.automaticstyles.addElement(after)

    def window(self, parent: Any, blocks: list[st.Block]) -> None:
        """The address block in a frame anchored to the first page at `WINDOW`."""
        from odf.draw import Frame, TextBox

        frame = Frame(
            stylename=self.window_style,
            anchortype="page",
            anchorpagenumber=1,
            x=f"{WINDOW.left:g}mm",
            y=f"{WINDOW.top:g}mm",
            width=f"{WINDOW.width:g}mm",
            height=f"{WINDOW.height:g}mm",
            name="Adres",
        )
        box = TextBox()
        self.blocks(box, blocks, "address")
        frame.addElement(box)
        parent.addElement(frame)
        self.after_address = True

    def _table_styles(self) -> None:
        """Cell borders, a shaded header row, tall rows to sign in."""
        from odf.style import Style, TableCellProperties, TableRowProperties

        border = "0.5pt solid #9aa9b5"
        for name, extra in (("zrCell", {}), ("zrHead", {"backgroundcolor": "#e6edf2"})):
            cell = Style(name=name, family="table-cell")
            cell.addElement(TableCellProperties(border=border, padding="0.08cm", **extra))
            self.doc.automaticstyles.addElement(cell)
        row = Style(name="zrSignRow", family="table-row")
        row.addElement(TableRowProperties(minrowheight="1.5cm"))
        self.doc.automaticstyles.addElement(row)

    def _list_styles(self) -> None:
        from odf.style import ListLevelProperties
        from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

        for ordered in (False, True):
            style = ListStyle(name=f"zrList{int(ordered)}")
            for level in range(1, 4):
                level_style: Any = (
                    ListLevelStyleNumber(level=level, numsuffix=".", numformat="1")
                    if ordered
                    else ListLevelStyleBullet(level=level, bulletchar="•")
                )
                level_style.addElement(
                    ListLevelProperties(
                        spacebefore=f"{0.6 * (level - 1):.1f}cm", minlabelwidth="0.6cm"
                    )
                )
                style.addElement(level_style)
            self.doc.automaticstyles.addElement(style)
            self.list_styles[ordered] = style

    def style(self, display: str, fallback: str = "Standard") -> str:
        return self.names.get(display) or self.names.get(fallback) or "Standard"

    def runs(self, element: Any, spans: st.Inlines) -> None:
        from odf import teletype
        from odf.text import LineBreak, Span

        for span in spans:
            if span.hard:
                element.addElement(LineBreak())
                continue
            key = (span.bold, span.italic, span.code)
            if key in self.spans:
                holder = Span(stylename=self.spans[key])
                teletype.addTextToElement(holder, span.text)
                element.addElement(holder)
            else:
                teletype.addTextToElement(element, span.text)

    def para(self, parent: Any, spans: st.Inlines, style: str) -> None:
        from odf.text import P

        if self.after_address and parent is self.doc.text:
            style, self.after_address = "zrBelowWindow", False
        p = P(stylename=style)
        self.runs(p, spans)
        parent.addElement(p)

    def blocks(self, parent: Any, blocks: list[st.Block], div: str = "") -> None:
        for block in blocks:
            self.block(parent, block, div)

    def block(self, parent: Any, block: st.Block, div: str) -> None:
        from odf.text import H, List, ListItem

        plain = self.style(
            {"address": "Adres", "confidential": "Vertrouwelijk", "note": "Toelichting"}.get(
                div, "Text body"
            )
        )
        if isinstance(block, st.Heading):
            h = H(outlinelevel=block.level, stylename=self.style(f"Heading {block.level}"))
            self.runs(h, block.inlines)
            parent.addElement(h)
        elif isinstance(block, st.Para):
            self.para(parent, block.inlines, plain)
        elif isinstance(block, st.ListBlock):
            lst = List(stylename=self.list_styles[block.ordered])
            for item in block.items:
                li = ListItem()
                self.blocks(li, item, div)
                lst.addElement(li)
            parent.addElement(lst)
        elif isinstance(block, st.Table):
            self.table(parent, block, div)
        elif isinstance(block, st.Quote):
            for inner in block.blocks:
                if isinstance(inner, st.Para):
                    self.para(parent, inner.inlines, self.style("Quotations", plain))
                else:
                    self.block(parent, inner, div)
        elif isinstance(block, st.Div) and block.name == "address" and parent is self.doc.text:
            self.window(parent, block.blocks)
        elif isinstance(block, st.Div):
            self.blocks(parent, block.blocks, block.name)
        elif isinstance(block, st.Rule):
            self.para(parent, [], plain)
        else:
            self.para(parent, [st.Span(block.text, code=True)], plain)

    def table(self, parent: Any, block: st.Table, div: str) -> None:
        from odf.table import Table, TableCell, TableColumn, TableRow

        columns = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=columns))
        rows = ([(block.header, True)] if block.header else []) + [(r, False) for r in block.rows]
        for row, head in rows:
            tr = TableRow(stylename="zrSignRow") if div == "signatures" and not head else TableRow()
            for c in range(columns):
                cell = TableCell(valuetype="string", stylename="zrHead" if head else "zrCell")
                spans = row[c] if c < len(row) else []
                self.para(cell, spans, self.style("Table Heading" if head else "Table Contents"))
                tr.addElement(cell)
            table.addElement(tr)
        parent.addElement(table)
        self.para(parent, [], self.style("Text body"))


def _open(meta: Meta) -> Any:
    from odf.opendocument import OpenDocumentText, load

    if meta.reference_odt is None:
        doc = OpenDocumentText()
        _default_styles(doc, meta)
        return doc
    try:
        doc = load(str(meta.reference_odt))
    except Exception:  # a damaged or foreign file: odfpy raises many kinds
        raise _reference_error("het bestand is geen geldig ODT-document") from None
    for child in list(doc.text.childNodes):
        doc.text.removeChild(child)
    return doc


def to_odt(blocks: list[st.Block], meta: Meta) -> bytes:
    """The document as an OpenDocument text file, from the same blocks as the PDF."""
    from odf import dc

    doc = _open(meta)
    for element in list(doc.meta.childNodes):
        doc.meta.removeChild(element)
    doc.meta.addElement(dc.Title(text=meta.title))
    _Writer(doc).blocks(doc.text, blocks)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
