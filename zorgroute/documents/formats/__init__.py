"""Output formats of a rendered document: PDF (Typst), Word (.docx) and OpenDocument (.odt).

Each takes the document's Markdown, the same text the .md and .html files are made from,
plus a `Meta` (title, school, date, letterhead, the school's reference documents), and
returns the file's bytes. Template content and these formats change independently.
"""

from __future__ import annotations

from zorgroute.documents.formats.meta import Logo, Meta


def to_pdf(markdown: str, meta: Meta) -> bytes:
    from zorgroute.documents.formats import pdf, structure

    return pdf.to_pdf(structure.parse(markdown), meta)


def to_docx(markdown: str, meta: Meta) -> bytes:
    from zorgroute.documents.formats import structure, word

    return word.to_docx(structure.parse(markdown), meta)


def to_odt(markdown: str, meta: Meta) -> bytes:
    from zorgroute.documents.formats import odt, structure

    return odt.to_odt(structure.parse(markdown), meta)


def pdf_available() -> bool:
    from zorgroute.documents.formats.pdf import available

    return available()


__all__ = ["Logo", "Meta", "pdf_available", "to_docx", "to_odt", "to_pdf"]
