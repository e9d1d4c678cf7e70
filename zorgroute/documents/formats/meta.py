"""What a format needs to know about a document besides its body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Window:
    """Where a window envelope shows the address (DIN 5008 form B, as in the PDF layout):
    the address field, measured from the top left corner of the page, in millimetres. The
    letter itself starts below `body_from`."""

    left: float = 22.0
    top: float = 50.0
    width: float = 85.0
    height: float = 40.0

    @property
    def bottom(self) -> float:
        return self.top + self.height


WINDOW = Window()


@dataclass(frozen=True)
class Logo:
    data: bytes
    suffix: str  # ".png", ".jpg", ".gif"


@dataclass(frozen=True)
class Meta:
    """The frame around a body: letterhead, footer, and the school's own reference files.

    `day` is the document date in Dutch words ("23 november 2026"); the footer shows it with
    the school's name, the title and "pagina X van Y". When the school gives a reference
    document (`reference_docx`, `reference_odt`) its styles, page setup, header and footer
    are the letterhead, and the built-in letterhead is left out of that format.
    """

    title: str
    school: str
    day: str
    lines: tuple[str, ...] = ()
    footer: str | None = None
    logo: Logo | None = None
    confidential: bool = True
    reference_docx: Path | None = None
    reference_odt: Path | None = None

    def footer_text(self) -> str:
        parts = [self.school, self.title, self.day]
        if self.footer:
            parts.insert(1, self.footer)
        if self.confidential:
            parts.append("vertrouwelijk")
        return " · ".join(p for p in parts if p)
